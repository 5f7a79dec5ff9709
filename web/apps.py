from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """What clerks and officials click: the pages, the REST API for cases and tasks, the
    pickers, the konsep, the homes and the dashboard. Reads through the engine's selectors,
    writes through its services; no models of its own."""

    name = "web"
    verbose_name = _("Pages and API")
