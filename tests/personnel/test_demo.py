from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from decisions.policy.dates import bup_age, retirement_date
from decisions.policy.engine import configured
from personnel.demo import DEMO_PASSWORD, build_plan
from personnel.holidays import HOLIDAYS
from personnel.models import (
    EDUCATION_RANK,
    ActingAssignment,
    DisciplinarySanction,
    ElectedTerm,
    Employee,
    OrgUnit,
    Position,
    PositionHistory,
    Proceeding,
    ServiceBond,
    SkpRating,
    Training,
)
from personnel.nip import parse_nip
from personnel.selectors import holder_of, office_unit


def _today():
    return timezone.localdate()


def test_every_demo_nip_is_unique_and_agrees_with_the_person(demo):
    employees = list(Employee.objects.all())
    assert 250 <= len(employees) <= 350
    assert len({e.nip for e in employees}) == len(employees)
    for employee in employees:
        nip = parse_nip(employee.nip)
        assert (nip.birth_date, nip.tmt_cpns, nip.gender) == (
            employee.birth_date,
            employee.tmt_cpns,
            employee.gender,
        )
        employee.full_clean()


def test_every_unit_has_exactly_one_head_position(demo):
    heads = Counter(Position.objects.filter(is_head=True).values_list("unit__code", flat=True))
    units = list(OrgUnit.objects.values_list("code", flat=True))
    assert 15 <= OrgUnit.objects.filter(parent__code="PEMKOT").count() <= 17
    assert {code: heads.get(code, 0) for code in units} == {code: 1 for code in units}


def test_the_offices_of_the_routes_exist_with_their_heads(demo):
    for role in ("personnel_agency", "secretariat", "inspectorate"):
        unit = office_unit(role)
        assert Position.objects.filter(unit=unit, is_head=True, kind="jpt_pratama").exists()
    mayor = Position.objects.get(code=settings.SAHIH_OFFICES["regional_head_position"])
    assert mayor.is_head and mayor.kind == Position.Kind.REGIONAL_HEAD
    assert holder_of(mayor, on=_today()).user.username == "walikota"
    assert Position.objects.get(code="WAKILWALIKOTA").kind == Position.Kind.REGIONAL_DEPUTY
    assert ElectedTerm.objects.count() == 2


def test_heads_are_jpt_in_agencies_and_administrators_in_districts(demo):
    for unit in OrgUnit.objects.filter(parent__code="PEMKOT"):
        head = Position.objects.get(unit=unit, is_head=True)
        expected = Position.Kind.ADMINISTRATOR if unit.kind == "kecamatan" else Position.Kind.JPT_PRATAMA
        assert head.kind == expected, unit.code


def test_ranks_and_education_fit_every_holders_position(demo):
    for employee in Employee.objects.select_related("position__min_rank", "position__max_rank"):
        position = employee.position
        if position.min_rank_id:
            assert employee.rank_id >= position.min_rank_id, employee
        if position.max_rank_id:
            assert employee.rank_id <= position.max_rank_id, employee
        if position.min_education:
            assert EDUCATION_RANK[employee.education_level] >= EDUCATION_RANK[position.min_education], (
                employee
            )
        if position.education_fields:
            assert employee.education_field in position.education_fields, employee
        assert employee.tmt_cpns <= employee.rank_since <= _today()
        if employee.status == "cpns":  # placed in the formation's post from the TMT CPNS
            assert employee.tmt_cpns == employee.position_since
        else:
            assert employee.tmt_cpns < employee.position_since <= _today()


def test_structural_rank_windows_follow_the_eselon_table(demo):
    windows = {
        (p.kind, p.min_rank.golongan, p.max_rank.golongan)
        for p in Position.objects.filter(kind__in=Position.STRUCTURAL_KINDS).select_related(
            "min_rank", "max_rank"
        )
    }
    allowed = {
        ("jpt_pratama", "IV/c", "IV/d"),  # II.a (Sekda)
        ("jpt_pratama", "IV/b", "IV/c"),  # II.b
        ("administrator", "IV/a", "IV/b"),  # III.a
        ("administrator", "III/d", "IV/a"),  # III.b
        ("pengawas", "III/c", "III/d"),  # IV.a
        ("pengawas", "III/b", "III/c"),  # IV.b
    }
    assert windows <= allowed
    assert Position.objects.get(code="SEKDA").min_rank.golongan == "IV/c"


def test_no_position_holds_more_people_than_its_capacity(demo):
    for position in Position.objects.all():
        assert position.holders.count() <= position.capacity, position.code


def test_the_special_populations_exist(demo):
    today = _today()
    active = Employee.objects.filter(status="active").select_related("position")
    in_post = [(today - e.position_since).days for e in active]
    assert sum(days < 2 * 365 for days in in_post) >= 5
    assert sum(days > 5 * 365 for days in in_post) >= 5
    params = configured()
    near = [
        e
        for e in active
        if today < retirement_date(e.birth_date, bup_age(e.position, params)) <= today + timedelta(days=365)
    ]
    assert len(near) >= 5
    assert {bup_age(e.position, params) for e in near} >= {58, 60}
    assert [s for s in DisciplinarySanction.objects.all() if s.is_active_on(today)]
    assert DisciplinarySanction.objects.filter(end__lt=today).exists()  # a sanction served, on record
    assert Proceeding.objects.filter(kind="pemeriksaan_disiplin", end__isnull=True).exists()
    assert ServiceBond.objects.filter(kind="tugas_belajar", start__lte=today, end__gte=today).exists()
    assert SkpRating.objects.exclude(rating__in=SkpRating.GOOD_OR_BETTER).exists()


def test_only_the_planned_people_are_near_retirement(demo):
    today = _today()
    params = configured()
    for employee in Employee.objects.select_related("position"):
        if retirement_date(employee.birth_date, bup_age(employee.position, params)) <= today + timedelta(
            days=365
        ):
            assert employee.position.code in {
                "DISDIK-JF-PENGAWAS-MADYA",
                "DLH-KEPALA",
                "DINSOS-SEK",
                "DISHUB-PP",
                "BPKAD-ASET-KASI1",
                "KEC-TELUKNIBUNG-KEL1-LURAH",
            }, employee


def test_vacancies_include_an_acting_head_and_open_posts(demo):
    today = _today()
    vacant_heads = [
        p
        for p in Position.objects.filter(is_head=True).exclude(kind__in=Position.ELECTED_KINDS)
        if not p.holders.exists()
    ]
    assert vacant_heads
    acting = ActingAssignment.objects.get(position__code="DISPERKIM-KEPALA")
    assert acting.kind == "plt" and acting.start <= today <= acting.end
    holder = holder_of(acting.position, on=today)
    assert holder.basis == "plt" and holder.user.username == "plt.disperkim"
    assert holder.employee.position.code == "DISPERKIM-SEK"
    target = Position.objects.get(code="BPKAD-PLO")
    assert target.holders.count() < target.capacity
    open_posts = [p for p in Position.objects.filter(kind="pelaksana") if p.holders.count() < p.capacity]
    assert len(open_posts) >= 10


def test_everyone_has_history_ratings_and_structural_holders_have_leadership_training(demo):
    today = _today()
    for employee in Employee.objects.all():
        spells = list(PositionHistory.objects.filter(employee=employee).order_by("start"))
        assert spells[-1].position_id == employee.position_id and spells[-1].end is None
        assert spells[-1].start == employee.position_since
        assert all(spell.end is not None for spell in spells[:-1])
        years = set(employee.skp_ratings.values_list("year", flat=True))
        first = employee.tmt_cpns.year + (0 if employee.status == "cpns" else 1)
        assert years == {y for y in range(today.year - 3, today.year) if y >= first}
    for kind, training in (("jpt_pratama", "pkn2"), ("administrator", "pka"), ("pengawas", "pkp")):
        holders = Employee.objects.filter(position__kind=kind)
        trained = holders.filter(trainings__kind=training).distinct().count()
        assert trained >= holders.count() * 0.6, kind
    assert Training.objects.filter(kind="teknis").exists()


ROLE_ACCOUNTS = {
    "clerk.dishub": ("clerk", "DISHUB"),
    "kepala.dishub": ("official", "DISHUB"),
    "clerk.bkpsdm": ("clerk", "BKPSDM"),
    "clerk.bkpsdm2": ("clerk", "BKPSDM"),
    "verifikator1": ("verifier", "BKPSDM"),
    "verifikator2": ("verifier", "BKPSDM"),
    "verifikator3": ("verifier", "BKPSDM"),
    "kepala.bkpsdm": ("official", "BKPSDM"),
    "sekda": ("official", "SETDA"),
    "inspektur1": ("inspector", "INSPEKTORAT"),
    "inspektur2": ("inspector", "INSPEKTORAT"),
    "camat.datukbandar": ("official", "KEC-DATUKBANDAR"),
    "plt.disperkim": ("official", "DISPERKIM"),
}


def test_every_role_account_exists_can_log_in_and_sits_in_its_unit(demo):
    User = get_user_model()
    for username, (role, unit) in ROLE_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name=role).exists(), username
        assert user.employee.position.unit.opd.code == unit, username
        assert Client().login(username=username, password=DEMO_PASSWORD), username
    for opd in OrgUnit.objects.filter(parent__code="PEMKOT"):
        clerks = User.objects.filter(groups__name="clerk", employee__position__unit=opd)
        assert clerks.exists(), opd.code
        head = Position.objects.get(unit=opd, is_head=True)
        assert holder_of(head, on=_today()).user is not None, opd.code
        assert holder_of(head, on=_today()).user.groups.filter(name="official").exists(), opd.code
    walikota = User.objects.get(username="walikota")
    assert walikota.groups.filter(name="signer").exists() and not hasattr(walikota, "employee")
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.groups.filter(name="admin").exists()
    assert Client().login(username="admin", password=DEMO_PASSWORD)


def test_every_civil_servant_account_holds_a_position(demo):
    for user in get_user_model().objects.exclude(username__in=["walikota", "wakilwalikota", "admin"]):
        assert user.employee.position is not None, user.username
        assert user.employee.status == "active"


def test_verifiers_and_only_they_may_verify_bkpsdm_cases(demo):
    bkpsdm = OrgUnit.objects.get(code="BKPSDM")
    User = get_user_model()
    for username in ("verifikator1", "verifikator2", "verifikator3"):
        assert User.objects.get(username=username).has_perm("personnel.verify_cases", bkpsdm)
    for username in ("clerk.bkpsdm", "kepala.bkpsdm", "inspektur1"):
        assert not User.objects.get(username=username).has_perm("personnel.verify_cases", bkpsdm)


def test_the_plan_is_identical_for_the_same_day():
    first, second = build_plan(today=date(2026, 3, 2)), build_plan(today=date(2026, 3, 2))
    assert first.people == second.people
    assert first.positions == second.positions
    assert first.acting == second.acting


def test_demo_holidays_are_unique_days_in_2025_to_2027():
    days = [date.fromisoformat(day) for day, _name in HOLIDAYS]
    assert len(days) == len(set(days))
    assert {day.year for day in days} == {2025, 2026, 2027}
    assert date(2026, 8, 17) in days and date(2027, 12, 25) in days


@pytest.mark.parametrize("today", [date(2025, 3, 1), date(2028, 2, 29)])
def test_the_plan_holds_on_other_days(today):
    plan = build_plan(today=today)
    nips = [person.nip for person in plan.people]
    assert len(nips) == len(set(nips))
    for person in plan.people:
        nip = parse_nip(person.nip)
        assert (nip.birth_date, nip.tmt_cpns) == (person.birth_date, person.tmt_cpns)
        assert person.position_since <= today and person.rank_since <= today


def test_the_demo_assessment_team_sits_outside_every_appointment_route(demo):
    from workflows.demo import DEMO_COMMITTEE_MEMBERS, seed_committees
    from workflows.models import Committee

    assert seed_committees() is True
    assert seed_committees() is False  # a second run adds nothing
    team = Committee.objects.get(code="tim_penilai_kinerja")
    assert sorted(team.members.values_list("username", flat=True)) == sorted(DEMO_COMMITTEE_MEMBERS)
    offices = {settings.SAHIH_OFFICES["personnel_agency"], settings.SAHIH_OFFICES["secretariat"]}
    for member in team.members.all():
        assert member.employee.position.is_head
        assert member.employee.position.unit.opd.code not in offices


def test_the_demo_has_an_intake_of_cpns_and_a_teacher_past_the_general_retirement_age(demo):
    """CPNS whose year of probation is over (PP 11/2017 Ps. 34) with the Latsar passed, and a
    teacher older than 58 who retires at 60 (UU 14/2005 Ps. 30 ayat (4))."""
    today = _today()
    intake = list(Employee.objects.filter(status="cpns"))
    assert len(intake) >= 5
    for person in intake:
        assert person.tmt_pns is None and person.position_since == person.tmt_cpns
        assert person.tmt_cpns.replace(year=person.tmt_cpns.year + 1) <= today
        assert person.trainings.filter(kind="latsar", end__lte=today).exists()
        assert not person.skp_ratings.exclude(rating__in=SkpRating.GOOD_OR_BETTER).exists()
    teachers = Employee.objects.filter(position__code="DISDIK-JF-GURU-MUDA").select_related("position")
    [senior] = [teacher for teacher in teachers if teacher.age_on(today) >= 58]
    assert senior.position.functional_type == "guru" and senior.status == "active"
    assert retirement_date(senior.birth_date, bup_age(senior.position, configured())) > today
