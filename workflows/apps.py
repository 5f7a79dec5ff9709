from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """The routes: one viewflow Flow per decision kind, and the task service."""

    name = "workflows"
    verbose_name = _("Workflows")

    def ready(self) -> None:
        from . import events

        events.register_all()
        from audit import claims

        from .ledger_claims import claims as workflows_claims

        claims.register("workflows", workflows_claims)
