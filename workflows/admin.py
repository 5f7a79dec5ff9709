"""The workflow calendar (public holidays) and the committees in the Django admin."""

from __future__ import annotations

from django.contrib import admin

from .models import Committee, PublicHoliday


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule", "required"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]
