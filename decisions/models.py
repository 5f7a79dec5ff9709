"""The legal record: a case (one personnel action, about one or many employees), its file,
and the decree (SK) that ends it.

A case is the thing people talk about ("the transfer of Budi"); the viewflow process behind
it is how it moves. Statuses here are the legal ones a clerk, an official or an inspector
needs; the workflow's nodes are an implementation detail behind ``stage``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from personnel.models import Employee, OrgUnit, Position


class CaseKind(models.TextChoices):
    TRANSFER = "transfer", _("Transfer between units")
    TRANSFER_OUT = "transfer_out", _("Transfer to another region")
    TRANSFER_IN = "transfer_in", _("Transfer from another region")
    APPOINTMENT_STRUCTURAL = "appointment_structural", _("Appointment to an administrator or supervisor post")
    APPOINTMENT_FUNCTIONAL = "appointment_functional", _("Appointment to a functional post")
    APPOINTMENT_JPT = "appointment_jpt", _("Appointment to a JPT pratama post")
    APPOINTMENT_PNS = "appointment_pns", _("Appointment of CPNS as civil servants (PNS)")
    DISMISSAL_RETIREMENT = "dismissal_retirement", _("Dismissal at retirement age (BUP)")
    DISMISSAL_OWN_REQUEST = "dismissal_own_request", _("Dismissal at own request (APS)")
    DISMISSAL_DEATH = "dismissal_death", _("Dismissal on death")
    DISMISSAL_DISCIPLINE = "dismissal_discipline", _("Dismissal as a heavy disciplinary sanction")
    DISMISSAL_UNFIT = "dismissal_unfit", _("Dismissal as physically or mentally unfit")
    CORRECTION = "correction", _("Correction of a decree")
    REVOCATION = "revocation", _("Revocation of a decree")


class Case(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        RETURNED = "returned", _("returned for revision")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        SIGNED = "signed", _("signed")
        EFFECTIVE = "effective", _("in effect")

    OPEN_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED)
    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    kind = models.CharField(_("kind"), max_length=30, choices=CaseKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The stage the case waits in, as the route names it ("verification"); empty when no
    # task is open. Kept here so lists filter by stage without touching the workflow tables.
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="cases_created",
    )
    initiating_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("proposing unit"), on_delete=models.PROTECT, related_name="+"
    )
    # Every OPD the case touches (the proposer's, each employee's old and new one): who may
    # see it. Maintained by the services whenever items change.
    units = models.ManyToManyField(OrgUnit, related_name="cases", blank=True)
    reason = models.TextField(_("reason"))
    effective_date = models.DateField(_("effective date (TMT)"))
    # Kind-specific facts: the pertek, committee votes, the APS request date, the death
    # date, the minister's approval... Each route's forms and rules name their keys.
    data = models.JSONField(_("case data"), default=dict, blank=True)
    process = models.OneToOneField(
        Process, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    # For corrections and revocations: the decree this case corrects or revokes.
    target_decree = models.ForeignKey(
        "Decree",
        verbose_name=_("decree corrected or revoked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_cases",
    )
    policy_version = models.CharField(_("rule set version"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    effective_at = models.DateTimeField(_("took effect"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("inspect_case", _("Can read every case and the ledger (inspector)")),
            ("manage_case", _("Can reassign tasks and manage the registry of acting officials")),
        ]
        indexes = [
            models.Index(fields=["status", "effective_date"]),
            models.Index(fields=["kind", "status"]),
            # The lists' order (newest first): a page is read off the index, not sorted.
            models.Index(fields=["-created_at", "-id"], name="case_newest_first"),
            models.Index(fields=["status", "-created_at", "-id"], name="case_status_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """The case's registration number, as people quote it."""
        return f"USL-{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else ""

    @property
    def is_collective(self) -> bool:
        return self.data.get("collective", False)


class CaseTally(models.Model):
    """How many cases of one kind are in one status (one shard of the count): kept by
    decisions/tally.py in the transaction that creates or moves a case, so the dashboards
    read a few rows instead of counting the archive."""

    kind = models.CharField(max_length=30, choices=CaseKind.choices)
    status = models.CharField(max_length=20, choices=Case.Status.choices)
    shard = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "status", "shard"], name="case_tally_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.status} #{self.shard}: {self.n}"


class CaseItem(models.Model):
    """One employee's part in a case. A single case has one item; a rotation many."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DROPPED = "dropped", _("dropped")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="items")
    position_in_case = models.PositiveIntegerField(_("number"), default=1)
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="case_items"
    )
    from_position = models.ForeignKey(
        Position,
        verbose_name=_("current position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_position = models.ForeignKey(
        Position,
        verbose_name=_("new position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    drop_reason = models.TextField(_("reason for dropping"), blank=True)
    # The employee and posts as they stood when the case was last submitted: what the SK
    # shows even if the registry changes later.
    snapshot = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["case", "position_in_case"]
        verbose_name = _("case item")
        verbose_name_plural = _("case items")
        constraints = [
            models.UniqueConstraint(fields=["case", "employee"], name="employee_once_per_case"),
            models.UniqueConstraint(fields=["case", "position_in_case"], name="item_number_unique_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} #{self.position_in_case} {self.employee.name}"


class Attachment(models.Model):
    """A document in the case file. Content is checked on upload (PDF or image)."""

    class Kind(models.TextChoices):
        REQUEST_LETTER = "request_letter", _("request letter")
        CONSENT_LETTER = "consent_letter", _("consent letter of the receiving region")
        RELEASE_LETTER = "release_letter", _("release letter of the origin region")
        JOB_ANALYSIS = "job_analysis", _("job and workload analysis (Anjab/ABK)")
        CLEARANCE = "clearance", _("statement of no audit findings (bebas temuan)")
        NO_DISCIPLINE_STATEMENT = "no_discipline", _("statement of no disciplinary or court case")
        NO_STUDY_LEAVE_STATEMENT = "no_study_leave", _("statement of no study leave or bond")
        SKP = "skp", _("performance rating (SKP)")
        DEATH_CERTIFICATE = "death_certificate", _("death certificate")
        HEALTH_CERTIFICATE = "health_certificate", _("health board certificate")
        # A CPNS's statement of physical and mental health (PP 11/2017 Ps. 36), one per CPNS.
        HEALTH_STATEMENT = "health_statement", _("statement of physical and mental health")
        SANCTION_DECREE = "sanction_decree", _("sanction decree")
        PERTEK = "pertek", _("BKN technical approval (pertek)")
        MINISTER_APPROVAL = "minister_approval", _("written approval of the Minister")
        COMPETENCY_TEST = "competency_test", _("competency test result")
        COMMITTEE_MINUTES = "committee_minutes", _("committee minutes")
        SELECTION_RESULT = "selection_result", _("selection panel result")
        OVERRIDE_EVIDENCE = "override_evidence", _("evidence for a rule override")
        OTHER = "other", _("other")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    item = models.ForeignKey(
        CaseItem, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["case", "uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


def new_verification_token() -> str:
    """An unguessable token for the public verification page (192 bits)."""
    return secrets.token_urlsafe(24)


class Decree(models.Model):
    """A signed SK. Its number is never reused, not even after a revocation."""

    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        SUPERSEDED = "superseded", _("superseded by a correction")
        REVOKED = "revoked", _("revoked")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decree")
    number = models.CharField(_("number"), max_length=80, unique=True)
    pattern = models.CharField(_("numbering pattern"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    title = models.TextField(_("title"))
    decree_date = models.DateField(_("date set"))
    signed_at = models.DateTimeField(_("signed"))
    signer = models.JSONField(_("signer"), default=dict)
    # The document as data (what the PDF was rendered from), so it can be rendered again.
    content = models.JSONField(default=dict)
    pdf = models.FileField(_("PDF"), upload_to="decrees/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    unsigned_sha256 = models.CharField(_("SHA-256 before signing"), max_length=64)
    token = models.CharField(max_length=40, unique=True, default=new_verification_token)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VALID)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("corrected or revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("decree")
        verbose_name_plural = _("decrees")
        constraints = [
            models.UniqueConstraint(fields=["pattern", "year", "sequence"], name="decree_sequence_unique"),
            models.CheckConstraint(
                condition=Q(status="valid") | Q(replaced_by__isnull=False),
                name="replaced_decree_names_its_replacement",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class DecreeCounter(models.Model):
    """The last number given per pattern and year, and the pattern's signing slot.

    The row is locked only for the instant a number is taken or given back. While a decree is
    signed (a BSrE call can take seconds, and no lock is held meanwhile) its attempt holds the
    slot: ``claim`` names the attempt and ``claimed_at`` dates it, and nobody else takes a number
    of this pattern and year until the attempt uses its number or gives it back
    (decisions/issuing.py)."""

    pattern = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True, default="")
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Where the attempt would store its signed PDF: removed if the attempt is rolled back as stale.
    claim_file = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pattern", "year"], name="one_counter_per_pattern_year")
        ]

    def __str__(self) -> str:
        return f"{self.pattern} {self.year}: {self.last}"


class RuleEvaluation(models.Model):
    """One run of the policy rules on a case at a gate, exactly as the user saw it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evaluations")
    stage = models.CharField(_("stage"), max_length=40)
    version = models.CharField(_("rule set version"), max_length=20)
    findings = models.JSONField(_("findings"), default=list)
    evaluated_at = models.DateTimeField(_("evaluated"), auto_now_add=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "evaluated_at", "pk"]
        verbose_name = _("rule evaluation")
        verbose_name_plural = _("rule evaluations")

    def __str__(self) -> str:
        return f"{self.case_id} {self.stage} {self.version}"


class RuleOverride(models.Model):
    """A finding an approver chose to pass: a block overridden, or a warning acknowledged."""

    class Kind(models.TextChoices):
        OVERRIDE = "override", _("block overridden")
        ACKNOWLEDGE = "acknowledge", _("warning acknowledged")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="overrides")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    finding_key = models.CharField(_("finding"), max_length=80)
    rule = models.CharField(_("rule"), max_length=40)
    finding = models.JSONField(_("finding as seen"))
    stage = models.CharField(_("stage"), max_length=40)
    justification = models.TextField(_("justification"), blank=True)
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.CharField(_("rule set version"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["case", "created_at", "pk"]
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")

    def __str__(self) -> str:
        return f"{self.case_id} {self.finding_key} ({self.get_kind_display()})"


class PolicyParameter(models.Model):
    """A rule parameter set by the administrator, overriding the configured default.

    Changing one makes a new rule-set version; findings already stored never change.
    """

    key = models.CharField(_("parameter"), max_length=80, unique=True)
    value = models.JSONField(_("value"))
    note = models.CharField(_("why"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")

    def __str__(self) -> str:
        return self.key


class ElectionPeriod(models.Model):
    """A regional election, for the freeze on replacing officials (UU 10/2016 Ps. 71, 162)."""

    name = models.CharField(_("name"), max_length=120)
    candidates_set_on = models.DateField(_("candidate pairs set on"))
    term_end = models.DateField(_("end of the incumbent's term"))
    inauguration_on = models.DateField(_("inauguration of the new regional head"), null=True, blank=True)

    class Meta:
        ordering = ["-candidates_set_on"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self) -> str:
        return self.name
