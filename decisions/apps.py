from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    """The legal record: cases, their file, policy rules, and decrees (SK)."""

    name = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        from . import events

        events.register_all()
        from audit import claims

        from . import checks  # noqa: F401 -- registers the system checks
        from .ledger_claims import claims as decisions_claims

        claims.register("decisions", decisions_claims)
