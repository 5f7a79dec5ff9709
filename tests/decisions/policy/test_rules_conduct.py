"""Rules 9, 10, 20: sanctions and proceedings, study leave and bonds, the APS."""

from __future__ import annotations

from datetime import date

import pytest

from personnel.models import DisciplinarySanction, Position, Proceeding, PublicHoliday, ServiceBond

from .helpers import TODAY, of_rule, run, severity

S = DisciplinarySanction
TMT = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 6, 1), date(2026, 3, 1), None),  # served: ended yesterday
        (date(2025, 6, 1), date(2026, 3, 2), "block"),  # runs today
        (date(2026, 5, 1), date(2026, 6, 1), "block"),  # runs on the effective date
        (date(2026, 6, 2), date(2026, 12, 1), None),  # starts after the move
        (date(2025, 6, 1), None, "block"),  # open-ended
    ],
)
def test_a_sanction_being_served_blocks(person, post, start, end, expected):
    employee = person()
    S.objects.create(employee=employee, level=S.Level.MEDIUM, kind=S.Kind.ALLOWANCE_CUT, start=start, end=end)
    assert severity(run("transfer", [(employee, post())], effective=TMT), "discipline") == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 5), None, "block"),
        (date(2026, 1, 5), date(2026, 3, 1), None),
        (date(2026, 3, 3), None, None),
    ],
)
def test_pending_proceedings_block(person, post, start, end, expected):
    employee = person()
    Proceeding.objects.create(
        employee=employee, kind=Proceeding.Kind.DISCIPLINARY_EXAMINATION, start=start, end=end
    )
    assert severity(run("transfer", [(employee, post())], effective=TMT), "discipline") == expected


@pytest.mark.parametrize(
    ("level", "kind", "expected"),
    [
        (S.Level.LIGHT, "appointment_jpt", None),
        (S.Level.HEAVY, "appointment_jpt", "warn"),
        (S.Level.HEAVY, "transfer", None),
    ],
)
def test_a_served_medium_or_heavy_sanction_warns_for_a_jpt(person, post, level, kind, expected):
    employee = person(position=post(Position.Kind.ADMINISTRATOR))
    S.objects.create(
        employee=employee, level=level, kind=S.Kind.DEMOTION, start=date(2019, 1, 1), end=date(2019, 12, 31)
    )
    target = (
        post(Position.Kind.JPT_PRATAMA) if kind == "appointment_jpt" else post(Position.Kind.ADMINISTRATOR)
    )
    assert severity(run(kind, [(employee, target)], effective=TMT), "discipline") == expected


@pytest.mark.parametrize(
    ("kind", "start", "end", "expected"),
    [
        ("transfer_out", date(2024, 9, 1), date(2026, 3, 1), None),  # ended yesterday
        ("transfer_out", date(2024, 9, 1), date(2026, 3, 2), "block"),  # bound today
        ("transfer_out", date(2026, 5, 1), date(2028, 5, 1), "block"),  # bound on the effective date
        ("dismissal_own_request", date(2024, 9, 1), date(2027, 1, 1), "block"),
    ],
)
def test_study_leave_or_bond_blocks_leaving_the_region_or_resigning(person, post, kind, start, end, expected):
    employee = person()
    ServiceBond.objects.create(employee=employee, kind=ServiceBond.Kind.STUDY_LEAVE, start=start, end=end)
    data = {"request_date": "2026-03-02"}
    assert severity(run(kind, [employee], effective=TMT, data=data), "service_bond") == expected


@pytest.mark.parametrize(
    ("kind", "target", "bond", "expected"),
    [
        ("transfer", Position.Kind.PELAKSANA, ServiceBond.Kind.STUDY_LEAVE, "block"),
        ("appointment_structural", Position.Kind.PENGAWAS, ServiceBond.Kind.STUDY_LEAVE, "block"),
        ("transfer", Position.Kind.PELAKSANA, ServiceBond.Kind.SERVICE_BOND, None),  # binds to the region
    ],
)
def test_study_leave_also_blocks_moves_inside_the_region(person, post, kind, target, bond, expected):
    """A PNS on study leave of more than six months is released from their post (PP 11/2017 as
    amended by PP 17/2020): no internal transfer or appointment while it runs; a service bond
    (ikatan dinas) binds the employee to the region, not to a post."""
    employee = person()
    ServiceBond.objects.create(employee=employee, kind=bond, start=date(2025, 9, 1), end=date(2027, 8, 31))
    [*found] = [f for f in run(kind, [(employee, post(target))], effective=TMT) if f.rule == "service_bond"]
    assert (found[0].severity if found else None) == expected
    if found:
        assert "tugas belajar" in found[0].basis and found[0].facts["bonds"][0]["kind"] == "tugas_belajar"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "block"),  # no request date
        ({"request_date": "2026-02-10"}, None),  # 14 working days end today
        ({"request_date": "2026-02-09"}, "warn"),  # ended on 27-02-2026: late
        ({"request_date": "2025-06-01", "postponed_until": "2026-06-01"}, None),  # exactly a year
        ({"request_date": "2025-06-01", "postponed_until": "2026-06-02"}, "block"),
        ({"request_date": "2025-06-01", "postponed_until": "nanti"}, "block"),  # no readable end date
    ],
)
def test_aps_deadline_and_postponement(person, data, expected):
    findings = run("dismissal_own_request", [person()], effective=TMT, data=data, on=TODAY)
    assert severity(findings, "aps") == expected


def test_aps_deadline_counts_public_holidays(person):
    PublicHoliday.objects.create(date=date(2026, 2, 17), name="Tahun Baru Imlek")
    findings = run("dismissal_own_request", [person()], effective=TMT, data={"request_date": "2026-02-09"})
    assert severity(findings, "aps") is None


def test_late_aps_finding_names_the_deadline(person):
    [finding] = of_rule(
        run("dismissal_own_request", [person()], effective=TMT, data={"request_date": "2026-02-09"}), "aps"
    )
    assert finding.facts == {"request_date": "2026-02-09", "deadline": "2026-02-27", "working_days": 14}
    assert finding.item is None
