"""System checks of what a signed decree depends on, run by ``manage.py check --deploy``.

- sahih.E001: the regional heading still uses the placeholder emblem. A kepala daerah's
  decree carries the state emblem, the Garuda Pancasila (UU 24/2009 Pasal 52 huruf a and
  Pasal 54 ayat (1) huruf i); the placeholder must never pass for it in production.
- sahih.W002: the region's legal bases name no Peraturan Daerah, so no decree cites the Perda
  on the perangkat daerah (docs/decrees.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def state_emblem_configured(app_configs, **kwargs):
    emblem = settings.SAHIH_REGION.get("emblem") or ""
    if emblem and Path(emblem).is_file():
        return []
    where = f"“{emblem}” is not a file" if emblem else "SAHIH_REGION_EMBLEM is not set"
    return [
        Error(
            f"Decrees are drawn with the placeholder emblem ({where}) and marked as not valid.",
            hint="Set SAHIH_REGION_EMBLEM to an image file of the Garuda Pancasila (UU 24/2009 Pasal 54).",
            id="sahih.E001",
        )
    ]


@register(Tags.compatibility, deploy=True)
def regional_bases_complete(app_configs, **kwargs):
    bases = settings.SAHIH_REGION.get("legal_bases") or []
    if any(str(base).startswith("Peraturan Daerah") for base in bases):
        return []
    return [
        Warning(
            "The region's legal bases cite no Peraturan Daerah: decrees will not cite the Perda on the "
            "perangkat daerah.",
            hint="Add the Perda with its Lembaran Daerah number to SAHIH_REGION['legal_bases'].",
            id="sahih.W002",
        )
    ]
