"""The case tally (decisions/tally.py): the counts by kind and status the dashboards read are
kept in the transaction that creates or moves a case, and always equal a recount."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from audit import services as ledger
from bench import scale
from decisions import lifecycle, tally
from decisions.errors import Conflict
from decisions.models import Case, CaseTally
from tests.audit.helpers import postgres_only
from web import dashboard

PAIRS = [(event, source) for event, spec in lifecycle.TRANSITIONS.items() for source in spec.sources]


def _put(case: Case, status: str) -> Case:
    # Only a test puts a case in a status by hand; the tally is then counted afresh to match.
    Case.objects.filter(pk=case.pk).update(status=status)
    tally.rebuild()
    case.refresh_from_db()
    return case


def test_a_new_case_is_counted_as_a_draft_of_its_kind(transfer_case):
    assert tally.counts() == tally.recount() == {("transfer", "draft"): 1}


@pytest.mark.parametrize(("event", "source"), PAIRS)
def test_after_every_event_of_the_lifecycle_the_tally_equals_a_recount(transfer_case, event, source):
    case = _put(transfer_case, source)
    with ledger.atomic():
        lifecycle.transition(case=case, event=event, data={})
    target = lifecycle.TRANSITIONS[event].target
    assert tally.counts() == tally.recount() == {("transfer", target): 1}


def test_a_refused_or_rolled_back_transition_leaves_the_tally_as_it_was(transfer_case):
    before = tally.counts()
    with pytest.raises(Conflict), ledger.atomic():
        lifecycle.transition(case=transfer_case, event=lifecycle.TAKE_EFFECT)
    with pytest.raises(RuntimeError), ledger.atomic():
        lifecycle.transition(case=transfer_case, event=lifecycle.SUBMIT)
        raise RuntimeError("the rest of the decision failed")
    assert tally.counts() == tally.recount() == before


def test_through_the_services_every_state_a_case_reaches_keeps_the_tally_equal_to_a_recount(
    city, monkeypatch
):
    # The city generator's templates: drafted, submitted, approved stage by stage, returned,
    # rejected, withdrawn, signed, collective -- each by the real services. After each move,
    # inside its transaction, the tally must already equal a recount.
    moved = tally.moved
    checked = []

    def moved_and_checked(case, *, source, target):
        moved(case, source=source, target=target)
        assert tally.counts() == tally.recount()
        checked.append((source, target))

    monkeypatch.setattr(tally, "moved", moved_and_checked)
    scale.make_templates(city)

    assert tally.counts() == tally.recount()
    assert {target for _source, target in checked} >= {
        "in_review",
        "returned",
        "rejected",
        "withdrawn",
        "signed",
    }
    assert len(tally.recount()) >= 5


def test_the_tally_is_split_over_shards_and_summed_back(city, transfer_case):
    from decisions.services import ItemInput, case_create
    from tests.factories import EmployeeFactory, PositionFactory

    for n in range(tally.SHARDS + 2):
        case_create(
            actor=city.clerk,
            kind="transfer",
            items=[
                ItemInput(
                    employee=EmployeeFactory(position=PositionFactory(unit=city.dishub)),
                    to_position=city.target,
                )
            ],
            effective_date=transfer_case.effective_date,
            reason=f"Penyegaran organisasi nomor {n} sesuai analisis beban kerja.",
        )
    assert CaseTally.objects.count() == tally.SHARDS
    assert tally.counts() == tally.recount() == {("transfer", "draft"): tally.SHARDS + 3}


def test_the_migration_fills_the_tally_from_the_cases_already_there(transfer_case):
    CaseTally.objects.all().delete()
    migration = importlib.import_module("decisions.migrations.0004_case_tally")
    migration.backfill(apps, None)
    assert tally.counts() == tally.recount()


def test_the_dashboard_reads_the_tally_for_those_who_see_every_case_and_counts_the_same(city, transfer_case):
    everyone = dashboard.every_case_by_kind()
    counted = dashboard.cases_by_kind(Case.objects.all())
    assert everyone == counted and everyone.rows


@postgres_only
def test_cases_moved_at_once_on_many_connections_leave_the_tally_equal_to_a_recount(transactional_db, city):
    """Eight connections move sixteen cases back and forth at the same moment (submit, return,
    resubmit, withdraw: each takes the tally's rows in another pair of statuses): no deadlock,
    no lost update."""
    from audit.services import atomic as ledger_atomic
    from decisions.services import ItemInput, case_create, lock_case
    from tests.audit.helpers import run_in_threads
    from tests.factories import EmployeeFactory, PositionFactory

    cases = [
        case_create(
            actor=city.clerk,
            kind="transfer",
            items=[
                ItemInput(
                    employee=EmployeeFactory(position=PositionFactory(unit=city.dishub)),
                    to_position=city.target,
                )
            ],
            effective_date=timezone.localdate() + timedelta(days=30),
            reason=f"Penyegaran organisasi nomor {n} sesuai analisis beban kerja.",
        ).pk
        for n in range(16)
    ]
    moves = [lifecycle.SUBMIT, lifecycle.RETURN, lifecycle.RESUBMIT, lifecycle.RETURN, lifecycle.WITHDRAW]

    def work(index):
        for step, event in enumerate(moves):
            for case_id in (cases[(index + step) % 16], cases[(index + 8 + step) % 16]):
                with ledger_atomic():
                    case = lock_case(case_id)
                    if lifecycle.refusal(case, event) is None:
                        lifecycle.transition(case=case, event=event, data={})

    run_in_threads(8, work)

    assert tally.counts() == tally.recount()
    assert sum(tally.counts().values()) == 16
    assert tally.counts().get(("transfer", "withdrawn"), 0) > 0
