from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The ledger: append-only, hash-chained events. Imports none of the other apps."""

    name = "audit"
    verbose_name = _("Audit ledger")

    def ready(self) -> None:
        from . import events

        events.register_own()
