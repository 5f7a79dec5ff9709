"""System checks of what a signed decree depends on: the emblem, the region's bases, the signer.

- ``sahih.E001`` (deploy): the regional heading still uses the placeholder emblem. A kepala
  daerah's decree carries the state emblem, the Garuda Pancasila (UU 24/2009 Pasal 52 huruf a
  and Pasal 54 ayat (1) huruf i); the placeholder must never pass for it in production.
- ``sahih.W002`` (deploy): the region's legal bases name no Peraturan Daerah, so no decree cites
  the Perda on the perangkat daerah (docs/decrees.md).

- ``sahih.E101``: the BSrE signer is chosen but its address or credentials are missing.
- ``sahih.E102`` (deploy, DEBUG off): a trust bundle holds the BSrE stand-in's CA, so a file
  the stand-in signed would pass for a certified signature.
- ``sahih.E103`` (deploy, DEBUG off): ``SAHIH_BSRE_URL`` leads to the stand-in (it names itself
  in every answer), so the official's passphrase would go to a test tool and the "signature"
  would be worthless.
- ``sahih.W104`` (deploy, DEBUG off): ``SAHIH_BSRE_URL`` is plain HTTP to another machine: the
  passphrase would cross the network unencrypted.

``manage.py check --deploy`` runs the last two; E103 makes one unauthenticated request to the
configured address (the real service answers it with 401 and is not otherwise touched).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.checks import Warning as CheckWarning

from .signing.bsre import STATUS_PATH, BsreSettings, BsreSigner
from .signing.standin import HEADER, MARKER_UNIT
from .signing.verify import trust_anchors

BSRE_BACKEND = f"{BsreSigner.__module__}.{BsreSigner.__name__}"


@register(Tags.security)
def bsre_configured(app_configs, **kwargs) -> list[Error]:
    config = settings.SAHIH_SIGNING
    if config["backend"] != BSRE_BACKEND or BsreSettings.from_config(config).configured:
        return []
    return [
        Error(
            "The BSrE signer is chosen but SAHIH_BSRE_URL, SAHIH_BSRE_CLIENT_ID or SAHIH_BSRE_CLIENT_SECRET is empty.",
            hint="Set them as docs/signing.md describes, or choose another SAHIH_SIGNING_BACKEND.",
            id="sahih.E101",
        )
    ]


def _is_standin_certificate(cert) -> bool:
    units = cert.subject.native.get("organizational_unit_name") or []
    return MARKER_UNIT in ([units] if isinstance(units, str) else units)


def _answers_as_standin(bsre: BsreSettings) -> bool:
    try:
        response = requests.post(
            bsre.base_url + STATUS_PATH, json={}, timeout=(2, 5), verify=bsre.ca_bundle or True
        )
    except requests.RequestException:
        return False  # unreachable now: whatever it is, it is not answering as the stand-in
    return response.headers.get(HEADER) == "1"


def _plain_http_elsewhere(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname in (None, "localhost"):
        return False
    try:
        return not ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return True  # a host name: another machine, as far as anyone can tell


@register(Tags.security, deploy=True)
def bsre_standin_in_production(app_configs, **kwargs) -> list[Error | CheckWarning]:
    if settings.DEBUG:
        return []
    errors = []
    for kind, certs in trust_anchors().items():
        if any(_is_standin_certificate(cert) for cert in certs):
            errors.append(
                Error(
                    f"The {kind!r} trust roots hold the BSrE stand-in's test CA while DEBUG is off.",
                    hint="Trust only the real BSrE chain in production (docs/signing.md, trust roots).",
                    id="sahih.E102",
                )
            )
    bsre = BsreSettings.from_config(settings.SAHIH_SIGNING)
    if bsre.base_url and _answers_as_standin(bsre):
        errors.append(
            Error(
                f"SAHIH_BSRE_URL ({bsre.base_url}) leads to the BSrE stand-in while DEBUG is off.",
                hint="Point SAHIH_BSRE_URL at the region's esign client service; the stand-in is for tests.",
                id="sahih.E103",
            )
        )
    if _plain_http_elsewhere(bsre.base_url):
        errors.append(
            CheckWarning(
                f"SAHIH_BSRE_URL ({bsre.base_url}) is plain HTTP to another machine: officials' passphrases "
                "would cross the network unencrypted.",
                hint="Use https:// (with SAHIH_BSRE_CA_BUNDLE for a private CA).",
                id="sahih.W104",
            )
        )
    return errors


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
        CheckWarning(
            "The region's legal bases cite no Peraturan Daerah: decrees will not cite the Perda on the "
            "perangkat daerah.",
            hint="Add the Perda with its Lembaran Daerah number to SAHIH_REGION['legal_bases'].",
            id="sahih.W002",
        )
    ]
