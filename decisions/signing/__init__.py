"""Signing decrees (PAdES) and checking signatures, behind one small interface.

The signing step calls ``get_signer().sign(pdf, request)`` with no lock held, between the two
short transactions of ``decisions.issuing``, and never knows how. Two signers:

- ``local.LocalPadesSigner``: the instance's own key and certificate (development, or a
  region's interim certificate); not a certified signature.
- ``bsre.BsreSigner``: BSrE's esign client service (API v2), the certified electronic
  signature (TTE) of the official, unlocked by the passphrase they type at signing time.

``SAHIH_SIGNING_BACKEND`` chooses one. ``verify.check_signature`` checks any signed PDF
against the configured trust roots. ``standin`` is a local stand-in for BSrE, for tests and
the demo only (docs/signing.md).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import DecreeSigner, OneTimeSecret, SignatureRequest
from .devca import create_development_certificates, write_development_certificates
from .errors import SigningUnavailable
from .local import FIELD_NAME, LocalPadesSigner, visible_style
from .verify import KIND_BSRE, KIND_LOCAL, SignatureCheck, check_signature, trust_roots

__all__ = [
    "FIELD_NAME",
    "KIND_BSRE",
    "KIND_LOCAL",
    "DecreeSigner",
    "LocalPadesSigner",
    "OneTimeSecret",
    "SignatureCheck",
    "SignatureRequest",
    "SigningUnavailable",
    "check_signature",
    "create_development_certificates",
    "get_signer",
    "trust_roots",
    "visible_style",
    "write_development_certificates",
]


def get_signer() -> DecreeSigner:
    config = settings.SAHIH_SIGNING
    return import_string(config["backend"])(config)
