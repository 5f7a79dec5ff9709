"""Rule parameters and the election calendar in the Django admin (the administrator's
part of the rules). Cases, decrees and evaluations are not here: they change only through
the services, which write the ledger."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ElectionPeriod, PolicyParameter
from .policy.engine import configured


class PolicyParameterForm(forms.ModelForm):
    class Meta:
        model = PolicyParameter
        fields = ["key", "value", "note"]
        help_texts = {
            "key": _(
                "A parameter of the rules (min_years_in_post, max_years_in_post, "
                "retirement_warning_months, ...), or one entry of a nested one with dots "
                "(bup_ages.default)."
            ),
        }

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if key.split(".", 1)[0] not in configured():
            raise forms.ValidationError(_("The rules have no parameter called “%(key)s”.") % {"key": key})
        return key


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    form = PolicyParameterForm
    list_display = ["key", "value", "note", "updated_at"]
    search_fields = ["key", "note"]
    readonly_fields = ["updated_at"]


@admin.register(ElectionPeriod)
class ElectionPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "candidates_set_on", "term_end", "inauguration_on"]
    search_fields = ["name"]
    date_hierarchy = "candidates_set_on"
