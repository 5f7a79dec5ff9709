"""The committees in the Django admin."""

from __future__ import annotations

from django.contrib import admin

from .models import Committee


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rule", "required"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]
