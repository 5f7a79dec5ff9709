"""Issue 11 §3 and §4: what a CPNS and a temporarily dismissed PNS may go through, the
performance of a CPNS, and the retirement age of a JF with its own law -- rule by rule,
through the service and through the API."""

from __future__ import annotations

from datetime import date

import pytest

from decisions.attachments import store_attachment
from decisions.policy import PolicyBlocked
from decisions.services import ItemInput, case_create
from personnel.models import Employee, Position, ServiceBond, SkpRating, Training
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory
from workflows.services import case_submit

from .helpers import at, of_rule, run, severity

P, L = Position.Kind, Position.FunctionalLevel
TMT = date(2026, 6, 1)  # decided on 2026-03-02 (helpers.TODAY)


@pytest.fixture
def new_cpns(person):
    """Appointed CPNS on 01-09-2025, six months before the decision."""
    return person(status=Employee.Status.CPNS, birth=date(1999, 5, 5), tmt=date(2025, 9, 1))


# -- a CPNS -----------------------------------------------------------------------------------


def test_a_cpns_asking_to_resign_gets_a_finding_not_a_pns_resignation_decree(new_cpns):
    """Issue 11 §3: a CPNS is dismissed *as a CPNS* (PP 11/2017 Ps. 37; Peraturan BKN 3/2020
    Ps. 6), without pension -- never by the PNS own-request decree."""
    [finding] = of_rule(
        run("dismissal_own_request", [new_cpns], effective=TMT, data={"request_date": "2026-02-27"}),
        "cpns_status",
    )
    assert finding.severity == "block"
    assert finding.basis.startswith("PP 11/2017 Ps. 37")
    assert finding.facts == {"status": "cpns", "tmt_cpns": "2025-09-01", "kind": "dismissal_own_request"}


@pytest.mark.parametrize(
    ("kind", "target", "expected", "basis"),
    [
        ("transfer", P.PELAKSANA, "block", "PP 11/2017 Ps. 34"),  # serves the probation in its formation
        ("appointment_structural", P.PENGAWAS, "block", "PP 11/2017 sebagaimana diubah PP 17/2020"),
        ("transfer_out", None, "block", "PP 11/2017 Ps. 34"),
        ("dismissal_retirement", None, "block", "PP 11/2017 Ps. 37"),
        ("dismissal_death", None, None, None),  # the one dismissal that applies to a CPNS too
        ("appointment_pns", None, None, None),
    ],
)
def test_what_a_cpns_may_and_may_not_go_through(new_cpns, post, kind, target, expected, basis):
    """PP 11/2017 Ps. 34-37: only a PNS is transferred, appointed to a post or dismissed as PNS."""
    item = (new_cpns, post(target)) if target else new_cpns
    [*found] = of_rule(run(kind, [item], effective=TMT), "cpns_status")
    assert (found[0].severity if found else None) == expected
    if basis:
        assert found[0].basis.startswith(basis)


def test_only_a_cpns_is_appointed_pns(person):
    assert severity(run("appointment_pns", [person()], effective=TMT), "cpns_status") == "block"


def test_the_cpns_needs_a_good_rating_for_the_probation(new_cpns):
    """Rule 8 for a CPNS (skp_years_cpns): the 2025 rating, set by 31-01-2026, at least good."""
    SkpRating.objects.filter(employee=new_cpns).delete()
    findings = run("appointment_pns", [new_cpns], effective=date(2026, 9, 1))
    [finding] = of_rule(findings, "performance")
    assert finding.severity == "block" and finding.facts["years"] == [2025]
    SkpRating.objects.create(employee=new_cpns, year=2025, rating="butuh_perbaikan")
    assert severity(run("appointment_pns", [new_cpns], effective=date(2026, 9, 1)), "performance") == "block"
    SkpRating.objects.filter(employee=new_cpns).update(rating="baik")
    assert severity(run("appointment_pns", [new_cpns], effective=date(2026, 9, 1)), "performance") is None


def test_a_cpns_appointed_in_january_waits_for_no_rating_before_their_service(person):
    """No rating is asked for a year before the TMT CPNS; the first one pending warns."""
    employee = person(
        status=Employee.Status.CPNS, birth=date(1999, 5, 5), tmt=date(2026, 1, 1), good_ratings=False
    )
    Training.objects.create(
        employee=employee, kind="latsar", name="Latsar", start=date(2026, 4, 1), end=date(2026, 5, 20)
    )
    findings = run(
        "appointment_pns",
        [employee],
        effective=date(2027, 1, 1),
        on=date(2027, 1, 10),
        files=("health_statement",),
    )
    [finding] = of_rule(findings, "performance")
    assert (finding.severity, finding.facts["years"], finding.facts["pending"]) == ("warn", [], 2026)
    assert of_rule(findings, "pns_appointment") == []


def test_the_service_blocks_a_cpns_resignation_at_submission(city):
    """Issue 11 §3 through the service: an APS for someone appointed CPNS six months ago is
    drafted, then stopped at submission with the reason and its basis."""
    with at(date(2026, 12, 2)):
        newcomer = EmployeeFactory(
            status=Employee.Status.CPNS,
            birth=date(2000, 1, 9),
            tmt=date(2026, 6, 1),
            position=PositionFactory(unit=city.dishub),
            position_since=date(2026, 6, 1),
            rank_since=date(2026, 6, 1),
        )
        case = case_create(
            actor=city.clerk,
            kind="dismissal_own_request",
            items=[ItemInput(employee=newcomer)],
            effective_date=date(2027, 1, 1),
            reason="Mengundurkan diri.",
            data={"request_date": "2026-11-30"},
        )
        store_attachment(
            case=case, actor=city.clerk, kind="request_letter", name="surat.pdf", content=small_pdf()
        )
        with pytest.raises(PolicyBlocked) as raised:
            case_submit(case_id=case.pk, actor=city.clerk)
    assert raised.value.extra["unresolved"] == ["cpns_status#1"]


# -- a PNS temporarily dismissed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 2, 1), None, "block"),  # still running on the decision date
        (date(2026, 5, 1), date(2026, 9, 30), "block"),  # will run on the TMT
        (date(2025, 1, 1), date(2026, 3, 1), None),  # reinstated the day before the decision
    ],
)
def test_a_temporary_dismissal_blocks_every_move(person, post, start, end, expected):
    """PP 11/2017 Ps. 276-281: removed from the post while it lasts; judged on the decision date
    and on the TMT."""
    employee = person(
        status=Employee.Status.SUSPENDED
        if end is None or end >= date(2026, 3, 2)
        else Employee.Status.ACTIVE,
        suspended_from=start,
        suspended_until=end,
        suspension_decree="800.1.6.4/77/BKPSDM/2026",
    )
    for kind, item in (
        ("transfer", (employee, post())),
        ("appointment_structural", (employee, post(P.PENGAWAS))),
    ):
        assert severity(run(kind, [item], effective=TMT), "temporary_dismissal") == expected


def test_a_temporarily_dismissed_pns_can_still_be_retired_or_dismissed(person):
    employee = person(status=Employee.Status.SUSPENDED, suspended_from=date(2026, 2, 1))
    for kind in ("dismissal_retirement", "dismissal_death", "dismissal_discipline"):
        findings = run(kind, [employee], effective=TMT)
        assert of_rule(findings, "temporary_dismissal") == [] and of_rule(findings, "active_status") == []


# -- the retirement age of a JF with its own law ---------------------------------------------------


@pytest.mark.parametrize(
    ("jtype", "level", "bup"),
    [
        ("", L.AHLI_MUDA, 58),  # PP 11/2017 Ps. 239
        ("", L.AHLI_MADYA, 60),
        ("guru", L.AHLI_MUDA, 60),  # UU 14/2005 Ps. 30 ayat (4)
        ("guru", L.AHLI_UTAMA, 60),
        ("dosen", L.AHLI_MUDA, 65),  # UU 14/2005 Ps. 67 ayat (4)
        ("dosen", L.AHLI_UTAMA, 70),  # a professor, Ps. 67 ayat (5)
        ("peneliti", L.AHLI_MADYA, 65),  # UU 11/2019 Ps. 53 ayat (1)
        ("perekayasa", L.AHLI_UTAMA, 70),
    ],
)
def test_the_retirement_date_follows_the_jf_type(person, post, jtype, level, bup):
    """A BUP retirement takes effect on the first of the month after the birthday of the age
    the JF's own law sets (rule 21)."""
    position = post(P.FUNCTIONAL, functional_level=level, functional_type=jtype)
    employee = person(position=position, birth=date(1960, 7, 14))
    right = date(1960 + bup, 8, 1)
    assert severity(run("dismissal_retirement", [employee], effective=right), "bup_date") is None
    [wrong] = of_rule(run("dismissal_retirement", [employee], effective=date(1960 + bup, 9, 1)), "bup_date")
    assert wrong.facts["bup_age"] == bup


def test_a_teacher_of_59_is_still_in_service_and_may_be_moved(person, post):
    """UU 14/2005 Ps. 30 ayat (4): at 59 a teacher is a year from retirement, not past it."""
    teacher = person(
        position=post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA, functional_type="guru"),
        birth=date(1967, 1, 20),
    )
    target = post(P.FUNCTIONAL, functional_level=L.AHLI_MUDA, functional_type="guru")
    findings = run("transfer", [(teacher, target)], effective=TMT)
    [finding] = of_rule(findings, "retirement_age")
    assert (finding.severity, finding.facts["bup_age"], finding.facts["retirement_date"]) == (
        "warn",
        60,
        "2027-02-01",
    )


# -- through the API --------------------------------------------------------------------------------


def check(api, user, kind, employee, target=None, **extra):
    item = {"employee": employee.nip}
    if target is not None:
        item["target_position"] = target.code
    body = {"kind": kind, "effective_date": "2027-01-04", "items": [item], **extra}
    with at(date(2026, 12, 2)):
        response = api(user).post("/api/policy/check/", body, format="json")
    assert response.status_code == 200, response.json()
    return {f["rule"]: f for f in response.json()["findings"]}


def test_the_live_check_names_the_cpns_the_suspension_and_the_study_leave(api, city):
    """The same findings through POST /api/policy/check/ (PP 11/2017 Ps. 37 and 276; PP 17/2020
    on study leave)."""
    subject = city.subject
    subject.status = Employee.Status.CPNS
    subject.save(update_fields=["status"])
    found = check(api, city.clerk, "dismissal_own_request", subject, data={"request_date": "2026-11-30"})
    assert found["cpns_status"]["severity"] == "block"

    subject.status, subject.suspended_from = Employee.Status.SUSPENDED, date(2026, 1, 5)
    subject.save(update_fields=["status", "suspended_from"])
    found = check(api, city.clerk, "transfer", subject, city.target)
    assert found["temporary_dismissal"]["facts"]["suspended_from"] == "2026-01-05"

    subject.status, subject.suspended_from = Employee.Status.ACTIVE, None
    subject.save(update_fields=["status", "suspended_from"])
    ServiceBond.objects.create(
        employee=subject, kind="tugas_belajar", start=date(2026, 1, 5), end=date(2028, 1, 4)
    )
    found = check(api, city.clerk, "transfer", subject, city.target)
    assert found["service_bond"]["severity"] == "block" and "tugas belajar" in found["service_bond"]["basis"]


def test_the_live_check_gives_a_teacher_of_59_a_warning_not_a_block(api, city):
    """UU 14/2005 Ps. 30 ayat (4): under the general BUP of 58 this teacher would have retired
    in January 2026; as a guru they retire on 01-01-2028."""
    post = PositionFactory(
        unit=city.dishub, kind=P.FUNCTIONAL, functional_level=L.AHLI_MUDA, functional_type="guru"
    )
    target = PositionFactory(
        unit=city.dishub, kind=P.FUNCTIONAL, functional_level=L.AHLI_MUDA, functional_type="guru"
    )
    teacher = EmployeeFactory(birth=date(1967, 12, 20), tmt=date(1992, 3, 1), position=post)
    found = check(api, city.clerk, "transfer", teacher, target)
    retirement = found["retirement_age"]
    assert (retirement["severity"], retirement["facts"]["bup_age"]) == ("warn", 60)
    assert retirement["facts"]["retirement_date"] == "2028-01-01"
