"""A pool stage's task, seen on the case page by a member of the pool: the page asks whether
the request's user holds the pool's permission (one statement), and that user is Django's
lazy request user, not a User instance."""

from __future__ import annotations

from django.urls import reverse

from workflows.services import case_submit, task_approve
from workflows.stages import OPEN


def test_a_pool_member_sees_the_verification_task_on_the_case_page(client, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    for head in (city.head_dishub, city.head_bpkad):
        task = case.process.task_set.get(status__in=OPEN, data__stage="unit_head", owner=head)
        task_approve(task_id=task.pk, actor=head)
    verification = case.process.task_set.get(status__in=OPEN, data__stage="verification")
    assert verification.owner_id is None  # a pool task: whoever of the pool takes it

    client.force_login(city.verifier)
    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
