"""What a decree reads from the registry when it is composed, inside the signing's prepare
transaction: its people as frozen at submission, the pension particulars of a retirement and
the family entitled after a retirement or a death, the regulations of the functional posts
entered, the people of the decree a correction or revocation changes, the public holidays (pay
starts on a month's first working day), and who certifies the decree's PETIKAN.

A fixed number of queries per decree, whatever the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings

from personnel.holidays import holidays_between
from personnel.models import ActingAssignment, Employee, FamilyMember, Position

from .. import pension
from ..models import Case
from ..policy.dates import bup_age
from ..policy.engine import parameters
from .model import Signature
from .texts.common import Context, Person, person_from_snapshot
from .words import parse_day, without_academic_titles

ACTING_PREFIX = {"plt": "Plt.", "plh": "Plh."}


def _people(items) -> tuple[Person, ...]:
    return tuple(person_from_snapshot(item.position_in_case, item.snapshot) for item in items)


def _families(employee_ids) -> dict[int, list[FamilyMember]]:
    family = defaultdict(list)
    for member in FamilyMember.objects.filter(employee_id__in=employee_ids):
        family[member.employee_id].append(member)
    return family


def _pensions(case: Case, items, family) -> dict[int, pension.Pension]:
    params = parameters()
    pensions = {}
    for item in items:
        employee = item.employee
        age = case.data.get("bup_age") or bup_age(item.from_position or employee.position, params)
        mkg = (employee.mkg_years, employee.mkg_months or 0) if employee.mkg_years is not None else None
        pensions[item.position_in_case] = pension.compute(
            birth_date=employee.birth_date,
            tmt_cpns=employee.tmt_cpns,
            golongan=item.snapshot.get("golongan") or employee.rank.golongan,
            rank_since=employee.rank_since,
            mkg_at_rank=mkg,
            bup_age=int(age),
            starts=case.effective_date,
            family=pension.entitled(family.get(employee.pk, ()), case.effective_date),
        )
    return pensions


def decree_context(case: Case, *, decree_date: date) -> Context:
    """The composer's context of ``case``'s decree, signed on ``decree_date``."""
    items = list(
        case.items.filter(status="active")
        .select_related("employee__rank", "employee__position", "from_position", "to_position")
        .order_by("position_in_case")
    )
    pensions, families, target_people = {}, {}, ()
    if case.kind in ("dismissal_retirement", "dismissal_death"):
        family = _families([item.employee_id for item in items])
        if case.kind == "dismissal_retirement":
            pensions = _pensions(case, items, family)
        else:
            died = parse_day(case.data.get("date_of_death")) or case.effective_date
            families = {
                item.position_in_case: pension.entitled(family.get(item.employee_id, ()), died)
                for item in items
            }
    if case.target_decree_id is not None:
        target_items = case.target_decree.case.items.filter(status="active").order_by("position_in_case")
        target_people = _people(target_items)
    regulations = tuple(
        dict.fromkeys(
            item.to_position.regulation
            for item in items
            if item.to_position is not None and item.to_position.regulation
        )
    )
    return Context(
        case=case,
        people=_people(items),
        region=settings.SAHIH_REGION,
        target=case.target_decree,
        decree_date=decree_date,
        holidays=holidays_between,
        pensions=pensions,
        families=families,
        regulations=regulations,
        target_people=target_people,
    )


def certifier_on(day: date) -> Signature | None:
    """Who certifies a PETIKAN as a true extract ("Salinan sesuai dengan aslinya"), as they are
    on ``day``: the holder of the head post of the office named in
    ``SAHIH_DECREE["extract_certifier"]`` (or the Plt/Plh acting for it), with rank and NIP.
    None when the post is empty and nobody acts for it."""
    config = settings.SAHIH_DECREE["extract_certifier"]
    unit_code = settings.SAHIH_OFFICES[config["office"]]
    head = Position.objects.filter(unit__code=unit_code, is_head=True).first()
    if head is None:
        return None
    title = config.get("title") or head.name
    region = settings.SAHIH_REGION
    office = f"{title} {region['kind']} {region['name']}".upper()
    holder = Employee.objects.select_related("rank").filter(position=head, status="active").first()
    prefix = ""
    if holder is None:
        acting = (
            ActingAssignment.objects.filter(position=head, start__lte=day, end__gte=day)
            .select_related("user__employee__rank")
            .first()
        )
        holder = getattr(acting.user, "employee", None) if acting is not None else None
        prefix = f"{ACTING_PREFIX[acting.kind]} " if holder is not None else ""
    if holder is None:
        return None
    return Signature(
        lines=("Salinan sesuai dengan aslinya", f"{prefix}{office},"),
        name=without_academic_titles(holder.name),
        rank=holder.rank.pangkat,
        nip=holder.nip_display,
        form="certifier",
    )
