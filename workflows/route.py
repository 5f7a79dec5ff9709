"""A case's route for people: its stages in order with where the case stands, and the
route's diagram (viewflow's chart) with the stages done and the current one marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from viewflow.workflow import chart
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from decisions.models import Case

from .flows import route_for
from .nodes import CaseEnd, Stage
from .stages import OPEN

DONE, CURRENT, TODO = "done", "current", "todo"


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    state: str  # done, current or todo


def _stages_in_order(flow_class) -> list[Stage]:
    nodes, _reversed = chart.topsort(flow_class)
    return [node for node in nodes if isinstance(node, Stage)]


def route_steps(case: Case) -> list[Step]:
    """The route's stages in order; the proposer's revision only while the case waits there."""
    states: dict[str, set[str]] = {}
    if case.process_id:
        for data, status in Task.objects.filter(
            process_id=case.process_id, flow_task_type="HUMAN"
        ).values_list("data", "status"):
            states.setdefault((data or {}).get("stage", ""), set()).add(status)
    steps = []
    for stage in _stages_in_order(route_for(case.kind)):
        seen = states.get(stage.stage, set())
        if seen & set(OPEN):
            state = CURRENT
        elif STATUS.DONE in seen:
            state = DONE
        else:
            state = TODO
        if stage.stage == "revision" and state != CURRENT:
            continue
        steps.append(Step(code=stage.stage, title=str(stage.task_title), state=state))
    return steps


def route_svg(case: Case) -> str:
    """The route's diagram with this case's progress (template: viewflow/workflow/graph.svg)."""
    flow_class = route_for(case.kind)
    grid = chart.calc_layout_data(flow_class)
    if case.process_id:
        chart.calc_cell_status(flow_class, grid, case.process_id)
    for cell in grid.cells:
        node = cell.node
        # Hover titles: the stage's title in the user's language; plain words elsewhere
        # instead of the code's node names ("heads_join").
        if isinstance(node, Stage):
            cell.title = str(node.task_title)
        elif isinstance(node, CaseEnd):
            cell.title = _("Signed") if node.outcome == "signed" else _("Rejected")
        elif node.name == "start":
            cell.title = _("Submitted")
        else:
            cell.title = ""
    return chart.grid_to_svg(grid)
