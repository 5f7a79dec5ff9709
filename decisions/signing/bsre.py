"""BSrE's esign client service, API v2: the official's certified electronic signature (TTE),
unlocked by the passphrase (or one-time code) they type at signing time.

Three calls, all ``POST`` with JSON and the application's HTTP Basic credentials
(docs/signing.md, "The BSrE API", says where each detail comes from and which are still
unverified against the real service):

- ``/api/v2/user/check/status`` ``{nik}`` -> ``{"status": "ISSUE"}`` (or another state);
- ``/api/v2/sign/pdf`` ``{nik, passphrase | totp, signatureProperties: [...], file: [base64]}``
  -> ``{"file": [base64 of the signed PDF]}``;
- ``/api/v2/sign/get/totp`` ``{nik, data: 1}``: BSrE sends the signer a one-time code.

The status is asked first: a certificate that cannot sign gets its own message, and the
passphrase is not sent for nothing. Nothing here retries on its own: a repeated wrong
passphrase should be the signer's decision, and a call that timed out is simply made again
by the signer (the service keeps nothing Sahih depends on, so a second call is harmless).
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from dataclasses import dataclass, field

import requests
from django.views.decorators.debug import sensitive_variables

from personnel.nik import NIK_LENGTH, mask_nik

from ..documents.stamp import appearance_png
from .base import SignatureRequest
from .errors import (
    CertificateExpired,
    CertificateNotIssued,
    CertificateRevoked,
    CertificateSuspended,
    ClientNotAuthorized,
    MalformedAnswer,
    MissingSignerIdentity,
    NotConfigured,
    SecretRequired,
    ServiceDown,
    ServiceRefused,
    ServiceTimeout,
    SignerNotRegistered,
    SigningUnavailable,
    WrongOneTimeCode,
    WrongPassphrase,
)
from .verify import check_signature

log = logging.getLogger("sahih.bsre")

STATUS_PATH = "/api/v2/user/check/status"
SIGN_PATH = "/api/v2/sign/pdf"
CODE_PATH = "/api/v2/sign/get/totp"
CAN_SIGN = "ISSUE"
ONE_TIME_CODE = "totp"  # the OneTimeSecret kind of a code BSrE sent

# Certificate states named by public v2 clients; only ISSUE signs.
STATUS_ERRORS = {
    "NOT_REGISTERED": SignerNotRegistered,
    "NEW": CertificateNotIssued,
    "WAITING_FOR_VERIFICATION": CertificateNotIssued,
    "NO_CERTIFICATE": CertificateNotIssued,
    "EXPIRED": CertificateExpired,
    "RENEW": CertificateExpired,
    "REVOKE": CertificateRevoked,
    "SUSPEND": CertificateSuspended,
}
# Error codes of BSrE's answers ({"error": "...", "status_code": 2031}) seen in public code.
# A wrong passphrase and a wrong one-time code are told apart by what the signer typed.
CODE_ERRORS = {2011: SignerNotRegistered, 2031: WrongPassphrase}
# Without a known code: words of the service's message, Indonesian or English.
TEXT_ERRORS = (
    ("passphrase", WrongPassphrase),
    ("totp", WrongPassphrase),
    ("tidak terdaftar", SignerNotRegistered),
    ("not registered", SignerNotRegistered),
    ("kadaluarsa", CertificateExpired),
    ("kedaluwarsa", CertificateExpired),
    ("expired", CertificateExpired),
    ("dicabut", CertificateRevoked),
    ("revoke", CertificateRevoked),
    ("suspend", CertificateSuspended),
    ("ditangguhkan", CertificateSuspended),
)


@dataclass(frozen=True)
class BsreSettings:
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    connect_timeout: float = 5
    read_timeout: float = 60
    ca_bundle: str = ""

    @classmethod
    def from_config(cls, config: dict) -> BsreSettings:
        values = config.get("bsre") or {}
        return cls(
            base_url=(values.get("base_url") or "").rstrip("/"),
            client_id=values.get("client_id") or "",
            client_secret=values.get("client_secret") or "",
            connect_timeout=float(values.get("connect_timeout") or 5),
            read_timeout=float(values.get("read_timeout") or 60),
            ca_bundle=values.get("ca_bundle") or "",
        )

    @property
    def configured(self) -> bool:
        return bool(self.base_url and self.client_id and self.client_secret)


def _status_of(body: dict) -> str:
    """The certificate state, wherever the answer puts it (clients read all three places)."""
    nested = body.get("data") if isinstance(body.get("data"), dict) else {}
    value = body.get("status") or body.get("userStatus") or nested.get("status")
    return value.strip().upper() if isinstance(value, str) else ""


def _failure(http_status: int, body, secret_kind: str | None) -> SigningUnavailable | None:
    """What went wrong, from the HTTP status and the answer; None when nothing did."""
    ok = 200 <= http_status < 300
    if ok and isinstance(body, dict) and not body.get("error"):
        return None
    if isinstance(body, dict):
        code = body.get("status_code")
        text = " ".join(str(body.get(key) or "") for key in ("error", "message")).lower()
        found = CODE_ERRORS.get(code) if isinstance(code, int) else None
        found = found or next((error for words, error in TEXT_ERRORS if words in text), None)
        if found is WrongPassphrase and secret_kind == ONE_TIME_CODE:
            return WrongOneTimeCode()
        if found is not None:
            return found()
    if http_status == 401:
        return ClientNotAuthorized()
    if http_status in (408, 504):
        return ServiceTimeout()
    if http_status >= 500 or http_status == 429:
        return ServiceDown()
    if ok and not isinstance(body, dict):
        return MalformedAnswer()
    code = body.get("status_code") if isinstance(body, dict) else None
    return ServiceRefused(str(code) if str(code).isdigit() else str(http_status))


def _decode_file(body: dict, sent: bytes) -> bytes:
    """The signed PDF of the answer, if it is one: exactly one file, base64, an incremental
    update of the bytes sent (the stored hashes, the public check and the PETIKAN check rely
    on that), whose last signature is intact and covers the whole file."""
    files = body.get("file")
    if not (isinstance(files, list) and len(files) == 1 and isinstance(files[0], str)):
        return _unusable("not one file")
    try:
        signed = base64.b64decode("".join(files[0].split()), validate=True)
    except (binascii.Error, ValueError):
        return _unusable("not base64")
    if len(signed) <= len(sent) or not signed.startswith(sent):
        return _unusable("not an incremental update of the document sent")
    check = check_signature(signed)
    if not (check.signed and check.intact):
        return _unusable(f"no intact signature over the whole file ({check.problem or 'not intact'})")
    return signed


def _unusable(reason: str) -> bytes:
    log.warning("bsre: the signed file is unusable: %s", reason)
    raise MalformedAnswer()


class BsreSigner:
    """Signs through BSrE's esign client service with the official's own certificate."""

    kind = "bsre"
    needs_secret = True

    def __init__(self, config: dict):
        self.settings = BsreSettings.from_config(config)

    @sensitive_variables("request", "payload", "secret")
    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes:
        nik = self._nik(request.signer_nik)
        secret = request.secret
        if secret is None or not secret.value:
            raise SecretRequired()
        x1, y1, x2, y2 = request.box
        appearance = appearance_png(request.appearance or ("", request.signer_name), x2 - x1, y2 - y1)
        payload = {
            "nik": nik,
            secret.kind: secret.value,
            "signatureProperties": [
                {
                    "tampilan": "VISIBLE",
                    "imageBase64": base64.b64encode(appearance).decode("ascii"),
                    "page": request.page,
                    "originX": round(x1, 2),
                    "originY": round(y1, 2),
                    "width": round(x2 - x1, 2),
                    "height": round(y2 - y1, 2),
                    "location": request.location,
                    "reason": request.reason,
                }
            ],
            "file": [base64.b64encode(pdf).decode("ascii")],
        }
        with requests.Session() as http:
            self._check_status(http, nik)
            body = self._post(http, SIGN_PATH, payload, nik=nik, secret_kind=secret.kind)
        return _decode_file(body, pdf)

    def certificate_status(self, *, nik: str) -> str:
        """The state of the signer's certificate at BSrE ("ISSUE" signs); raises for a NIK
        BSrE does not know."""
        with requests.Session() as http:
            return self._status(http, self._nik(nik))

    def request_code(self, *, nik: str) -> None:
        """Ask BSrE to send the signer a one-time code for one document (instead of typing the
        passphrase)."""
        nik = self._nik(nik)
        with requests.Session() as http:
            self._check_status(http, nik)
            self._post(http, CODE_PATH, {"nik": nik, "data": 1}, nik=nik)

    def _nik(self, nik: str) -> str:
        if not self.settings.configured:
            raise NotConfigured()
        if len(nik or "") != NIK_LENGTH or not nik.isdigit():
            raise MissingSignerIdentity()
        return nik

    def _status(self, http: requests.Session, nik: str) -> str:
        status = _status_of(self._post(http, STATUS_PATH, {"nik": nik}, nik=nik))
        if not status:
            log.warning("bsre: the status answer names no status")
            raise MalformedAnswer()
        return status

    def _check_status(self, http: requests.Session, nik: str) -> None:
        status = self._status(http, nik)
        if status == CAN_SIGN:
            return
        if status in STATUS_ERRORS:
            raise STATUS_ERRORS[status]()
        # A state no public client names: let the signing call itself say whether it signs.
        log.warning("bsre: unknown certificate status %r for nik %s", status, mask_nik(nik))

    @sensitive_variables("payload")
    def _post(self, http: requests.Session, path: str, payload: dict, *, nik: str, secret_kind=None):
        settings = self.settings
        started = time.monotonic()
        try:
            response = http.post(
                settings.base_url + path,
                json=payload,
                auth=(settings.client_id, settings.client_secret),
                timeout=(settings.connect_timeout, settings.read_timeout),
                verify=settings.ca_bundle or True,  # never off
                headers={"Accept": "application/json"},
            )
        except requests.Timeout as error:
            self._log(path, nik, started, "timeout", error=error)
            raise ServiceTimeout() from None  # the chain would carry the request's frames
        except requests.RequestException as error:
            self._log(path, nik, started, "unreachable", error=error)
            raise ServiceDown() from None
        try:
            body = response.json()
        except ValueError:
            body = None
        failure = _failure(response.status_code, body, secret_kind)
        outcome = failure.code if failure is not None else "ok"
        self._log(path, nik, started, outcome, http_status=response.status_code)
        if failure is not None:
            raise failure
        return body

    def _log(self, path: str, nik: str, started: float, outcome: str, *, http_status=None, error=None):
        # What was asked for whom and how it ended; never the payload (it holds the secret).
        log.info(
            "bsre %s nik=%s outcome=%s http=%s ms=%d%s",
            path,
            mask_nik(nik),
            outcome,
            http_status or "-",
            (time.monotonic() - started) * 1000,
            f" error={type(error).__name__}" if error is not None else "",
        )
