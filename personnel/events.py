"""The registry's ledger events, registered with ``audit.events`` from ``PersonnelConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.events import register


def register_all() -> None:
    register(
        "registry.imported",
        object_type="registry_import",
        label=_("Registry imported"),
        carries={"files": [], "counts": {}, "skip_invalid": False, "rejected_rows": [], "via": "command"},
    )
    register(
        "registry.demo_seeded",
        object_type="registry",
        label=_("Demo city loaded"),
        carries={"counts": {}, "seed": 1, "day": "2026-07-01"},
    )
