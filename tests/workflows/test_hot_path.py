"""The approval hot path (issue 15 §1): what one approval costs in SQL statements, pinned per
stage of a transfer on SQLite and PostgreSQL, with every check kept (visibility, the case
lock, ownership and separation of duties, the policy rules and their stored evaluation, the
ledger, the stage sync).

Bare viewflow completes one of the same human tasks in about 12.8 statements (make bench,
docs/benchmarks.md); the aim is bare + 10. Inside a test the service's transaction is a
savepoint of the test's, and the after-commit mail does not run: these counts are the
service's own statements.
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import Event
from decisions.models import Case, RuleEvaluation
from workflows.services import case_submit, task_approve

from .test_transfer_route import open_task

# Per approval, in route order: the first head (its branch waits at the join), the second
# head (the join completes, the verification task is created), verification (a pool task),
# the Head of BKPSDM, the Sekda. The holidays are read once per approval, for the next task's
# deadline and the decided stage's duration (then its row, workflows/durations.py); the join
# reads its incoming tasks once and keeps the locked process, the gateway after it reads the
# branches once, in one statement (workflows/nodes.py, flows.py); a named decider costs its post and its holder's
# row, which says whether a Plt/Plh acts (personnel/selectors.py). Was [23, 44, 23, 22, 22]
# on SQLite, [22, 43, 22, 21, 21] on PostgreSQL.
PINNED = {
    "sqlite": [22, 34, 21, 20, 20],
    "postgresql": [21, 33, 20, 19, 19],
}


def _route_costs(city, transfer_case) -> tuple[list[int], Case]:
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    steps = [
        ("unit_head", city.head_dishub, city.head_dishub),
        ("unit_head", city.head_bpkad, city.head_bpkad),
        ("verification", None, city.verifier),
        ("agency_head", None, city.agency_head),
        ("secretary", None, city.sekda),
    ]
    costs = []
    for stage, owner, actor in steps:
        task = open_task(case, stage, owner)
        with CaptureQueriesContext(connection) as captured:
            case = task_approve(task_id=task.pk, actor=actor)
        costs.append(len(captured))
    return costs, case


def test_each_approval_of_a_transfer_costs_its_pinned_statements(city, transfer_case):
    costs, case = _route_costs(city, transfer_case)
    assert costs == PINNED[connection.vendor]
    assert case.stage == "signing"


def test_the_hot_path_keeps_its_evaluations_ledger_and_stage(city, transfer_case):
    before = Event.objects.count()
    _costs, case = _route_costs(city, transfer_case)
    case.refresh_from_db()
    assert case.stage == "signing" and case.status == Case.Status.IN_REVIEW
    stages = list(RuleEvaluation.objects.filter(case=case).order_by("pk").values_list("stage", flat=True))
    assert stages == ["submission", "unit_head", "unit_head", "verification", "agency_head", "secretary"]
    assert Event.objects.filter(action="task.approved", object_id=str(case.pk)).count() == 5
    assert Event.objects.count() > before
