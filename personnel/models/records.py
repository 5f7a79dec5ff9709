"""What the rules read about an employee besides their post: performance ratings, sanctions
and proceedings, training and service bonds; and who holds elected posts or acts in a post."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..nik import compact_nik, validate_nik
from .employees import Employee
from .organisation import Position


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
