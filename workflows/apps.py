from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """The routes: one viewflow Flow per decision kind, and the task service."""

    name = "workflows"
    verbose_name = _("Workflows")
