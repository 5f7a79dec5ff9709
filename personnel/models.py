"""The personnel registry: who holds which position in which unit, and their histories.

These are the facts every route and rule reads. They change only through decisions (a signed
SK taking effect) or through the registry import; both leave a position history behind.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .nik import compact_nik, validate_nik
from .nip import compact_nip, format_nip, parse_nip, validate_nip


class Rank(models.Model):
    """Pangkat/golongan ruang. The code is SIASN's golonganId (11 = I/a ... 45 = IV/e)."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    golongan = models.CharField(_("grade"), max_length=6, unique=True)
    pangkat = models.CharField(_("rank"), max_length=40)

    class Meta:
        ordering = ["code"]
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")

    def __str__(self) -> str:
        return f"{self.pangkat} ({self.golongan})"


class EducationLevel(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SLTA = "SLTA", "SLTA/SMA/SMK"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


# D-IV and S-1 are equivalent for every position requirement (PP 11/2017).
EDUCATION_RANK = {
    EducationLevel.SD: 1,
    EducationLevel.SMP: 2,
    EducationLevel.SLTA: 3,
    EducationLevel.D1: 4,
    EducationLevel.D2: 5,
    EducationLevel.D3: 6,
    EducationLevel.D4: 7,
    EducationLevel.S1: 7,
    EducationLevel.S2: 8,
    EducationLevel.S3: 9,
}


class OrgUnit(models.Model):
    """A unit of the regional government. Top-level units under the region are the OPDs."""

    class Kind(models.TextChoices):
        REGION = "region", _("regional government")
        SECRETARIAT = "sekretariat_daerah", _("regional secretariat")
        COUNCIL_SECRETARIAT = "sekretariat_dprd", _("council secretariat")
        INSPECTORATE = "inspektorat", _("inspectorate")
        DINAS = "dinas", _("service (dinas)")
        BADAN = "badan", _("agency (badan)")
        KECAMATAN = "kecamatan", _("district (kecamatan)")
        KELURAHAN = "kelurahan", _("urban village (kelurahan)")
        DIVISION = "bagian", _("division (bagian/bidang)")
        UPT = "upt", _("technical unit (UPT)")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        # Granted per unit with django-guardian: "any verifier of BKPSDM may take this",
        # "the secretary of DISHUB may hand DISHUB's waiting tasks to its Plh".
        permissions = [
            ("verify_cases", _("Can verify personnel cases for this unit")),
            ("manage_tasks", _("Can reassign the waiting tasks of this unit")),
        ]

    def __str__(self) -> str:
        return self.name

    @cached_property
    def opd(self) -> OrgUnit:
        """The OPD (top-level unit under the region) this unit belongs to."""
        unit = self
        while unit.parent_id is not None and unit.parent.kind != OrgUnit.Kind.REGION:
            unit = unit.parent
        return unit


class Position(models.Model):
    """A position in the peta jabatan, with its requirements and capacity (ABK)."""

    class Kind(models.TextChoices):
        REGIONAL_HEAD = "kepala_daerah", _("regional head")
        REGIONAL_DEPUTY = "wakil_kepala_daerah", _("deputy regional head")
        JPT_PRATAMA = "jpt_pratama", _("JPT pratama")
        ADMINISTRATOR = "administrator", _("administrator")
        PENGAWAS = "pengawas", _("supervisor (pengawas)")
        PELAKSANA = "pelaksana", _("executive (pelaksana)")
        FUNCTIONAL = "fungsional", _("functional")

    class FunctionalLevel(models.TextChoices):
        PEMULA = "pemula", _("beginner (pemula)")
        TERAMPIL = "terampil", _("skilled (terampil)")
        MAHIR = "mahir", _("proficient (mahir)")
        PENYELIA = "penyelia", _("supervisor (penyelia)")
        AHLI_PERTAMA = "ahli_pertama", _("first expert (ahli pertama)")
        AHLI_MUDA = "ahli_muda", _("junior expert (ahli muda)")
        AHLI_MADYA = "ahli_madya", _("senior expert (ahli madya)")
        AHLI_UTAMA = "ahli_utama", _("principal expert (ahli utama)")

    ELECTED_KINDS = (Kind.REGIONAL_HEAD, Kind.REGIONAL_DEPUTY)
    STRUCTURAL_KINDS = (Kind.JPT_PRATAMA, Kind.ADMINISTRATOR, Kind.PENGAWAS)

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    functional_level = models.CharField(
        _("functional level"), max_length=20, choices=FunctionalLevel.choices, blank=True
    )
    # The JF's family as its own law names it: some carry their own retirement age (teachers,
    # lecturers, researchers; SAHIH_POLICY["bup_ages_by_functional_type"]).
    functional_type = models.CharField(
        _("functional position type"),
        max_length=40,
        blank=True,
        help_text=_("The JF family, e.g. guru, dosen, peneliti, perekayasa; empty for the general rules."),
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    is_head = models.BooleanField(_("heads the unit"), default=False)
    min_education = models.CharField(
        _("minimum education"), max_length=4, choices=EducationLevel.choices, blank=True
    )
    education_fields = models.JSONField(
        _("required fields of study"),
        default=list,
        blank=True,
        help_text=_("Empty means any field."),
    )
    min_rank = models.ForeignKey(
        Rank,
        verbose_name=_("minimum rank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    max_rank = models.ForeignKey(
        Rank,
        verbose_name=_("maximum rank"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The regulation that establishes a functional position (its PermenPANRB): an appointment
    # decree cites it in Mengingat.
    regulation = models.CharField(_("regulation of the functional position"), max_length=400, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("holders allowed (ABK)"),
        default=1,
        help_text=_("How many employees the workload analysis (ABK) allows in this position."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit__code", "-is_head", "code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_head=True), name="one_head_position_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(kind="fungsional") | Q(functional_level=""),
                name="functional_level_only_for_functional_positions",
            ),
            models.CheckConstraint(
                condition=Q(kind="fungsional") | Q(functional_type=""),
                name="functional_type_only_for_functional_positions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.unit.name}"

    def clean(self) -> None:
        if self.kind == self.Kind.FUNCTIONAL and not self.functional_level:
            raise ValidationError(
                {
                    "functional_level": ValidationError(
                        _("A functional position needs its level."), code="level_required"
                    )
                }
            )


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
        indexes = [models.Index(fields=["status", "position"])]

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


class SkpRating(models.Model):
    """The yearly performance rating (predikat kinerja, SKP)."""

    class Rating(models.TextChoices):
        VERY_GOOD = "sangat_baik", _("very good (sangat baik)")
        GOOD = "baik", _("good (baik)")
        NEEDS_IMPROVEMENT = "butuh_perbaikan", _("needs improvement (butuh perbaikan)")
        POOR = "kurang", _("poor (kurang)")
        VERY_POOR = "sangat_kurang", _("very poor (sangat kurang)")

    GOOD_OR_BETTER = (Rating.VERY_GOOD, Rating.GOOD)

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="skp_ratings")
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    class Meta:
        ordering = ["employee", "-year"]
        verbose_name = _("SKP rating")
        verbose_name_plural = _("SKP ratings")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="one_skp_rating_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_rating_display()}"


class CompetencyAssessment(models.Model):
    """A competency assessment (penilaian potensi dan kompetensi, PermenPANRB 3/2020): the
    potential axis of the talent pool's nine-box grid. The latest result counts."""

    class Potential(models.TextChoices):
        HIGH = "tinggi", _("high (tinggi)")
        MEDIUM = "menengah", _("medium (menengah)")
        LOW = "rendah", _("low (rendah)")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    potential = models.CharField(_("potential"), max_length=10, choices=Potential.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    assessor = models.CharField(_("assessor"), max_length=200, blank=True)

    class Meta:
        ordering = ["employee", "-assessed_on"]
        verbose_name = _("competency assessment")
        verbose_name_plural = _("competency assessments")
        constraints = [
            models.UniqueConstraint(fields=["employee", "assessed_on"], name="one_assessment_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.assessed_on:%d-%m-%Y}: {self.get_potential_display()}"


class DisciplinarySanction(models.Model):
    """A sanction under PP 94/2021, with the period it runs."""

    class Level(models.TextChoices):
        LIGHT = "ringan", _("light")
        MEDIUM = "sedang", _("medium")
        HEAVY = "berat", _("heavy")

    class Kind(models.TextChoices):
        VERBAL_WARNING = "teguran_lisan", _("verbal warning")
        WRITTEN_WARNING = "teguran_tertulis", _("written warning")
        WRITTEN_DISSATISFACTION = "pernyataan_tidak_puas", _("written statement of dissatisfaction")
        ALLOWANCE_CUT = "pemotongan_tukin", _("performance allowance cut by 25%")
        DEMOTION = "penurunan_jabatan", _("one-level demotion for 12 months")
        RELEASE_TO_PELAKSANA = "pembebasan_jabatan", _("release to an executive post for 12 months")
        DISMISSAL = "pdhtaps", _("honourable dismissal not at own request (PDHTAPS)")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="sanctions")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=80, blank=True)

    class Meta:
        ordering = ["employee", "-start"]
        verbose_name = _("disciplinary sanction")
        verbose_name_plural = _("disciplinary sanctions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start:%d-%m-%Y})"

    def is_active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Proceeding(models.Model):
    """A disciplinary examination, criminal proceeding or appeal that is (or was) running."""

    class Kind(models.TextChoices):
        DISCIPLINARY_EXAMINATION = "pemeriksaan_disiplin", _("disciplinary examination")
        CRIMINAL = "pidana", _("criminal proceedings")
        APPEAL = "banding", _("appeal against a dismissal")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)

    class Meta:
        ordering = ["employee", "-start"]
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start:%d-%m-%Y})"


class Training(models.Model):
    """Leadership (PKP, PKA, PKN II) and technical training held."""

    class Kind(models.TextChoices):
        PKP = "pkp", _("PKP (supervisor leadership)")
        PKA = "pka", _("PKA (administrator leadership)")
        PKN_II = "pkn2", _("PKN II (senior leadership)")
        # Pelatihan dasar: the training every CPNS must pass to be appointed PNS.
        LATSAR = "latsar", _("basic training for CPNS (Latsar)")
        TECHNICAL = "teknis", _("technical")
        FUNCTIONAL = "fungsional", _("functional")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="trainings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    certificate_number = models.CharField(_("certificate number"), max_length=80, blank=True)

    class Meta:
        ordering = ["employee", "-end"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.name


class ServiceBond(models.Model):
    """Study leave (tugas belajar) or a service bond (ikatan dinas) that binds the employee."""

    class Kind(models.TextChoices):
        STUDY_LEAVE = "tugas_belajar", _("study leave (tugas belajar)")
        SERVICE_BOND = "ikatan_dinas", _("service bond (ikatan dinas)")

    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="service_bonds")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    reference = models.CharField(_("reference"), max_length=120, blank=True)

    class Meta:
        ordering = ["employee", "-start"]
        verbose_name = _("service bond")
        verbose_name_plural = _("service bonds")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start:%d-%m-%Y}–{self.end:%d-%m-%Y})"


class ElectedTerm(models.Model):
    """A term of the regional head or deputy: elected, so no NIP and no employee record."""

    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        related_name="elected_terms",
        limit_choices_to={"kind__in": Position.ELECTED_KINDS},
    )
    full_name = models.CharField(_("name"), max_length=150)
    # The regional head signs the decrees; BSrE knows them by NIK. Not unique: a re-elected
    # head has one term per election.
    nik = models.CharField("NIK", max_length=16, blank=True, validators=[validate_nik], help_text="16 digit")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected_terms",
    )
    inaugurated_on = models.DateField(_("inaugurated on"))
    term_end = models.DateField(_("term ends"))

    class Meta:
        ordering = ["position", "-inaugurated_on"]
        verbose_name = _("elected term")
        verbose_name_plural = _("elected terms")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position.name})"

    def clean_fields(self, exclude=None) -> None:
        self.nik = compact_nik(self.nik)
        super().clean_fields(exclude=exclude)


class ActingAssignment(models.Model):
    """A Plt or Plh appointed to act in a position for a period, on a decree."""

    class Kind(models.TextChoices):
        PLT = "plt", _("Plt. (acting in place)")
        PLH = "plh", _("Plh. (daily acting)")

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="acting_assignments")
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting official"),
        on_delete=models.PROTECT,
        related_name="acting_assignments",
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    decree_number = models.CharField(_("decree number"), max_length=80)
    decree_date = models.DateField(_("decree date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "-start"]
        verbose_name = _("acting official")
        verbose_name_plural = _("acting officials")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="acting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position.name}"


from .family import FamilyMember  # noqa: E402,F401  (a model of this app, kept in its own module)
from .holidays import PublicHoliday  # noqa: E402,F401  (the working-day calendar, with its data)
