from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Read-only: feedback changes only through its route (public/services.py)."""

    list_display = ["tracking_code", "kind", "unit", "status", "received_at"]
    list_filter = ["status", "kind"]
    exclude = ["sender_name", "sender_contact"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
