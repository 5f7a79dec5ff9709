from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    """The inspector's side: search, a case's history replayed from the ledger, evidence
    bundles, and the record of every read. Read-only; no models of its own."""

    name = "inspection"
    verbose_name = _("Inspection")
