"""The task service: the only code that moves a case along its route.

viewflow does not check permissions when driven from code, so every entry point -- the web
pages, the API, the commands and the tests -- comes through here.
"""

from .cases import case_submit, case_withdraw
from .changes import item_drop, task_reassign
from .deadlines import run_deadlines
from .tasks import (
    Decision,
    available_actions,
    check_may_decide,
    get_task_for_user,
    stage_of,
    task_approve,
    task_decide,
    task_reject,
    task_return,
)

__all__ = [
    "Decision",
    "available_actions",
    "case_submit",
    "case_withdraw",
    "check_may_decide",
    "get_task_for_user",
    "item_drop",
    "run_deadlines",
    "stage_of",
    "task_approve",
    "task_decide",
    "task_reassign",
    "task_reject",
    "task_return",
]
