"""The NIK (Nomor Induk Kependudukan): the national identity number every resident holds for
life (UU 23/2006 Ps. 13, as amended by UU 24/2013), 16 digits. BSrE binds an official's
certified signing certificate to it, so the signer's NIK is what Sahih sends when the
official signs a decree through BSrE.

Only the digits and their number are checked. The digits do encode the region of
registration and the date of birth (PP 37/2007 Ps. 37), but a NIK issued with a wrong birth
date stays the person's NIK (Dukcapil does not reissue it), so the registry takes it as written.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NIK_LENGTH = 16
MSG_NOT_DIGITS = _("NIK may contain only digits; found “%(char)s”.")
MSG_LENGTH = _("NIK must have 16 digits; %(count)d given.")

_SPACING = re.compile(r"[\s.\-]+")


def compact_nik(value: str) -> str:
    """The NIK without the spaces, dots or hyphens people write in it."""
    return _SPACING.sub("", (value or "").strip())


def validate_nik(value: str) -> None:
    """Exactly 16 digits (an empty value is for the field's ``blank`` to judge)."""
    if not value:
        return
    wrong = next((char for char in value if not char.isdigit() or not char.isascii()), None)
    if wrong is not None:
        raise ValidationError(MSG_NOT_DIGITS, code="nik_not_digits", params={"char": wrong})
    if len(value) != NIK_LENGTH:
        raise ValidationError(MSG_LENGTH, code="nik_length", params={"count": len(value)})


def mask_nik(value: str) -> str:
    """For logs: the last four digits only (a NIK is personal data)."""
    return f"…{value[-4:]}" if value else ""
