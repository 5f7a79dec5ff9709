"""The case lifecycle (decisions/lifecycle.py): one table, one transition function, one
predicate, and no other code that writes a case's status."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from audit import services as ledger
from audit.models import Event
from decisions import lifecycle
from decisions.errors import Conflict, Refused
from decisions.models import Case
from workflows.services import case_submit, case_withdraw

ROOT = Path(__file__).resolve().parents[2]
STATUSES = list(Case.Status.values)
MOVES = [event for event in lifecycle.TRANSITIONS if event != lifecycle.CREATE]


def _put(case: Case, status: str) -> Case:
    # Only a test puts a case in a status by hand, to try every pair of the table.
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def _events_of(case: Case) -> list[str]:
    return list(
        Event.objects.filter(object_id=str(case.pk), object_type="case").values_list("action", flat=True)
    )


@pytest.mark.parametrize("event", MOVES)
@pytest.mark.parametrize("status", STATUSES)
def test_every_pair_in_the_table_moves_the_case_and_every_other_is_refused(transfer_case, status, event):
    spec = lifecycle.TRANSITIONS[event]
    case = _put(transfer_case, status)
    before = _events_of(case)
    if status in spec.sources:
        with ledger.atomic():
            lifecycle.transition(case=case, event=event, data={})
        case.refresh_from_db()
        assert case.status == spec.target
        assert _events_of(case)[len(before) :] == ([spec.records] if spec.records else [])
        if spec.closes:
            assert case.closed_at is not None and case.stage == ""
    else:
        with pytest.raises(Conflict) as refused, ledger.atomic():
            lifecycle.transition(case=case, event=event, data={})
        case.refresh_from_db()
        assert case.status == status and _events_of(case) == before
        assert refused.value.code == spec.refusal_code
        assert refused.value.message.startswith("Usulan berstatus")  # Indonesian, naming the status


@pytest.mark.parametrize("status", STATUSES)
def test_the_proposer_submits_and_withdraws_through_the_services_only_from_the_statuses_the_table_allows(
    transfer_case, city, status
):
    case = _put(transfer_case, status)
    submittable = {
        *lifecycle.TRANSITIONS[lifecycle.SUBMIT].sources,
        *lifecycle.TRANSITIONS[lifecycle.RESUBMIT].sources,
    }
    if status not in submittable:
        with pytest.raises(Conflict):
            case_submit(case_id=case.pk, actor=city.clerk, acknowledged=("*",))
    withdrawable = status in lifecycle.TRANSITIONS[lifecycle.WITHDRAW].sources
    if withdrawable:
        assert (
            case_withdraw(case_id=case.pk, actor=city.clerk, note="Tidak jadi.").status
            == Case.Status.WITHDRAWN
        )
        assert _events_of(case)[-1] == "case.withdrawn"
    else:
        with pytest.raises(Conflict) as refused:
            case_withdraw(case_id=case.pk, actor=city.clerk)
        assert refused.value.code == "not_withdrawable"
    assert lifecycle.may(city.clerk, _put(case, status), lifecycle.WITHDRAW) is withdrawable


def test_only_the_proposer_may_cause_the_proposers_events(transfer_case, city):
    """The allowed user, a read-only inspector and an outsider, asked the one predicate."""
    assert lifecycle.allowed(city.clerk, transfer_case) == [lifecycle.SUBMIT, lifecycle.WITHDRAW]
    for user in (city.inspector, city.outsider, city.agency_clerk, city.head_dishub):
        assert lifecycle.allowed(user, transfer_case) == []
    with pytest.raises(Refused):
        case_withdraw(case_id=transfer_case.pk, actor=city.agency_clerk)
    assert _put(transfer_case, Case.Status.RETURNED) and lifecycle.allowed(city.clerk, transfer_case) == [
        lifecycle.RESUBMIT,
        lifecycle.WITHDRAW,
    ]


def test_the_route_and_the_system_cause_their_events_never_a_user_by_hand(transfer_case, city):
    by_hand = {t.event for t in lifecycle.TRANSITIONS.values() if t.by == lifecycle.PROPOSER}
    assert by_hand == {lifecycle.CREATE, lifecycle.SUBMIT, lifecycle.RESUBMIT, lifecycle.WITHDRAW}
    for status in STATUSES:
        case = _put(transfer_case, status)
        for event in (lifecycle.RETURN, lifecycle.REJECT, lifecycle.SIGN, lifecycle.TAKE_EFFECT):
            assert not lifecycle.may(city.clerk, case, event)


def test_the_case_api_says_what_the_user_may_do_now(transfer_case, city):
    """The allowed user, a reader who may not act (the inspector), and an outsider."""
    client = APIClient()
    for user, allowed in ((city.clerk, ["submit", "withdraw"]), (city.inspector, [])):
        client.force_authenticate(user)
        response = client.get(f"/api/cases/{transfer_case.pk}/")
        assert response.status_code == 200 and response.json()["allowed_events"] == allowed
    client.force_authenticate(city.outsider)
    assert client.get(f"/api/cases/{transfer_case.pk}/").status_code == 404


# --- nothing else writes a case's status --------------------------------------------------


def _writes_case_status(node: ast.AST) -> bool:
    """``case.status = …``, ``… = Case.Status.X`` into a ``.status``, or ``.update(status=…)``
    / ``.create(status=Case.Status.X)``."""

    def names_case_status(value: ast.AST) -> bool:
        return "Case.Status" in ast.unparse(value) or "lifecycle" in ast.unparse(value)

    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr == "status":
                    owner = ast.unparse(part.value)
                    if owner.split(".")[-1] in ("case", "self.case") or names_case_status(node.value):
                        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr in ("update", "create", "update_or_create", "bulk_update"):
            for keyword in node.keywords:
                if keyword.arg == "status" and names_case_status(keyword.value):
                    return True
    return False


def test_no_code_outside_the_lifecycle_writes_a_case_status():
    offenders = []
    for package in (
        "audit",
        "decisions",
        "personnel",
        "workflows",
        "web",
        "inspection",
        "placement",
        "public",
        "config",
        "bench",
    ):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "decisions/lifecycle.py" or "/migrations/" in relative:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{relative}:{node.lineno}" for node in ast.walk(tree) if _writes_case_status(node)]
    assert offenders == []


def test_the_status_scan_finds_the_writes_it_forbids():
    for source in (
        "case.status = Case.Status.SIGNED",
        "Case.objects.filter(pk=1).update(status=Case.Status.DRAFT)",
        "self.case.status = 'x'",
    ):
        assert any(_writes_case_status(node) for node in ast.walk(ast.parse(source))), source
    for source in ("task.status = STATUS.ASSIGNED", "item.status = CaseItem.Status.DROPPED"):
        assert not any(_writes_case_status(node) for node in ast.walk(ast.parse(source))), source


def test_the_completeness_claims_name_the_event_of_every_status():
    from decisions.ledger_claims import STATUS_EVENTS

    assert set(STATUS_EVENTS) == set(STATUSES)
    assert STATUS_EVENTS[Case.Status.IN_REVIEW] == "case.submitted"
    assert json.dumps(STATUS_EVENTS, sort_keys=True)
