"""``Facts.preload`` (issue 15 §1): the rules' records, the case's attachment kinds and the
policy parameters in one UNION ALL, giving exactly what the lazy reads give."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.utils import timezone

from decisions.models import PolicyParameter
from decisions.policy.engine import Proposal, parameters
from decisions.policy.facts import UNION_RECORDS, Facts, reads_of
from decisions.services import ItemInput, case_create
from personnel.models import DisciplinarySanction, Proceeding, ServiceBond, SkpRating, Training


def _records(employee):
    SkpRating.objects.create(employee=employee, year=2009, rating=SkpRating.Rating.VERY_GOOD)
    DisciplinarySanction.objects.create(
        employee=employee,
        level=DisciplinarySanction.Level.LIGHT,
        kind=DisciplinarySanction.Kind.WRITTEN_WARNING,
        start=date(2019, 1, 1),
        end=None,
        decree_number="800/9/2019",
    )
    DisciplinarySanction.objects.create(
        employee=employee,
        level=DisciplinarySanction.Level.LIGHT,
        kind=DisciplinarySanction.Kind.WRITTEN_WARNING,
        start=date(2021, 1, 1),
        end=date(2021, 12, 31),
        decree_number="800/2/2021",
    )
    Proceeding.objects.create(employee=employee, kind=Proceeding.Kind.CRIMINAL, start=date(2020, 5, 1))
    ServiceBond.objects.create(
        employee=employee,
        kind=ServiceBond.Kind.SERVICE_BOND,
        start=date(2018, 1, 1),
        end=date(2030, 1, 1),
        reference="ID-1",
    )
    Training.objects.create(
        employee=employee,
        kind=Training.Kind.PKP,
        name="PKP",
        start=date(2020, 3, 1),
        end=date(2020, 6, 30),
    )


def _as_values(grouped):
    return {
        employee: [{f.attname: getattr(r, f.attname) for f in r._meta.concrete_fields} for r in rows]
        for employee, rows in grouped.items()
    }


def test_preloaded_facts_are_what_the_lazy_reads_give(city):
    _records(city.subject)
    PolicyParameter.objects.create(key="min_years_in_post", value=3)
    PolicyParameter.objects.create(key="override_roles.vacancy", value=["bkpsdm_head"])
    case = case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Uji.",
    )
    proposal = Proposal.from_case(case)
    on = timezone.localdate()
    lazy, preloaded = Facts(proposal, on), Facts(proposal, on)
    preloaded.preload({*UNION_RECORDS, "holders"}, attachments_of=case.pk, parameters=True)
    for name in UNION_RECORDS:
        assert _as_values(preloaded.__dict__[name]) == _as_values(getattr(lazy, name)), name
    assert preloaded.__dict__["holders"] == lazy.holders
    assert (
        preloaded.attachment_kinds
        == proposal.attachment_kinds
        == Counter(case.attachments.values_list("kind", flat=True))
    )
    assert parameters(preloaded.parameter_rows) == parameters()


def test_preload_is_one_statement(city, transfer_case, django_assert_num_queries):
    facts = Facts(Proposal.from_case(transfer_case), timezone.localdate())
    with django_assert_num_queries(1):
        facts.preload({*UNION_RECORDS, "holders"}, attachments_of=transfer_case.pk, parameters=True)
    with django_assert_num_queries(0):
        read = [facts.skp, facts.sanctions, facts.proceedings, facts.bonds, facts.trainings, facts.holders]
    assert read[0]


def test_a_transfers_rules_read_what_is_preloaded_for_it():
    assert {"skp", "sanctions", "proceedings", "holders"} <= reads_of("transfer")
