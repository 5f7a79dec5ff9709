"""The nodes every route is built from.

``Stage`` is a human decision: who decides it is resolved from the organisation when the
task is created and stored on the task; it offers actions (approve, return, reject; sign;
record a fact; choose; resubmit); each outcome leads somewhere. ``FanOut`` creates one
task per item of a data source -- one approval per unit head, one vote per committee
member -- which viewflow's open-source Split cannot (its data_source is a PRO feature).
Flows stay declarative::

    verification = (
        Stage("verification", title=_("Verification by BKPSDM"), approver=pool(...))
        .Next(this.agency_head).OnReturn(this.revise).OnReject(this.rejected)
    )

Nodes never check permissions: the task service does, before it touches an activation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.fields import get_task_ref
from viewflow.workflow.nodes import End, Join, Split
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.join import JoinActivation
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.view import View, ViewActivation
from viewflow.workflow.status import STATUS

from personnel import compiled

from . import deadlines, progress
from .approvers import Resolver


class Outcome:
    APPROVED = "approved"
    RETURNED = "returned"
    REJECTED = "rejected"


class Actions:
    """Which decisions a stage offers; the first one is the stage's go-ahead."""

    REVIEW = ("approve", "return", "reject")
    SIGN = ("sign", "return", "reject")
    RECORD = ("record", "return", "reject")  # the decider records facts (e.g. the pertek)
    CHOOSE = ("choose", "return", "reject")  # the decider picks one candidate
    POSTPONE = ("approve", "postpone", "return", "reject")  # APS: grant now or later
    VOTE = ("approve", "reject")  # a committee member recommends, or does not
    RESUBMIT = ("resubmit",)


ACTION_OUTCOME = {
    "approve": Outcome.APPROVED,
    "sign": Outcome.APPROVED,
    "record": Outcome.APPROVED,
    "choose": Outcome.APPROVED,
    "postpone": Outcome.APPROVED,
    "resubmit": Outcome.APPROVED,
    "return": Outcome.RETURNED,
    "reject": Outcome.REJECTED,
}


# How each action is named to people (messages, buttons).
ACTION_LABELS = {
    "approve": _("Approve"),
    "sign": _("Sign the SK"),
    "record": _("Record"),
    "choose": _("Choose the candidate"),
    "postpone": _("Postpone"),
    "resubmit": _("Resubmit"),
    "return": _("Return for revision"),
    "reject": _("Reject"),
}


@dataclass(frozen=True)
class Fact:
    """A fact the decider must record to complete a stage (a pertek number, a date...)."""

    key: str
    label: object
    kind: str = "text"  # "text", "date", "item" (a case item number)
    # What is recorded when the decider leaves the fact empty (a callable, read when the stage
    # is decided); None makes the fact required.
    default: Callable[[], str] | None = None


@dataclass(frozen=True)
class Record:
    """What a recording stage asks for: facts, and optionally a document of a given kind."""

    facts: tuple[Fact, ...] = ()
    document: str | None = None
    # The action these facts belong to (e.g. "postpone"); None means the stage's go-ahead.
    action: str | None = None
    extra: dict = field(default_factory=dict)


class StageActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """Create the task with its decider already resolved, in one INSERT.

        viewflow's ``ViewActivation.create`` asks the node three times (``calc_owner``,
        ``calc_owner_permission``, ``calc_owner_permission_obj``) and takes the task's data as
        given; our resolver answers all three at once (one walk of the org chart) and the task's
        stage, assignment and due date belong in its data before the INSERT, not in an UPDATE
        after it. So this replaces the method, and keeps its ``OnCreate`` hook below."""
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.seed = seed
        activation = cls(task)
        case = activation.process.case
        today = timezone.localdate()
        task_data = dict(data or {})
        assignment = flow_task.resolver(case, today, task_data)
        task.data = {
            **task_data,
            "stage": flow_task.stage,
            "assignment": assignment.record,
            "due": deadlines.due_date(flow_task.stage, start=today, case=case).isoformat(),
        }
        if assignment.permission:
            task.owner_permission = assignment.permission
            task.owner_permission_obj = assignment.obj
        if assignment.user is not None:
            task.owner = assignment.user
            task.status = STATUS.ASSIGNED
            task.assigned = timezone.now()
        task.save()
        link(task, prev_activation.task)
        progress.stage_entered(case=case, task=task, stage=flow_task, assignment=assignment)
        if flow_task._on_create is not None:  # viewflow's hook, as its own create calls it
            flow_task._on_create(activation)
        return activation

    @Activation.status.super()
    def create_next(self):
        node = self.flow_task.next_for(self.task.data.get("outcome", Outcome.APPROVED))
        yield node._create(self, self.task.token)


class Stage(View):
    """A human decision, and where each of its outcomes leads."""

    activation_class = StageActivation

    def __init__(
        self,
        stage: str,
        *,
        title,
        approver: Resolver,
        actions: tuple[str, ...] = Actions.REVIEW,
        records: tuple[Record, ...] = (),
        effect: Callable | None = None,
        waiting_status: str = "in_review",
        authority: str | None = None,
    ):
        super().__init__(view=None)
        self.stage = stage
        # Stages of one authority count as one for the separation of duties: the regional
        # head who chooses a JPT candidate also signs the SK, as the same PPK's one decision.
        self.authority = authority or stage
        self.resolver = approver
        self.actions = actions
        self.records = records
        self.waiting_status = waiting_status
        self._effect = effect
        self._on_return = None
        self._on_reject = None
        self.Annotation(title=title)

    def OnReturn(self, node) -> Stage:
        self._on_return = node
        return self

    def OnReject(self, node) -> Stage:
        self._on_reject = node
        return self

    def _resolve(self, instance):
        super()._resolve(instance)
        self._on_return = this.resolve(instance, self._on_return)
        self._on_reject = this.resolve(instance, self._on_reject)
        self._effect = this.resolve(instance, self._effect)

    def _outgoing(self):
        yield from super()._outgoing()
        if self._on_return is not None:
            yield Edge(src=self, dst=self._on_return, edge_class="default")
        if self._on_reject is not None and self._on_reject is not self._on_return:
            yield Edge(src=self, dst=self._on_reject, edge_class="default")

    def record_for(self, action: str) -> Record | None:
        """The facts to record for ``action`` (a stage's go-ahead, or a named action)."""
        go_ahead = self.actions[0]
        for record in self.records:
            if (record.action or go_ahead) == action:
                return record
        return None

    def apply_effect(self, *, case, task, action: str, facts: dict, actor, who: dict) -> None:
        """What the decision changes in the case itself (e.g. the chosen candidate); ``who`` is
        the actor as the ledger records them (worked out once per decision)."""
        if self._effect is not None:
            self._effect(case=case, task=task, action=action, facts=facts, actor=actor, who=who)

    def can_assign(self, user, task) -> bool:
        """Whether ``user`` may take this task from its pool: the permission stored on the
        task at creation, granted on its unit or model-wide -- never as a superuser, and
        never the managers' marker on a vacant stage (that waits for a reassignment)."""
        from .approvers import MANAGER_PERMISSION
        from .authority import holds_permission_on

        if task.owner_id is not None or user is None or not user.is_authenticated or user.is_superuser:
            return False
        if not task.owner_permission or task.owner_permission == MANAGER_PERMISSION:
            return False
        return holds_permission_on(
            user, task.owner_permission, task.owner_permission_content_type_id, task.owner_permission_obj_pk
        )

    def next_for(self, outcome: str):
        return {
            Outcome.APPROVED: self._next,
            Outcome.RETURNED: self._on_return,
            Outcome.REJECTED: self._on_reject,
        }[outcome]


class FanOutActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        # ``_branches`` is what viewflow's own SplitActivation.activate reads (it has no public
        # accessor); a FanOut has one branch, its ``.Next`` node.
        target = self.flow_task._branches[0][0]
        items = list(self.flow_task._source(self))
        if not items:
            raise FlowRuntimeError(f"{self.flow_task.name}: nobody to ask")
        self.next_tasks = [(target, dict(item)) for item in items]


class FanOut(Split):
    """One task of the next node per item of ``source(activation)`` (a list of dicts that
    becomes each task's data), all joined again by a Join."""

    activation_class = FanOutActivation

    def __init__(self, source):
        super().__init__()
        self._source = source

    def _resolve(self, instance):
        super()._resolve(instance)
        self._source = this.resolve(instance, self._source)


class CaseJoinActivation(JoinActivation):
    """viewflow's join, without re-reading what the approval has in hand.

    viewflow asks for the join's incoming tasks each time it checks the join (twice before
    completing it, once more inside) and the route's condition asks again; they cannot change
    while this activation runs (the process row is locked, and a task is linked here before
    the activation exists), so they are read once. The join task found waiting gets the
    process the approval locked (with its case), not a fresh read of the same row."""

    def __init__(self, *args, **kwargs):
        self._incoming = None
        super().__init__(*args, **kwargs)

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        # viewflow's JoinActivation.create, but for the process the waiting join task is given.
        task_class = flow_task.flow_class.task_class
        tasks = compiled.fetch(
            ("workflows.waiting_join", get_task_ref(flow_task)),
            partial(_waiting_join, task_class, flow_task),
            process_id=prev_activation.process.pk,
        )
        if len(tasks) > 1:
            raise FlowRuntimeError("More than one join instance for process found")
        if tasks:
            task = tasks[0]
            task.process = prev_activation.process  # locked by this transaction, with its case
        else:
            if token.is_split_token():
                token = token.get_base_split_token()
            task = task_class(process=prev_activation.process, flow_task=flow_task, token=token)
            task.data = data if data is not None else {}
            task.seed = seed
            task.save()
        link(task, prev_activation.task)
        return cls(task)

    def incoming(self) -> list:
        """Every task linked into the join (the cancelled and revived ones too)."""
        if self._incoming is None:
            self._incoming = previous_of(self.task)
        return self._incoming

    def _join_token_prefixes(self):
        # viewflow's own, over the tasks read once.
        return {
            prev.token.get_common_split_prefix(self.task.token, prev.pk)
            for prev in self.incoming()
            if prev.status not in (STATUS.CANCELED, STATUS.REVIVED)
        }


def link(task, previous) -> None:
    """``task.previous.add(previous)`` for a link that cannot exist yet (``task`` was just
    created, or ``previous`` just decided): one INSERT built once (personnel/compiled.py)
    instead of the related manager's, which compiles it anew and asks first whether the pair
    is there. Nothing here listens for m2m_changed on the links."""
    compiled.insert(type(task).previous.through, from_task_id=task.pk, to_task_id=previous.pk)


def _waiting_join(task_class, flow_task, *, process_id: int):
    return task_class._default_manager.filter(
        flow_task=flow_task, process_id=process_id, status__in=[STATUS.NEW, STATUS.STARTED]
    )


def _previous(task_class, *, task_id: int):
    return task_class._default_manager.filter(leading=task_id)


def previous_of(task) -> list:
    """``task.previous.all()``, compiled once (compiled.py): the route asks it on every join."""
    task_class = type(task)
    return compiled.fetch(
        ("workflows.previous", task_class._meta.label), partial(_previous, task_class), task_id=task.pk
    )


def _two_back(task_class, *, task_id: int):
    return task_class._default_manager.filter(leading__leading=task_id)


def before_the_join(gateway_task) -> list:
    """The tasks linked into the join just before ``gateway_task``, in one statement (the
    gateway's one previous task is that join)."""
    task_class = type(gateway_task)
    return compiled.fetch(
        ("workflows.two_back", task_class._meta.label),
        partial(_two_back, task_class),
        task_id=gateway_task.pk,
    )


class CaseJoin(Join):
    """viewflow's Join (see ``CaseJoinActivation``)."""

    activation_class = CaseJoinActivation


class CaseEndActivation(EndActivation):
    @Activation.status.super()
    def activate(self):
        super().activate.original()
        progress.route_ended(case=self.process.case, outcome=self.flow_task.outcome)


class CaseEnd(End):
    """The end of a route, saying how the case ended ("signed", "rejected")."""

    activation_class = CaseEndActivation

    def __init__(self, outcome: str):
        super().__init__()
        self.outcome = outcome
