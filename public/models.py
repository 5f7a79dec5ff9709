"""Public feedback (masukan dan pengaduan): what a member of the public sent, and the
Inspektorat's handling of it. The route itself (viewflow) is in flows.py."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

# No 0/O, 1/I/L: the code is read aloud over the phone and typed from paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10 ≈ 8e14: not guessable under the page's rate limit
MAX_TEXT = 4000
MAX_CONTACT = 120


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(text: str) -> str:
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == CODE_LENGTH else raw


class Feedback(models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("suggestion")
        COMPLAINT = "complaint", _("complaint")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, awaiting triage")
        WITH_UNIT = "with_unit", _("awaiting the unit's response")
        CLOSING = "closing", _("being concluded by the Inspectorate")
        CLOSED = "closed", _("closed")

    class Disposition(models.TextChoices):
        FORWARDED = "forwarded", _("forwarded to the unit")
        NOT_ACTIONABLE = "not_actionable", _("not actionable (spam, unclear, out of scope)")

    tracking_code = models.CharField(
        _("tracking code"), max_length=11, unique=True, default=new_tracking_code
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SUGGESTION)
    text = models.TextField(_("text"), max_length=MAX_TEXT)
    unit = models.ForeignKey(
        "personnel.OrgUnit",
        verbose_name=_("unit concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The sender's identity: shown to the Inspektorat only (see can_see_sender).
    sender_name = models.CharField(_("sender's name"), max_length=MAX_CONTACT, blank=True)
    sender_contact = models.CharField(_("sender's contact"), max_length=MAX_CONTACT, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    disposition = models.CharField(
        _("triage decision"), max_length=16, choices=Disposition.choices, blank=True
    )
    triage_note = models.TextField(_("triage note"), blank=True)
    unit_response = models.TextField(_("the unit's response"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    # What the sender reads on the tracking page when the case is closed.
    public_answer = models.TextField(_("answer to the sender"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    process = models.OneToOneField(
        Process, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("public feedback")
        verbose_name_plural = _("public feedback")
        permissions = [
            ("handle_feedback", _("Can triage and close public feedback (Inspektorat)")),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class FeedbackProcess(Process):
    """The viewflow process behind a feedback case; the facts are on Feedback."""

    class Meta:
        proxy = True
        verbose_name = _("feedback process")
        verbose_name_plural = _("feedback processes")
