"""The organisation: ranks, education levels, units (OPD and their parts) and positions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


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
    # lecturers, researchers; the policy parameter bup_ages_by_functional_type).
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
