"""The employees and the history of the positions they held."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from ..nik import compact_nik, validate_nik
from ..nip import compact_nip, format_nip, parse_nip, validate_nip
from .organisation import EducationLevel, Position, Rank


class Employee(models.Model):
    """A civil servant (PNS). Elected officials are not employees; see ElectedTerm."""

    class Gender(models.TextChoices):
        MALE = "1", _("male")
        FEMALE = "2", _("female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")
        DISMISSED = "dismissed", _("dismissed")
        DECEASED = "deceased", _("deceased")
        TRANSFERRED_OUT = "transferred_out", _("transferred out")
        # Registered ahead of a transfer from another region; active once the SK takes effect.
        INCOMING = "incoming", _("incoming transfer")
        # On probation (calon PNS, PP 11/2017 Ps. 34) until appointed PNS; see tmt_pns.
        CPNS = "cpns", _("civil servant candidate (CPNS)")
        # Pemberhentian sementara (PP 11/2017 Ps. 276): a state office, or detained as a
        # suspect; see suspended_from and suspended_until.
        SUSPENDED = "suspended", _("temporarily dismissed")

    # Still in the service: the subjects of decisions. CPNS and the temporarily dismissed
    # may be the subject only of what the law allows them (policy rule 2 says which).
    SERVING = (Status.ACTIVE, Status.CPNS, Status.SUSPENDED)

    nip = models.CharField("NIP", max_length=18, unique=True, validators=[validate_nip], help_text="18 digit")
    # The national identity number; BSrE binds the official's signing certificate to it.
    nik = models.CharField("NIK", max_length=16, blank=True, validators=[validate_nik], help_text="16 digit")
    name = models.CharField(_("name"), max_length=150)
    front_title = models.CharField(_("title before the name"), max_length=40, blank=True)
    back_title = models.CharField(_("title after the name"), max_length=60, blank=True)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    tmt_cpns = models.DateField(_("TMT CPNS"))
    rank = models.ForeignKey(Rank, verbose_name=_("rank"), on_delete=models.PROTECT, related_name="employees")
    rank_since = models.DateField(_("rank since"))
    # Masa kerja golongan (MKG) on the rank's TMT, as the rank decree states it (SIASN keeps it
    # with every rank); with the salary table it gives the basic salary, which a retirement
    # decree must state (decisions/pension.py). Unknown until recorded.
    mkg_years = models.PositiveSmallIntegerField(
        _("service in grade at the rank's TMT (years)"), null=True, blank=True
    )
    mkg_months = models.PositiveSmallIntegerField(
        _("service in grade at the rank's TMT (months)"), null=True, blank=True
    )
    education_level = models.CharField(_("education level"), max_length=4, choices=EducationLevel.choices)
    education_field = models.CharField(_("field of study"), max_length=120, blank=True)
    position = models.ForeignKey(
        Position,
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="holders",
    )
    position_since = models.DateField(_("in position since"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    tmt_pns = models.DateField(
        _("TMT PNS"), null=True, blank=True, help_text=_("Appointed PNS from; empty while a CPNS.")
    )
    oath_date = models.DateField(_("oath of office (sumpah/janji PNS) taken on"), null=True, blank=True)
    suspended_from = models.DateField(_("temporarily dismissed from"), null=True, blank=True)
    suspended_until = models.DateField(
        _("temporarily dismissed until"), null=True, blank=True, help_text=_("Empty while it lasts.")
    )
    suspension_decree = models.CharField(_("decree of the temporary dismissal"), max_length=80, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employee",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position_since__isnull=False),
                name="position_has_since_date",
            ),
            models.UniqueConstraint(
                fields=["nik"],
                condition=~Q(nik=""),
                name="employee_nik_unique",
                violation_error_code="nik_taken",
                violation_error_message=_("Another employee already has this NIK."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cpns") | Q(tmt_pns__isnull=True), name="cpns_not_yet_appointed_pns"
            ),
            models.CheckConstraint(
                condition=~Q(status="suspended") | Q(suspended_from__isnull=False),
                name="temporary_dismissal_has_its_start",
            ),
            models.CheckConstraint(
                condition=Q(suspended_until__isnull=True)
                | Q(suspended_from__isnull=False, suspended_until__gte=models.F("suspended_from")),
                name="temporary_dismissal_ends_after_it_starts",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "position"]),
            # The name searches (UPPER(name) LIKE): the index also gives the planner the
            # expression's statistics, so it knows when a name matches most of the registry.
            models.Index(Upper("name"), name="employee_name_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.nip_display})"

    @property
    def full_name(self) -> str:
        """The name with academic titles, as on an SK's annex."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)

    def clean_fields(self, exclude=None) -> None:
        # Officials write the NIP spaced; the column holds the 18 digits. Normalise before the
        # length check so "19860926 201505 1 001" is accepted, not refused as 21 characters.
        if self.nip and (exclude is None or "nip" not in exclude):
            self.nip = compact_nip(self.nip)
        self.nik = compact_nik(self.nik)
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        try:
            nip = parse_nip(self.nip)
        except ValidationError as error:
            raise ValidationError({"nip": error}) from None
        self.nip = nip.value
        errors = {}
        if self.birth_date and self.birth_date != nip.birth_date:
            errors["birth_date"] = ValidationError(
                _("The date of birth %(given)s does not match the NIP (%(nip)s)."),
                code="birth_date_mismatch",
                params={
                    "given": self.birth_date.strftime("%d-%m-%Y"),
                    "nip": nip.birth_date.strftime("%d-%m-%Y"),
                },
            )
        if self.tmt_cpns and self.tmt_cpns != nip.tmt_cpns:
            errors["tmt_cpns"] = ValidationError(
                _("The TMT CPNS %(given)s does not match the NIP (%(nip)s)."),
                code="tmt_cpns_mismatch",
                params={
                    "given": self.tmt_cpns.strftime("%d-%m-%Y"),
                    "nip": nip.tmt_cpns.strftime("%d-%m-%Y"),
                },
            )
        if self.gender and self.gender != nip.gender:
            errors["gender"] = ValidationError(
                _("The gender does not match digit 15 of the NIP."), code="gender_mismatch"
            )
        errors.update(self._status_errors())
        if errors:
            raise ValidationError(errors)

    def _status_errors(self) -> dict:
        """The dates each status needs, in the order the law gives them."""
        errors = {}
        if self.status == self.Status.CPNS and self.tmt_pns is not None:
            errors["tmt_pns"] = ValidationError(
                _("A CPNS has no TMT PNS yet; clear it or change the status."), code="cpns_with_tmt_pns"
            )
        if self.tmt_pns and self.tmt_cpns and self.tmt_pns < self.tmt_cpns:
            errors["tmt_pns"] = ValidationError(
                _("The TMT PNS cannot come before the TMT CPNS."), code="tmt_pns_before_cpns"
            )
        if self.status == self.Status.SUSPENDED and self.suspended_from is None:
            errors["suspended_from"] = ValidationError(
                _("Enter the day the temporary dismissal began."), code="suspension_start_required"
            )
        if self.suspended_until and (
            self.suspended_from is None or self.suspended_until < self.suspended_from
        ):
            errors["suspended_until"] = ValidationError(
                _("The temporary dismissal must end after it begins."), code="suspension_ends_before_start"
            )
        return errors

    def suspended_on(self, day: date) -> bool:
        """Whether a temporary dismissal on record covers ``day``."""
        if self.suspended_from is None or day < self.suspended_from:
            return False
        return self.suspended_until is None or day <= self.suspended_until

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        if (day.month, day.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


class PositionHistory(models.Model):
    """One spell in one position, with the decree that started it."""

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="position_history")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=80, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    # Which decision produced this spell ("case:123"); plain text so the registry stays
    # independent of the decisions app.
    source = models.CharField(_("source"), max_length=40, blank=True)

    class Meta:
        ordering = ["employee", "-start"]
        verbose_name = _("position history")
        verbose_name_plural = _("position history")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="position_history_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.start:%d-%m-%Y})"
