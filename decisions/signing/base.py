"""What the workflow hands a signer, and what a signer is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

SECRET_KINDS = ("passphrase", "totp")


@dataclass(frozen=True)
class OneTimeSecret:
    """What the signer types at signing time to unlock their certificate at BSrE: the
    passphrase, or a one-time code (TOTP) BSrE sent them.

    It lives in memory for one request and nowhere else: never stored, logged, put in the
    ledger or in a message. ``repr`` and ``str`` show only its kind, so a log line or a
    traceback that mentions it does not leak it.
    """

    kind: str
    value: str = field(repr=False)

    def __post_init__(self) -> None:
        if self.kind not in SECRET_KINDS:
            raise ValueError(f"kind must be one of {SECRET_KINDS}, not {self.kind!r}")

    def __str__(self) -> str:
        return f"<{self.kind}>"


@dataclass(frozen=True)
class SignatureRequest:
    page: int  # 1-based
    box: tuple[float, float, float, float]  # PDF points, origin bottom-left of the page
    signer_name: str
    reason: str
    location: str
    # What the visible field shows, line by line (the second line, the name, in bold).
    appearance: tuple[str, ...] = ()
    # For a signer whose certificate lives at the certification authority (BSrE): who signs
    # (their NIK, from the registry) and what unlocks their certificate (typed at signing).
    # The local signer needs neither.
    signer_nik: str = ""
    secret: OneTimeSecret | None = field(default=None, repr=False)


class DecreeSigner(Protocol):
    # "local" (the instance's own certificate) or "bsre" (a certified signature, TTE).
    kind: ClassVar[str]
    # Whether the signer types something at signing time (BSrE's passphrase or one-time code).
    needs_secret: ClassVar[bool]

    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes: ...
