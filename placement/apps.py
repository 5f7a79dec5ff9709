from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementConfig(AppConfig):
    """Competency-based placement: the position map, candidates for a vacancy, the talent
    pool and the SKP dashboard. Reads the registry and asks the policy engine; writes only
    its own settings, and starts cases through the decisions services."""

    name = "placement"
    verbose_name = _("Placement")
