"""Throw-away certification authorities for development and tests: the instance's
development CA (``manage.py signing_devca``) and the BSrE stand-in's CA. Every certificate
made here says "development only" in its organisation, so nobody mistakes it for a real one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEVELOPMENT_ORGANISATION = "Sahih (development only)"


def _name(common_name: str, unit: str = "") -> x509.Name:
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEVELOPMENT_ORGANISATION),
    ]
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,  # non-repudiation: what a signature on a decree needs
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def new_ca(*, name: str, unit: str = "") -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A self-signed CA, valid from yesterday for ten years."""
    now = datetime.now(UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name, unit))
        .issuer_name(_name(name, unit))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_certificate(
    *,
    ca_key: rsa.RSAPrivateKey,
    ca_cert: x509.Certificate,
    common_name: str,
    unit: str = "",
    timestamping: bool = False,
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A signer's certificate (or, with ``timestamping``, a timestamp authority's), valid from
    yesterday for five years."""
    now = datetime.now(UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    usage = ExtendedKeyUsageOID.TIME_STAMPING if timestamping else ExtendedKeyUsageOID.EMAIL_PROTECTION
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, unit))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        # RFC 3161: a timestamp authority's extended key usage is critical.
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=timestamping)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def write_private(path: Path, content: bytes) -> None:
    """A key file readable by its owner only, from the moment it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_bytes(content)


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
    ca_key, ca_cert = new_ca(name=ca_name)
    key, cert = issue_certificate(
        ca_key=ca_key, ca_cert=ca_cert, common_name=common_name, timestamping=timestamping
    )
    for path in (cert_file, ca_file):
        path.parent.mkdir(parents=True, exist_ok=True)
    write_private(key_file, key_pem(key))
    cert_file.write_bytes(cert_pem(cert))
    ca_file.write_bytes(cert_pem(ca_cert))
    return key_file, cert_file, ca_file
