"""Canonical JSON: the exact bytes an event's hash covers.

Keys sorted, no insignificant whitespace, UTF-8, no floats (their text form is not stable
across languages), dates and times as ISO 8601 strings. verify_bundle.py re-implements this
with the standard library only, so keep it that simple.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID


class NotCanonical(TypeError):
    """A value that has no single canonical JSON form."""


def normalise(value: Any) -> Any:
    """Turn a value into plain JSON types, or refuse it."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        raise NotCanonical("floats have no canonical form; pass a string or an int")
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): normalise(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [normalise(item) for item in value]
    if hasattr(value, "__str__") and type(value).__name__ == "__proxy__":  # lazy translation
        return str(value)
    raise NotCanonical(f"{type(value).__name__} is not a JSON value")


def dumps(value: Any) -> str:
    return json.dumps(normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
