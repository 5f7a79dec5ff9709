"""The registry in the Django admin: readable lists, search by NIP (spaced or not) and name,
histories inline on the employee. Accounts are deactivated here, never deleted."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    ActingAssignment,
    CompetencyAssessment,
    DisciplinarySanction,
    ElectedTerm,
    Employee,
    FamilyMember,
    OrgUnit,
    Position,
    PositionHistory,
    Proceeding,
    PublicHoliday,
    Rank,
    ServiceBond,
    SkpRating,
    Training,
)
from .nik import compact_nik
from .nip import compact_nip


def nik_field() -> forms.CharField:
    # Wide enough for a NIK written in groups; the model keeps the 16 digits.
    return forms.CharField(label="NIK", max_length=30, required=False, help_text="1272012609860001")


@admin.register(Rank)
class RankAdmin(admin.ModelAdmin):
    list_display = ["code", "golongan", "pangkat"]
    search_fields = ["golongan", "pangkat"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "kind",
        "functional_level",
        "functional_type",
        "is_head",
        "min_rank",
        "max_rank",
        "capacity",
        "holder_count",
        "is_active",
    ]
    list_filter = [
        "kind",
        "functional_type",
        "is_head",
        "is_active",
        ("unit", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name", "unit__code", "unit__name"]
    autocomplete_fields = ["unit", "min_rank", "max_rank"]
    list_select_related = ["unit", "min_rank", "max_rank"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_holders=Count("holders"))

    @admin.display(description=_("holders"), ordering="_holders")
    def holder_count(self, position):
        return position._holders


class _HistoryInline(admin.TabularInline):
    extra = 0
    show_change_link = False


class PositionHistoryInline(_HistoryInline):
    model = PositionHistory
    fields = ["position", "start", "end", "decree_number", "decree_date", "source"]
    autocomplete_fields = ["position"]


class SkpRatingInline(_HistoryInline):
    model = SkpRating


class SanctionInline(_HistoryInline):
    model = DisciplinarySanction


class ProceedingInline(_HistoryInline):
    model = Proceeding


class TrainingInline(_HistoryInline):
    model = Training


class AssessmentInline(_HistoryInline):
    model = CompetencyAssessment


class ServiceBondInline(_HistoryInline):
    model = ServiceBond


class FamilyInline(_HistoryInline):
    model = FamilyMember


class EmployeeForm(forms.ModelForm):
    # Wide enough for the spaced form; the model keeps the 18 digits.
    nip = forms.CharField(label="NIP", max_length=30, help_text="19860926 201505 1 001")
    nik = nik_field()

    class Meta:
        model = Employee
        fields = [
            "nip",
            "nik",
            "front_title",
            "name",
            "back_title",
            "birth_date",
            "gender",
            "status",
            "tmt_cpns",
            "tmt_pns",
            "oath_date",
            "suspended_from",
            "suspended_until",
            "suspension_decree",
            "rank",
            "rank_since",
            "mkg_years",
            "mkg_months",
            "position",
            "position_since",
            "education_level",
            "education_field",
            "user",
        ]

    def clean_nip(self) -> str:
        return compact_nip(self.cleaned_data["nip"])

    def clean_nik(self) -> str:
        return compact_nik(self.cleaned_data["nik"])


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    form = EmployeeForm
    list_display = ["nip_display", "full_name", "rank", "position", "unit", "position_since", "status"]
    list_filter = [
        "status",
        ("rank", admin.RelatedOnlyFieldListFilter),
        ("position__unit", admin.RelatedOnlyFieldListFilter),
        "position__kind",
        "gender",
        "education_level",
    ]
    search_fields = ["nip", "nik", "name", "position__name", "position__code"]
    autocomplete_fields = ["position", "user"]
    list_select_related = ["rank", "position__unit"]
    inlines = [
        PositionHistoryInline,
        SkpRatingInline,
        SanctionInline,
        ProceedingInline,
        TrainingInline,
        AssessmentInline,
        ServiceBondInline,
        FamilyInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("nip", "nik"),
                    ("front_title", "name", "back_title"),
                    ("birth_date", "gender"),
                    "status",
                ]
            },
        ),
        (
            _("Career"),
            {
                "fields": [
                    ("tmt_cpns", "tmt_pns", "oath_date"),
                    ("rank", "rank_since"),
                    ("position", "position_since"),
                ]
            },
        ),
        (
            _("Temporary dismissal"),
            {"fields": [("suspended_from", "suspended_until"), "suspension_decree"], "classes": ["collapse"]},
        ),
        (_("Education"), {"fields": [("education_level", "education_field")]}),
        (_("Login"), {"fields": ["user"]}),
    ]

    @admin.display(description="NIP", ordering="nip")
    def nip_display(self, employee):
        return employee.nip_display

    @admin.display(description=_("name"), ordering="name")
    def full_name(self, employee):
        return employee.full_name

    @admin.display(description=_("unit"), ordering="position__unit__code")
    def unit(self, employee):
        return employee.position.unit if employee.position else "-"

    def get_search_results(self, request, queryset, search_term):
        # Officials write the NIP spaced ("19860926 201505 1 001"); the column holds digits.
        compact = compact_nip(search_term)
        if compact.isdigit() and len(compact) >= 8:
            search_term = compact
        return super().get_search_results(request, queryset, search_term)


class ElectedTermForm(forms.ModelForm):
    nik = nik_field()

    class Meta:
        model = ElectedTerm
        fields = ["position", "full_name", "nik", "user", "inaugurated_on", "term_end"]

    def clean_nik(self) -> str:
        return compact_nik(self.cleaned_data["nik"])


@admin.register(ElectedTerm)
class ElectedTermAdmin(admin.ModelAdmin):
    form = ElectedTermForm
    list_display = ["full_name", "position", "inaugurated_on", "term_end", "user"]
    list_filter = ["position"]
    search_fields = ["full_name", "user__username"]
    autocomplete_fields = ["user"]


@admin.register(ActingAssignment)
class ActingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["position", "kind", "user", "start", "end", "decree_number"]
    list_filter = ["kind", ("position__unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["position__name", "position__code", "user__username", "decree_number"]
    autocomplete_fields = ["position", "user"]
    date_hierarchy = "start"


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin without deletion: decisions and the ledger refer to accounts."""

    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = queryset.filter(is_active=True).update(is_active=False)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"
