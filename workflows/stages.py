"""Stage codes across every route, computed once: their titles and the authority each acts
for (a stage code means the same everywhere); and what "an open task" is.

The task service (``check_may_decide``), the inbox's query (``selectors``) and the pages read
these, so that they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from viewflow.workflow.status import STATUS

from .nodes import Stage

# A task waiting for someone: in a pool (NEW) or assigned. STARTED is viewflow's state while an
# activation runs inside a transaction; nobody can act on a task then.
OPEN = (STATUS.NEW, STATUS.ASSIGNED)


@dataclass(frozen=True)
class StageInfo:
    code: str
    title: object  # a lazy translation
    # The authority the stage acts for, for the two-stages rule; None for a recording stage
    # (the BKN pertek, the inauguration date: facts from outside, not decisions).
    authority: str | None


@cache
def stages() -> dict[str, StageInfo]:
    """Every stage code of every route, in route order, walked once."""
    from .flows import ROUTES

    found: dict[str, StageInfo] = {}
    for flow_class in ROUTES.values():
        for node in flow_class.instance.nodes():
            if isinstance(node, Stage) and node.stage not in found:
                authority = None if node.actions[0] == "record" else node.authority
                found[node.stage] = StageInfo(code=node.stage, title=node.task_title, authority=authority)
    return found


def stage_title(code: str) -> str:
    """The stage's title in the active language (titles are lazy translations)."""
    info = stages().get(code)
    return str(info.title) if info is not None else code


def stage_codes() -> list[str]:
    return list(stages())


def stage_authority(code: str) -> str | None:
    """The authority ``code`` acts for: None for a recording stage; an unknown code (a stage
    since removed from the routes) is its own authority."""
    info = stages().get(code)
    return info.authority if info is not None else code
