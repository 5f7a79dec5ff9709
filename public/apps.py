from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public side beyond decree verification: open statistics and public feedback."""

    name = "public"
    verbose_name = _("Public")

    def ready(self):
        from . import events

        events.register_all()
