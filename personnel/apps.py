from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    """The registry: units, positions, employees and their histories."""

    name = "personnel"
    verbose_name = _("Personnel registry")

    def ready(self) -> None:
        from . import events, signals  # noqa: F401  (signals: users are deactivated, never deleted)

        events.register_all()
