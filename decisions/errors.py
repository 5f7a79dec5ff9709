"""The errors services raise. Each carries a stable code (for the API) and a sentence for
people (in the active language). Views and the API map them; services never return flags."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class Refused(PermissionDenied):
    """The user may see this but may not do it (HTTP 403)."""

    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


class Conflict(Exception):
    """The state moved under the user: already decided, a race lost (HTTP 409)."""

    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


class Invalid(ValidationError):
    """Bad input (HTTP 400). ``fields`` maps field names to messages."""

    def __init__(self, message, *, code: str, fields: dict | None = None, extra: dict | None = None):
        super().__init__(str(message), code=code)
        self.fields = {
            name: [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in (fields or {}).items()
        }
        self.extra = extra or {}
