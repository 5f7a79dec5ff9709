"""A bare viewflow flow with as many human tasks as the transfer route (six), each assigned
to a user, completed through the activation API with viewflow's own permission checks --
the baseline of reference/viewflow-notes.md §5, shaped like our route."""

from __future__ import annotations

from types import SimpleNamespace

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.lock import select_for_update_lock
from viewflow.workflow.nodes import View


class BareFlow(flow.Flow):
    lock_impl = select_for_update_lock

    start = flow.StartHandle(this.begin).Next(this.split)
    split = flow.Split().Next(this.head_a).Next(this.head_b)
    head_a = View(None).Assign(this.owner).Next(this.join)
    head_b = View(None).Assign(this.owner).Next(this.join)
    join = flow.Join().Next(this.verify)
    verify = View(None).Assign(this.owner).Next(this.agency)
    agency = View(None).Assign(this.owner).Next(this.secretary)
    secretary = View(None).Assign(this.owner).Next(this.sign)
    sign = View(None).Assign(this.owner).Next(this.end)
    end = flow.End()

    def begin(self, activation, user):
        activation.process.data = {"owner": user.pk}
        return activation.process

    def owner(self, activation):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=activation.process.data["owner"])


def complete(task, user) -> None:
    """viewflow-notes §2's complete_view_task: permission checks, then the activation."""
    with task.activation() as activation:
        assert task.flow_task.can_execute(user, activation.task)
        activation.start(SimpleNamespace(user=user))
        activation.execute()
