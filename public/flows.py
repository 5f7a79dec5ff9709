"""The feedback route: the Inspektorat triages, the unit concerned responds, the Inspektorat
closes. Declarations only; public/services.py drives it.

The route's stages are ``FeedbackStep`` nodes, not workflows.nodes.Stage: Stage resolves its
decider from a personnel case (``process.case``), a feedback case has none. Each task still
carries its stage code and due date (working days, ``SAHIH_FEEDBACK_DEADLINES``), and
``run_feedback_deadlines`` reminds and escalates like ``run_deadlines`` does for the routes.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.nodes.view import View, ViewActivation
from viewflow.workflow.status import STATUS

from . import deciders
from .models import Feedback, FeedbackProcess

HANDLE = deciders.HANDLE


class FeedbackStepActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """The task with its decider (stored as its assignment) and due date, in one INSERT."""
        task = flow_task.flow_class.task_class(
            process=prev_activation.process, flow_task=flow_task, token=token
        )
        task.seed = seed
        activation = cls(task)
        feedback = Feedback.objects.select_related("unit__parent").get(process=task.process)
        today = timezone.localdate()
        assignment = flow_task.decider(feedback, today)
        task.data = {
            **(data or {}),
            "stage": flow_task.stage,
            "assignment": assignment.record,
            "due": deciders.due_date(flow_task.stage, start=today).isoformat(),
        }
        if assignment.permission:
            task.owner_permission = assignment.permission
            task.owner_permission_obj = assignment.obj
        if assignment.user is not None:
            task.owner = assignment.user
            task.status = STATUS.ASSIGNED
            task.assigned = timezone.now()
        task.save()
        task.previous.add(prev_activation.task)
        return activation


class FeedbackStep(View):
    """A human step of the feedback route: who decides it, and its stage code."""

    activation_class = FeedbackStepActivation

    def __init__(self, stage: str, *, title, decider):
        super().__init__(view=None)
        self.stage = stage
        self.decider = decider
        self.Annotation(title=title)


class FeedbackFlow(flow.Flow):
    """Public feedback

    The Inspektorat triages what a member of the public sent, forwards it to the unit
    concerned for a response (or finds it not actionable), and closes it with an answer the
    sender reads with their tracking code.
    """

    process_class = FeedbackProcess
    lock_impl = select_for_update_lock

    start = flow.StartHandle(this.start_feedback).Next(this.triage)
    triage = FeedbackStep(
        "feedback_triage", title=_("Triage by the Inspectorate"), decider=deciders.inspectorate
    ).Next(this.forwarded)
    forwarded = flow.If(this.is_forwarded).Then(this.unit_response).Else(this.closure)
    unit_response = FeedbackStep(
        "feedback_unit_response", title=_("Response by the unit concerned"), decider=deciders.unit_head
    ).Next(this.closure)
    closure = FeedbackStep(
        "feedback_closure", title=_("Closure by the Inspectorate"), decider=deciders.inspectorate
    ).Next(this.end)
    end = flow.End()

    def start_feedback(self, activation, feedback):
        activation.process.save()
        feedback.process = activation.process
        feedback.save(update_fields=["process"])
        return activation.process

    def is_forwarded(self, activation) -> bool:
        feedback = Feedback.objects.get(process=activation.process)
        return feedback.disposition == Feedback.Disposition.FORWARDED and feedback.unit_id is not None
