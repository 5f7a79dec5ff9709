"""An employee's family as the pension administration needs it: the spouse and the children who
may receive a survivor's pension (UU 11/1969), listed in a retirement decree for PT TASPEN."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FamilyMember(models.Model):
    """A spouse or child on the employee's family register (daftar susunan keluarga)."""

    class Relation(models.TextChoices):
        WIFE = "wife", _("wife")
        HUSBAND = "husband", _("husband")
        CHILD = "child", _("child")

    employee = models.ForeignKey("personnel.Employee", on_delete=models.PROTECT, related_name="family")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    marriage_date = models.DateField(_("date of marriage"), null=True, blank=True)
    # A marriage ended by divorce or death, or the day a child stopped being on the register.
    ended_on = models.DateField(_("no longer on the register since"), null=True, blank=True)
    married = models.BooleanField(_("married (a child)"), default=False)
    earning = models.BooleanField(_("has an income of their own (a child)"), default=False)

    class Meta:
        ordering = ["employee", "relation", "birth_date"]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "relation", "name"], name="one_family_member_per_name"
            ),
            models.CheckConstraint(
                condition=Q(relation="child") | Q(married=False, earning=False),
                name="married_and_earning_only_for_children",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relation_display()})"
