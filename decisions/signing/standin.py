"""A local stand-in for BSrE's esign client service (API v2), for the tests and the demo only.

It answers the requests ``bsre.BsreSigner`` makes, over real HTTP, and signs with its own test
CA (pyHanko, PAdES, an incremental update like the real service's answers must be). Its
certificates say "Sahih (development only)" / "BSrE stand-in"; the deploy check refuses a
production configuration that points at it or trusts its CA (decisions/checks.py).

Who is who. Any 16-digit NIK is a registered user with an issued certificate, except those
ending in 9001 (not registered), 9002 (certificate expired), 9003 (revoked), 9004 (suspended)
and 9005 (not issued yet). Every user's passphrase is the stand-in's passphrase, unless set
per user through the control endpoint.

Control endpoints (no credentials; the stand-in listens on loopback):

- ``POST /_standin/mode`` ``{"mode": ..., "delay": seconds}``: ``normal``; ``down`` (503 from
  a "proxy"); ``slow`` (answers after ``delay``); ``garbage`` (200 with an HTML page);
  ``not_pdf`` (a "signed file" that is no PDF); ``rewritten`` (a signed file that does not
  begin with the bytes sent);
- ``PUT /_standin/users/<nik>`` ``{"name", "passphrase", "status"}``;
- ``GET /_standin/code/<nik>``: the last one-time code "sent to the signer's phone";
- ``GET /_standin/ca``: the stand-in's CA certificate (PEM).

Every answer carries ``X-Sahih-Standin: 1``. Nothing it receives is logged.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import json
import secrets
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .devca import cert_pem, issue_certificate, key_pem, new_ca, write_private

MARKER_UNIT = "BSrE stand-in"
HEADER = "X-Sahih-Standin"
MODES = ("normal", "down", "slow", "garbage", "not_pdf", "rewritten")
MAX_BODY = 60 * 1024 * 1024
# NIK endings that stand for a state other than "registered, certificate issued".
CONVENTIONS = {
    "9001": None,
    "9002": "EXPIRED",
    "9003": "REVOKE",
    "9004": "SUSPEND",
    "9005": "WAITING_FOR_VERIFICATION",
}
# What the service says when a certificate cannot sign. BSrE's own wording (and codes) for
# these cases is not public; the client reads the status first and does not depend on it.
REFUSALS = {
    "EXPIRED": "Sertifikat pengguna sudah kedaluwarsa",
    "REVOKE": "Sertifikat pengguna telah dicabut (revoke)",
    "SUSPEND": "Sertifikat pengguna ditangguhkan (suspend)",
    "WAITING_FOR_VERIFICATION": "Sertifikat pengguna belum terbit",
}


@dataclass
class StandinUser:
    name: str
    status: str = "ISSUE"
    passphrase: str | None = None  # None: the stand-in's passphrase


class Standin:
    """The stand-in's state: its CA, its users, its failure mode, the codes it sent."""

    def __init__(self, *, client_id: str, client_secret: str, passphrase: str, state_dir: Path | None = None):
        self.client_id, self.client_secret, self.passphrase = client_id, client_secret, passphrase
        self.ca_key, self.ca_cert = self._ca(state_dir)
        self.users: dict[str, StandinUser] = {}
        self.codes: dict[str, str] = {}
        self.signers: dict[str, object] = {}
        self.mode, self.delay = "normal", 0.0
        self.lock = threading.Lock()

    @staticmethod
    def _ca(state_dir: Path | None):
        """The CA, kept in ``state_dir`` between runs (so the demo's trust file stays valid)."""
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
        from cryptography.x509 import load_pem_x509_certificate

        key_file, cert_file = (
            (state_dir / "ca-key.pem", state_dir / "ca-cert.pem") if state_dir else (None, None)
        )
        if cert_file is not None and cert_file.is_file() and key_file.is_file():
            return load_pem_private_key(key_file.read_bytes(), None), load_pem_x509_certificate(
                cert_file.read_bytes()
            )
        key, cert = new_ca(name="BSrE Stand-in CA (uji)", unit=MARKER_UNIT)
        if state_dir is not None:
            write_private(key_file, key_pem(key))
            cert_file.write_bytes(cert_pem(cert))
        return key, cert

    @property
    def ca_pem(self) -> bytes:
        return cert_pem(self.ca_cert)

    def user(self, nik: str) -> StandinUser | None:
        with self.lock:
            if nik in self.users:
                return self.users[nik]
        if not (isinstance(nik, str) and len(nik) == 16 and nik.isdigit()):
            return None
        ending = nik[-4:]
        if ending in CONVENTIONS and CONVENTIONS[ending] is None:
            return None
        return StandinUser(name=f"Penandatangan Uji {ending}", status=CONVENTIONS.get(ending, "ISSUE"))

    def passphrase_of(self, user: StandinUser) -> str:
        return self.passphrase if user.passphrase is None else user.passphrase

    def send_code(self, nik: str) -> None:
        with self.lock:
            self.codes[nik] = f"{secrets.randbelow(10**6):06d}"

    def take_code(self, nik: str, code: str) -> bool:
        """A one-time code works once."""
        with self.lock:
            expected = self.codes.pop(nik, None)
        return expected is not None and hmac.compare_digest(expected, code)

    def signer(self, nik: str, user: StandinUser):
        """The user's pyHanko signer, its certificate issued by the stand-in CA on first use."""
        from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
        from pyhanko.sign import signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        with self.lock:
            if nik not in self.signers:
                key, cert = issue_certificate(
                    ca_key=self.ca_key, ca_cert=self.ca_cert, common_name=user.name, unit=MARKER_UNIT
                )
                (signing_cert,) = load_certs_from_pemder_data(cert_pem(cert))
                (root,) = load_certs_from_pemder_data(self.ca_pem)
                self.signers[nik] = signers.SimpleSigner(
                    signing_cert=signing_cert,
                    signing_key=load_private_key_from_pemder_data(key_pem(key), None),
                    cert_registry=SimpleCertificateStore.from_certs([root]),
                )
            return self.signers[nik]


def sign_pdf(pdf: bytes, properties: dict, signer, name: str) -> bytes:
    """PAdES over ``pdf`` as an incremental update, visible where ``properties`` says."""
    from PIL import Image
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    field_name = f"sig_{time.time_ns() // 1_000_000}"
    spec, style = fields.SigFieldSpec(sig_field_name=field_name), None
    if str(properties.get("tampilan", "")).upper() == "VISIBLE":
        x, y = float(properties["originX"]), float(properties["originY"])
        box = (x, y, x + float(properties["width"]), y + float(properties["height"]))
        spec = fields.SigFieldSpec(sig_field_name=field_name, on_page=int(properties["page"]) - 1, box=box)
        if properties.get("imageBase64"):
            image = Image.open(io.BytesIO(base64.b64decode(properties["imageBase64"], validate=True)))
            style = StaticStampStyle(
                background=PdfImage(image),
                background_layout=layout.SimpleBoxLayoutRule(
                    x_align=layout.AxisAlignment.ALIGN_MID,
                    y_align=layout.AxisAlignment.ALIGN_MID,
                    margins=layout.Margins.uniform(0),
                ),
                border_width=0,
            )
        else:
            style = TextStampStyle(stamp_text="Ditandatangani secara elektronik oleh %(signer)s\n%(ts)s")
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=properties.get("reason") or None,
        location=properties.get("location") or None,
        name=name,
    )
    output = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=output
    )
    return output.getvalue()


class Handler(BaseHTTPRequestHandler):
    standin: Standin  # set on the subclass ``serve`` makes
    server_version = "esign-client-standin"

    def log_message(self, format, *args):  # noqa: A002 -- the base class's name
        pass  # nothing received is logged, not even the request line

    def _answer(self, status: int, body, content_type: str = "application/json") -> None:
        data = json.dumps(body).encode() if content_type == "application/json" else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header(HEADER, "1")
        self.end_headers()
        self.wfile.write(data)

    def _payload(self) -> dict | None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self._answer(HTTPStatus.BAD_REQUEST, {"error": "Request tidak valid", "status_code": 400})
            return None
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            self._answer(HTTPStatus.BAD_REQUEST, {"error": "Body harus JSON", "status_code": 400})
            return None
        return payload

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "")
        expected = "Basic " + base64.b64encode(
            f"{self.standin.client_id}:{self.standin.client_secret}".encode()
        ).decode("ascii")
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        self._answer(HTTPStatus.UNAUTHORIZED, {"error": "Unauthorized", "status_code": 401})
        return False

    def do_GET(self):  # noqa: N802 -- http.server's name
        standin = self.standin
        if self.path == "/_standin/ca":
            return self._answer(HTTPStatus.OK, standin.ca_pem.decode("ascii"), "application/x-pem-file")
        if self.path.startswith("/_standin/code/"):
            code = standin.codes.get(self.path.rsplit("/", 1)[1])
            return self._answer(HTTPStatus.OK if code else HTTPStatus.NOT_FOUND, {"code": code})
        return self._answer(HTTPStatus.NOT_FOUND, {"error": "Not found", "status_code": 404})

    def do_PUT(self):  # noqa: N802
        payload = self._payload()
        if payload is None:
            return None
        if not self.path.startswith("/_standin/users/"):
            return self._answer(HTTPStatus.NOT_FOUND, {"error": "Not found", "status_code": 404})
        nik = self.path.rsplit("/", 1)[1]
        user = StandinUser(
            name=payload.get("name") or f"Penandatangan Uji {nik[-4:]}",
            status=payload.get("status") or "ISSUE",
            passphrase=payload.get("passphrase"),
        )
        with self.standin.lock:
            self.standin.users[nik] = user
            self.standin.signers.pop(nik, None)
        return self._answer(HTTPStatus.OK, {"nik": nik, "status": user.status})

    def do_POST(self):  # noqa: N802
        standin = self.standin
        payload = self._payload()
        if payload is None:
            return None
        if self.path == "/_standin/mode":
            if payload.get("mode") not in MODES:
                return self._answer(HTTPStatus.BAD_REQUEST, {"error": f"mode is one of {MODES}"})
            standin.mode, standin.delay = payload["mode"], float(payload.get("delay") or 0)
            return self._answer(HTTPStatus.OK, {"mode": standin.mode, "delay": standin.delay})
        if standin.mode == "down":
            return self._answer(
                HTTPStatus.SERVICE_UNAVAILABLE, "<html>503 Service Unavailable</html>", "text/html"
            )
        if standin.mode == "slow":
            time.sleep(standin.delay)
        if standin.mode == "garbage":
            return self._answer(HTTPStatus.OK, "<html><body>Gateway</body></html>", "text/html")
        if not self._authorised():
            return None
        routes = {
            "/api/v2/user/check/status": self._status,
            "/api/v2/sign/get/totp": self._code,
            "/api/v2/sign/pdf": self._sign,
        }
        if self.path not in routes:
            return self._answer(HTTPStatus.NOT_FOUND, {"error": "Not found", "status_code": 404})
        return routes[self.path](payload)

    def _status(self, payload: dict):
        user = self.standin.user(payload.get("nik"))
        return self._answer(HTTPStatus.OK, {"status": user.status if user else "NOT_REGISTERED"})

    def _refusal(self, user: StandinUser | None):
        """The answer for a user who cannot sign, or None if they can."""
        if user is None:
            return {"error": "User tidak terdaftar", "status_code": 2011}
        if user.status != "ISSUE":
            return {"error": REFUSALS.get(user.status, "Sertifikat tidak aktif")}
        return None

    def _code(self, payload: dict):
        nik = payload.get("nik")
        refusal = self._refusal(self.standin.user(nik))
        if refusal:
            return self._answer(HTTPStatus.BAD_REQUEST, refusal)
        self.standin.send_code(nik)
        return self._answer(HTTPStatus.OK, {"message": "TOTP berhasil dikirim"})

    def _sign(self, payload: dict):
        standin = self.standin
        started = time.monotonic()
        nik = payload.get("nik")
        user = standin.user(nik)
        refusal = self._refusal(user)
        if refusal:
            return self._answer(HTTPStatus.BAD_REQUEST, refusal)
        if "passphrase" in payload:
            if not hmac.compare_digest(
                str(payload["passphrase"]).encode(), standin.passphrase_of(user).encode()
            ):
                return self._answer(
                    HTTPStatus.BAD_REQUEST, {"error": "Passphrase anda salah", "status_code": 2031}
                )
        elif "totp" in payload:
            if not standin.take_code(nik, str(payload["totp"])):
                return self._answer(HTTPStatus.BAD_REQUEST, {"error": "TOTP tidak valid atau kedaluwarsa"})
        else:
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": "Passphrase atau TOTP wajib diisi"})
        files, properties = payload.get("file"), payload.get("signatureProperties")
        if not (isinstance(files, list) and files and isinstance(properties, list) and properties):
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": "file dan signatureProperties wajib diisi"})
        if len(properties) not in (1, len(files)):
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": "Jumlah signatureProperties tidak sesuai"})
        if standin.mode == "not_pdf":
            return self._answer(HTTPStatus.OK, {"time": 1, "file": [base64.b64encode(b"bukan PDF").decode()]})
        signed = []
        try:
            for index, encoded in enumerate(files):
                pdf = base64.b64decode(encoded, validate=True)
                if standin.mode == "rewritten":
                    pdf = pdf.replace(b"%PDF-1.", b"%PDF-2.", 1)
                props = properties[index if len(properties) > 1 else 0]
                signed_pdf = sign_pdf(pdf, props, standin.signer(nik, user), user.name)
                signed.append(base64.b64encode(signed_pdf).decode("ascii"))
        except (binascii.Error, ValueError, KeyError, TypeError):
            return self._answer(HTTPStatus.BAD_REQUEST, {"error": "Dokumen tidak dapat ditandatangani"})
        return self._answer(HTTPStatus.OK, {"time": int((time.monotonic() - started) * 1000), "file": signed})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (a timeout test, an impatient signer) closed the socket.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class StandinServer:
    """The stand-in on ``host:port`` (0: any free port), served from a background thread."""

    def __init__(self, standin: Standin, *, host: str = "127.0.0.1", port: int = 0):
        self.standin = standin
        handler = type("StandinHandler", (Handler,), {"standin": standin})
        self.httpd = _QuietServer((host, port), handler)
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandinServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="bsre-standin", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
