"""The registry of event types: every code the ledger may record, what it means and carries.

``audit`` imports nothing of ours, so each app registers its own codes from its
``AppConfig.ready()`` (decisions, workflows, personnel, and ``audit`` its own): the code, a
label for people (lazily translated), the data keys the event carries with an example of
each, how to tell one event as a sentence, and the old codes that meant the same thing.

``services.record`` refuses a code with no entry, and an old code: new events use the
current codes. The ledger is append-only, so old codes stay readable: ``read()`` takes an
old code (``case.transfer.submitted``) to its type (``case.submitted``) with the data the old
code implied (``{"kind": "transfer"}``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass
class Told:
    """One event as people read it: a sentence, and what it lists beneath."""

    summary: str
    details: list[tuple[str, str]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class EventType:
    code: str
    label: Any  # a lazy translation: the type's name in a list of types
    carries: Mapping[str, Any]  # data key -> an example value
    describe: Callable[[dict], Told] | None = None  # None: the label is the sentence
    aliases: Mapping[str, dict] = field(default_factory=dict)  # old code -> the data it implied
    object_type: str = ""  # what its events are about ("case"): the inspector filters by it

    def tell(self, data: dict) -> Told:
        return self.describe(data) if self.describe is not None else Told(str(self.label))


class UnknownEvent(ValueError):
    """A code with no entry in the registry (or an old code, for a new event)."""


_types: dict[str, EventType] = {}
_aliases: dict[str, tuple[EventType, dict]] = {}


def register(
    code: str,
    *,
    label,
    carries: Mapping[str, Any] | None = None,
    describe: Callable[[dict], Told] | None = None,
    aliases: Mapping[str, dict] | Iterable[str] = (),
    object_type: str = "",
) -> EventType:
    """Register ``code`` (again with the same entry is fine: ``ready()`` may run twice)."""
    if not isinstance(aliases, Mapping):
        aliases = {alias: {} for alias in aliases}
    event_type = EventType(code, label, dict(carries or {}), describe, dict(aliases), object_type)
    for name in (code, *event_type.aliases):
        known = _types.get(name) or (_aliases.get(name) or (None,))[0]
        if known is not None and known.code != code:
            raise ValueError(f"event code {name!r} is already registered for {known.code!r}")
    _types[code] = event_type
    for alias, implied in event_type.aliases.items():
        _aliases[alias] = (event_type, implied)
    return event_type


def unregister(code: str) -> None:
    """For tests that register a code of their own."""
    event_type = _types.pop(code, None)
    for alias in event_type.aliases if event_type else ():
        _aliases.pop(alias, None)


def lookup(code: str) -> EventType | None:
    """The type of a code, current or old; None when nobody registered it."""
    return _types.get(code) or (_aliases.get(code) or (None,))[0]


def read(code: str, data: dict | None) -> tuple[EventType | None, dict]:
    """An event as recorded, read as its type and its data (with what an old code implied)."""
    data = data or {}
    if code in _types:
        return _types[code], data
    if code in _aliases:
        event_type, implied = _aliases[code]
        return event_type, {**implied, **data}
    return None, data


def require(code: str) -> EventType:
    """The type of a code a service is about to record; refuses unknown and old codes."""
    if code in _types:
        return _types[code]
    if code in _aliases:
        raise UnknownEvent(f"{code!r} is an old code; record {_aliases[code][0].code!r}")
    raise UnknownEvent(f"no event type {code!r} is registered (audit.events.register)")


def spellings(code: str) -> list[str]:
    """A code and its old codes: what to look for in the ledger."""
    event_type = _types.get(code)
    return [code, *event_type.aliases] if event_type else [code]


def registered() -> list[EventType]:
    return sorted(_types.values(), key=lambda event_type: event_type.code)


def label(code: str) -> str:
    event_type = lookup(code)
    return str(event_type.label) if event_type else code


def unknown(code: str) -> Told:
    """What people read for a code nobody registered: said as such, the code beside it."""
    return Told(str(_("Event of an unregistered type (%(code)s)") % {"code": code}))


def register_own() -> None:
    """The ledger's own events."""
    register(
        "ledger.checkpoint",
        label=_("Ledger checkpoint signed"),
        carries={"size": 1, "root": "ab" * 32, "head": "ab" * 32, "file": "checkpoint-1.json"},
        object_type="ledger",
    )
