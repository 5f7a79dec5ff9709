"""E-mail to whoever a new task waits for. Runs after commit: mail never undoes a decision.

With a worker (CELERY_BROKER_URL set) the mail about a new task is sent by the worker: the
decision's response never waits for a mail server (an SMTP round trip with TLS takes longer
than the whole decision). Without one it is sent in-process, as every background job is."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms
from viewflow.workflow.models import Task

from decisions.kinds import day_text  # dd-mm-yyyy, as every page shows a day

logger = logging.getLogger(__name__)


def _recipients(task: Task) -> list:
    if task.owner_id:
        return [task.owner]
    if task.owner_permission and task.owner_permission_obj is not None:
        codename = task.owner_permission.split(".", 1)[1]
        return [
            user
            for user in get_users_with_perms(
                task.owner_permission_obj, only_with_perms_in=[codename], with_group_users=True
            )
            if user.is_active
        ]
    if task.owner_permission:
        app_label, codename = task.owner_permission.split(".", 1)
        return list(
            get_user_model()
            .objects.filter(
                is_active=True,
                groups__permissions__codename=codename,
                groups__permissions__content_type__app_label=app_label,
            )
            .distinct()
        )
    return []


def announce(task_id: int, *, task: Task | None = None, case=None) -> None:
    """After the commit that created task ``task_id``: have whoever it waits for mailed --
    by the worker when there is one, else here with ``task`` and ``case`` as the route made
    them (nothing read again). A broker that cannot take the job does not lose the mail: it
    is sent here instead."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        from kombu.exceptions import OperationalError

        from .tasks import mail_task_waiting  # tasks imports the services, which import this

        try:
            mail_task_waiting.delay(task_id)
            return
        except OperationalError:
            logger.exception("could not queue the mail about task %s; sending it now", task_id)
    task_waiting(task_id, task=task, case=case)


def task_waiting(task_id: int, *, task: Task | None = None, case=None) -> None:
    """Mail whoever task ``task_id`` waits for. ``task`` and ``case``: as the route created
    them in the transaction just committed (progress.stage_entered), so that the mail reads
    nothing again on the approval's path; otherwise both are read."""
    if task is None or case is None:
        task = Task.objects.select_related("process__case", "owner").filter(pk=task_id).first()
        if task is None:
            return
        case = task.process.case
    url = settings.SAHIH_PUBLIC_URL + reverse("cases:detail", args=[case.pk])
    subject = _("[Sahih] Waiting for you: %(stage)s — %(case)s") % {
        "stage": task.flow_task.task_title,
        "case": case.reference,
    }
    body = _(
        "Case %(case)s (%(kind)s) waits for your decision at the stage “%(stage)s”, due "
        "%(due)s.\n\nOpen it: %(url)s"
    ) % {
        "case": case.reference,
        "kind": case.get_kind_display(),
        "stage": task.flow_task.task_title,
        "due": day_text(task.data.get("due")) or "-",
        "url": url,
    }
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in _recipients(task) if user.email
    ]
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        # The decision is committed; a mail server hiccup must not surface as an error.
        logger.exception("could not send task notification for task %s", task_id)


def _send(subject: str, body: str, users) -> None:
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users if user.email]
    try:
        send_mass_mail(messages, fail_silently=False)
    except OSError:
        logger.exception("could not send: %s", subject)


def task_reminder(task_id: int) -> None:
    task = Task.objects.select_related("process__case", "owner").filter(pk=task_id).first()
    if task is None:
        return
    case = task.process.case
    url = settings.SAHIH_PUBLIC_URL + reverse("cases:detail", args=[case.pk])
    subject = _("[Sahih] Due soon: %(stage)s — %(case)s") % {
        "stage": task.flow_task.task_title,
        "case": case.reference,
    }
    body = _("The stage “%(stage)s” of case %(case)s is due on %(due)s.\n\nOpen it: %(url)s") % {
        "stage": task.flow_task.task_title,
        "case": case.reference,
        "due": day_text(task.data.get("due")),
        "url": url,
    }
    _send(subject, body, _recipients(task))


def task_escalated(task_id: int, superior_id: int) -> None:
    task = Task.objects.select_related("process__case", "owner").filter(pk=task_id).first()
    superior = get_user_model().objects.filter(pk=superior_id).first()
    if task is None or superior is None:
        return
    case = task.process.case
    url = settings.SAHIH_PUBLIC_URL + reverse("cases:detail", args=[case.pk])
    waiting_for = task.data.get("assignment", {}).get("name") or "-"
    subject = _("[Sahih] Late: %(stage)s — %(case)s") % {
        "stage": task.flow_task.task_title,
        "case": case.reference,
    }
    body = _(
        "The stage “%(stage)s” of case %(case)s, waiting for %(who)s, was due on %(due)s and is late. "
        "It is escalated to you as their superior.\n\nOpen it: %(url)s"
    ) % {
        "stage": task.flow_task.task_title,
        "case": case.reference,
        "who": waiting_for,
        "due": day_text(task.data.get("due")),
        "url": url,
    }
    _send(subject, body, [superior])
