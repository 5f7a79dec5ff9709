"""Workflow-side data: the process proxy and the committees that vote on cases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process


class CaseProcess(Process):
    """The viewflow process behind a case. No columns of its own: the case holds the facts."""

    class Meta:
        proxy = True
        verbose_name = _("case process")
        verbose_name_plural = _("case processes")


class Committee(models.Model):
    """A committee that votes on cases (the Tim Penilai Kinerja PNS), and how it decides."""

    class Rule(models.TextChoices):
        MAJORITY = "majority", _("majority of members")
        AT_LEAST = "at_least", _("at least N members")
        UNANIMOUS = "unanimous", _("every member")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="committees", verbose_name=_("members")
    )
    rule = models.CharField(_("decision rule"), max_length=12, choices=Rule.choices, default=Rule.MAJORITY)
    required = models.PositiveSmallIntegerField(
        _("N (for “at least N”)"), default=0, help_text=_("Only used with the rule “at least N members”.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name

    def needed(self, size: int) -> int:
        """How many recommendations carry the decision, with ``size`` members voting."""
        if self.rule == self.Rule.UNANIMOUS:
            return size
        if self.rule == self.Rule.AT_LEAST:
            return min(max(self.required, 1), size)
        return size // 2 + 1

    def outcome(self, *, size: int, yes: int, no: int) -> str | None:
        """ "approved" or "rejected" once the votes decide it, else None (still open)."""
        needed = self.needed(size)
        if yes >= needed:
            return "approved"
        if no > size - needed:
            return "rejected"
        return None


class StageDuration(models.Model):
    """One decided task of a case's route, measured when it was decided: how long its stage
    took (the dashboard's medians, the open statistics), so that no figure reads the tasks."""

    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("task")
    )
    case = models.ForeignKey(
        "decisions.Case",
        on_delete=models.CASCADE,
        related_name="stage_durations",
        verbose_name=_("case"),
        db_index=False,  # the index below starts with the case
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    started = models.DateTimeField(_("opened"))
    finished = models.DateTimeField(_("decided"), db_index=True)
    working_days = models.IntegerField(_("working days"))
    late = models.BooleanField(_("decided after its due date"), default=False)

    class Meta:
        verbose_name = _("stage duration")
        verbose_name_plural = _("stage durations")
        # The open statistics sum each case's days per stage: read from the index alone, in
        # its order, with no sort (a third of the time at 100,000 cases).
        indexes = [models.Index(fields=["case", "stage", "working_days"], name="stageduration_case_stage")]

    def __str__(self) -> str:
        return f"{self.stage} {self.task_id}: {self.working_days}"


class CaseDuration(models.Model):
    """A signed case, measured when it was signed: working days from submission to signing."""

    case = models.OneToOneField(
        "decisions.Case", on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("case")
    )
    working_days = models.IntegerField(_("working days"))

    class Meta:
        verbose_name = _("case duration")
        verbose_name_plural = _("case durations")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.working_days}"


class StageDayCount(models.Model):
    """How many decided tasks of a stage took a number of working days, per month (local) they
    were decided in: the stage durations as a histogram, kept by database triggers on
    ``StageDuration`` (workflows/daycounts.py). The dashboard's medians read it."""

    stage = models.CharField(_("stage"), max_length=40, blank=True)
    month = models.DateField(_("month (its first day)"))
    working_days = models.IntegerField(_("working days"))
    n = models.IntegerField(_("decided tasks"), default=0)

    class Meta:
        verbose_name = _("stage day count")
        verbose_name_plural = _("stage day counts")
        constraints = [
            # The triggers' upsert target; the readers' range on the month comes after the stage.
            models.UniqueConstraint(fields=["stage", "month", "working_days"], name="stagedaycount_key")
        ]

    def __str__(self) -> str:
        return f"{self.stage} {self.month:%Y-%m} {self.working_days}: {self.n}"
