"""Signing decrees (PAdES) and checking signatures, behind one small interface.

The workflow calls ``get_signer().sign(...)`` and never knows how: the local signer below
uses the instance's key and certificate with pyHanko (PAdES B-B, or B-T when a timestamp
authority is configured); a remote signer such as the BSrE API implements the same
``sign`` method and is chosen with ``SAHIH_SIGNING_BACKEND``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.reader import PdfFileReader

MSG_NO_CERTIFICATE = _(
    "The signing certificate is not configured (%(path)s is missing). Run "
    "“manage.py signing_devca” for development, or configure the instance's certificate."
)
MSG_TIMESTAMP_FAILED = _(
    "The timestamp authority could not be reached, so nothing was signed. Try again later or ask the "
    "administrator to check the timestamp service."
)
FIELD_NAME = "TandaTanganElektronik"


class SigningUnavailable(Exception):
    """The signer cannot sign now; the decision stays unsigned."""


@dataclass(frozen=True)
class SignatureRequest:
    page: int  # 1-based
    box: tuple[float, float, float, float]
    signer_name: str
    reason: str
    location: str
    # What the visible field shows, line by line (the second line, the name, in bold). A
    # remote signer that draws its own appearance may ignore it.
    appearance: tuple[str, ...] = ()


class DecreeSigner(Protocol):
    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes: ...


class _PdfBytesPage(content.ImportedPdfPage):
    """pyHanko's imported-page background, read from bytes instead of a file."""

    def __init__(self, pdf: bytes):
        self._pdf = pdf
        super().__init__(file_name=None)

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        self.resources.xobject["/Appearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Appearance Do"


def visible_style(request: SignatureRequest):
    """The stamp style that draws ``request.appearance`` in the signature field."""
    from pyhanko.stamp import StaticStampStyle

    from .documents.stamp import appearance_pdf

    x1, y1, x2, y2 = request.box
    lines = request.appearance or ("Ditandatangani secara elektronik oleh:", request.signer_name)
    return StaticStampStyle(
        background=_PdfBytesPage(appearance_pdf(tuple(lines), x2 - x1, y2 - y1)),
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
        border_width=0,
    )


class LocalPadesSigner:
    """Signs with a key and certificate on this machine (PAdES B-B; B-T with a TSA)."""

    def __init__(self, config: dict):
        self.config = config

    def _signer(self):
        from pyhanko.sign import signers

        key, cert, ca = (Path(self.config[name]) for name in ("key_file", "cert_file", "ca_cert_file"))
        for path in (key, cert):
            if not path.is_file():
                raise SigningUnavailable(str(MSG_NO_CERTIFICATE % {"path": path}))
        passphrase = self.config.get("key_passphrase") or None
        return signers.SimpleSigner.load(
            str(key),
            str(cert),
            ca_chain_files=(str(ca),) if ca.is_file() else None,
            key_passphrase=passphrase.encode() if passphrase else None,
        )

    def _timestamper(self):
        if not self.config.get("tsa_url"):
            return None
        from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

        return RequestsHTTPTimeStamper(self.config["tsa_url"], timeout=self.config.get("tsa_timeout", 10))

    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=request.reason,
            location=request.location,
            name=request.signer_name,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=self._signer(),
            timestamper=self._timestamper(),
            stamp_style=visible_style(request),
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=FIELD_NAME, on_page=request.page - 1, box=request.box
            ),
        )
        output = io.BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=output)
        except TimestampRequestError as error:
            raise SigningUnavailable(str(MSG_TIMESTAMP_FAILED)) from error
        return output.getvalue()


def get_signer() -> DecreeSigner:
    config = settings.SAHIH_SIGNING
    return import_string(config["backend"])(config)


@dataclass(frozen=True)
class SignatureCheck:
    signed: bool
    intact: bool
    trusted: bool
    signer: str = ""
    signed_at: str = ""
    timestamped: bool = False
    problem: str = ""


def trust_roots() -> list:
    """The certificates this instance trusts: every certificate in the CA file (a PEM bundle
    may hold the signer's CA and the timestamp authority's root)."""
    ca = Path(settings.SAHIH_SIGNING["ca_cert_file"])
    if not ca.is_file():
        return []
    from pyhanko.keys import load_certs_from_pemder_data

    return list(load_certs_from_pemder_data(ca.read_bytes()))


def check_signature(pdf: bytes) -> SignatureCheck:
    """Whether a PDF carries an intact signature over the whole file, and whether our CA
    vouches for the signer."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as error:
        return SignatureCheck(signed=False, intact=False, trusted=False, problem=str(error))
    if not embedded:
        return SignatureCheck(signed=False, intact=False, trusted=False, problem="no signature")
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    signature = embedded[-1]
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as error:  # noqa: BLE001 -- any failure to validate means "not genuine"
        return SignatureCheck(signed=True, intact=False, trusted=False, problem=str(error))
    # Anything appended after the signature (an incremental update) is not covered by it.
    coverage_ok = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact and status.valid and coverage_ok),
        trusted=bool(status.trusted),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt.isoformat() if status.signer_reported_dt else "",
        timestamped=status.timestamp_validity is not None,
    )


def create_development_certificates(directory: Path, *, common_name: str) -> tuple[Path, Path, Path]:
    """A throw-away CA and a signer certificate for development and tests, in ``directory``."""
    return write_development_certificates(
        key_file=directory / "signer-key.pem",
        cert_file=directory / "signer-cert.pem",
        ca_file=directory / "ca-cert.pem",
        common_name=common_name,
    )


def write_development_certificates(
    *,
    key_file: Path,
    cert_file: Path,
    ca_file: Path,
    common_name: str,
    ca_name: str = "Sahih Development CA",
    timestamping: bool = False,
) -> tuple[Path, Path, Path]:
    """A throw-away CA and a signer certificate (or, with ``timestamping``, a timestamp
    authority's certificate), written to the given paths (overwriting)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    for path in (key_file, cert_file, ca_file):
        path.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sahih (development only)"),
                x509.NameAttribute(NameOID.COMMON_NAME, cn),
            ]
        )

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name(ca_name))
        .issuer_name(name(ca_name))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(common_name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.TIME_STAMPING if timestamping else ExtendedKeyUsageOID.EMAIL_PROTECTION]
            ),
            critical=timestamping,  # RFC 3161: a TSA's extended key usage is critical
        )
        .sign(ca_key, hashes.SHA256())
    )
    paths = (key_file, cert_file, ca_file)
    paths[0].touch(mode=0o600)
    paths[0].chmod(0o600)
    paths[0].write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return paths
