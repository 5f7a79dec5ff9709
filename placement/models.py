"""Placement's own data: the administrator's weights of the fit score. Everything else it
shows is read from the registry (personnel) and the rules (decisions.policy)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoring import FACTORS


class ScoreWeight(models.Model):
    """One factor's weight, over the default in settings.SAHIH_PLACEMENT. Any change makes a
    new score version (placement.scoring.version)."""

    factor = models.CharField(
        _("factor"), max_length=20, unique=True, choices=[(key, label) for key, label in FACTORS.items()]
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["factor"]
        verbose_name = _("fit score weight")
        verbose_name_plural = _("fit score weights")

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.weight}"
