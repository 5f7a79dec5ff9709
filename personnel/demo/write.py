"""Writing the demo plan: bulk inserts where rows are many, full_clean for every employee
(the NIP must agree with birth date, TMT CPNS and gender, as for any other write)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm

from ..models import (
    ActingAssignment,
    CompetencyAssessment,
    DisciplinarySanction,
    ElectedTerm,
    Employee,
    FamilyMember,
    OrgUnit,
    Position,
    PositionHistory,
    Proceeding,
    Rank,
    ServiceBond,
    SkpRating,
    Training,
)
from .names import FEMALE_NAMES, FEMALE_SECOND, MALE_NAMES, MALE_SECOND
from .people import add_years
from .plan import ELECTED, Plan, term_on

EMAIL_DOMAIN = "demo.sahih.test"


def write_plan(plan: Plan, *, password_hash: str) -> dict[str, int]:
    ranks = {rank.code: rank for rank in Rank.objects.all()}
    units: dict[str, OrgUnit] = {}
    for spec in plan.units:
        unit = OrgUnit(code=spec.code, name=spec.name, kind=spec.kind, parent=units.get(spec.parent))
        unit.full_clean(exclude=["parent"])
        unit.save()
        units[spec.code] = unit

    positions = []
    for spec in plan.positions:
        position = Position(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            functional_level=spec.level,
            unit=units[spec.unit],
            is_head=spec.is_head,
            min_education=spec.min_education,
            education_fields=list(spec.fields),
            min_rank=ranks.get(spec.min_rank),
            max_rank=ranks.get(spec.max_rank),
            capacity=spec.capacity,
            functional_type=spec.functional_type,
        )
        position.clean()
        positions.append(position)
    Position.objects.bulk_create(positions)
    by_code = {position.code: position for position in positions}

    employees = []
    for person in plan.people:
        employee = Employee(
            nip=person.nip,
            name=person.name,
            front_title=person.front_title,
            back_title=person.back_title,
            birth_date=person.birth_date,
            gender=person.gender,
            tmt_cpns=person.tmt_cpns,
            rank=ranks[person.rank],
            rank_since=person.rank_since,
            # The demo's people entered their rank group at their first appointment, so the
            # service in grade at the rank's TMT is the service since the TMT CPNS.
            mkg_years=_months(person.tmt_cpns, person.rank_since) // 12,
            mkg_months=_months(person.tmt_cpns, person.rank_since) % 12,
            education_level=person.education_level,
            education_field=person.education_field,
            position=by_code[person.position],
            position_since=person.position_since,
            status=person.status,
        )
        # Uniqueness is the plan's (serials per first 15 digits); everything else is checked here.
        employee.full_clean(exclude=["rank", "position", "user"], validate_unique=False)
        employees.append(employee)
    Employee.objects.bulk_create(employees)
    by_nip = {employee.nip: employee for employee in employees}

    _histories(plan, by_nip, by_code)
    FamilyMember.objects.bulk_create(
        member
        for person in plan.people
        if "near_retirement" in person.tags
        for member in _family(by_nip[person.nip], person)
    )
    users = _accounts(plan, by_nip, units, password_hash)
    start, end = term_on(plan.today)
    for position, name, username, nik in ELECTED:
        ElectedTerm.objects.create(
            position=by_code[position],
            full_name=name,
            nik=nik,
            user=users[username],
            inaugurated_on=start,
            term_end=end,
        )
    for acting in plan.acting:
        ActingAssignment.objects.create(
            position=by_code[acting.position],
            kind=ActingAssignment.Kind.PLT,
            user=users[acting.username],
            start=acting.start,
            end=acting.end,
            decree_number=acting.decree_number,
            decree_date=acting.decree_date,
            note=acting.note,
        )
    return {
        "units": len(units),
        "positions": len(positions),
        "employees": len(employees),
        "vacant_positions": sum(1 for spec in plan.positions if spec.fill == 0),
        "accounts": len(users),
    }


def _histories(plan: Plan, by_nip: dict[str, Employee], by_code: dict[str, Position]) -> None:
    spells, ratings, trainings, sanctions, proceedings, bonds = [], [], [], [], [], []
    assessments = []
    for person in plan.people:
        employee = by_nip[person.nip]
        for code, start, end, number, decree_date in person.history:
            spells.append(
                PositionHistory(
                    employee=employee,
                    position=by_code[code],
                    start=start,
                    end=end,
                    decree_number=number,
                    decree_date=decree_date,
                    source="demo",
                )
            )
        ratings += [
            SkpRating(employee=employee, year=year, rating=rating) for year, rating in person.ratings.items()
        ]
        trainings += [
            Training(employee=employee, kind=kind, name=name, start=start, end=end, certificate_number=number)
            for kind, name, start, end, number in person.trainings
        ]
        assessments += [
            CompetencyAssessment(
                employee=employee,
                assessed_on=day,
                potential=potential,
                score=score,
                assessor="UPT Penilaian Kompetensi ASN (demo)",
            )
            for day, potential, score in person.assessments
        ]
        sanctions += [
            DisciplinarySanction(
                employee=employee, level=level, kind=kind, start=start, end=end, decree_number=number
            )
            for level, kind, start, end, number in person.sanctions
        ]
        proceedings += [
            Proceeding(employee=employee, kind=kind, start=start, reference=reference)
            for kind, start, reference in person.proceedings
        ]
        bonds += [
            ServiceBond(employee=employee, kind=kind, start=start, end=end, reference=reference)
            for kind, start, end, reference in person.bonds
        ]
    for model, rows in (
        (PositionHistory, spells),
        (SkpRating, ratings),
        (Training, trainings),
        (CompetencyAssessment, assessments),
        (DisciplinarySanction, sanctions),
        (Proceeding, proceedings),
        (ServiceBond, bonds),
    ):
        model.objects.bulk_create(rows)


def _accounts(plan: Plan, by_nip: dict[str, Employee], units: dict[str, OrgUnit], password_hash: str) -> dict:
    User = get_user_model()
    groups = {group.name: group for group in Group.objects.all()}
    users = {}
    linked = []
    for account in plan.accounts:
        employee = None
        first, last = account.first_name, account.last_name
        if account.holder is not None:
            employee = by_nip[plan.holders[account.holder].nip]
            first, _, last = employee.name.partition(" ")
        user = User.objects.create(
            username=account.username,
            first_name=first,
            last_name=last,
            email=f"{account.username}@{EMAIL_DOMAIN}",
            password=password_hash,
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        user.groups.add(groups[account.role])
        if account.verifies:
            assign_perm("personnel.verify_cases", user, units["BKPSDM"])
        if employee is not None:
            employee.user = user
            linked.append(employee)
        users[account.username] = user
    Employee.objects.bulk_update(linked, ["user"])
    return users


def _months(start, end) -> int:
    return max(0, (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day))


def _family(employee: Employee, person) -> list[FamilyMember]:
    """Those near retirement have a family on record for their pension: a spouse, a child still
    entitled (under 25) and an older one who no longer is. Names follow from the NIP, so the
    plan's random draws stay as they were."""
    pick = int(person.nip[-6:])
    female = person.gender == "2"
    spouse_names, spouse_second = (MALE_NAMES, MALE_SECOND) if female else (FEMALE_NAMES, FEMALE_SECOND)
    spouse = f"{spouse_names[pick % len(spouse_names)]} {spouse_second[pick % len(spouse_second)]}"
    child_names = (MALE_NAMES, FEMALE_NAMES)
    return [
        FamilyMember(
            employee=employee,
            relation=FamilyMember.Relation.HUSBAND if female else FamilyMember.Relation.WIFE,
            name=spouse,
            birth_date=add_years(person.birth_date, 2),
            marriage_date=add_years(person.birth_date, 27),
        ),
        FamilyMember(
            employee=employee,
            relation=FamilyMember.Relation.CHILD,
            name=child_names[pick % 2][(pick // 7) % len(child_names[pick % 2])],
            birth_date=add_years(person.birth_date, 28),
            married=True,
        ),
        FamilyMember(
            employee=employee,
            relation=FamilyMember.Relation.CHILD,
            name=child_names[(pick + 1) % 2][(pick // 11) % len(child_names[(pick + 1) % 2])],
            birth_date=add_years(person.birth_date, 36),
        ),
    ]
