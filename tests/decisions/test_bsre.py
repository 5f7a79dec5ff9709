"""The BSrE signer against the stand-in, over real HTTP on 127.0.0.1: a decree signed through it
verifies against the stand-in's CA (and against no other), and every way the service can fail
becomes its own exception with its own sentence for the signer (English msgid, Indonesian in
locale/id). The passphrase travels to the service and nowhere else (tests/decisions/
test_bsre_secrets.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import translation
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from decisions.documents.model import DecreeDocument
from decisions.documents.render import render
from decisions.signing import KIND_BSRE, OneTimeSecret, SignatureRequest, check_signature
from decisions.signing import errors as e
from decisions.signing.bsre import BsreSigner, _failure
from tests.bsre import PASSPHRASE
from tests.factories import MAYOR_NIK

from .conftest import issue


def unsigned_request(decree, *, nik: str = MAYOR_NIK, secret: OneTimeSecret | None = None):
    """The decree's unsigned rendering and the request the signing step would make."""
    rendered = render(DecreeDocument.from_dict(decree.content))
    page, x1, y1, x2, y2 = rendered.signature_box
    request = SignatureRequest(
        page=page,
        box=(x1, y1, x2, y2),
        signer_name="Ahmad Fauzi",
        reason=f"Keputusan Wali Kota Tanjungbalai Nomor {decree.number}",
        location="Tanjungbalai",
        appearance=("Ditandatangani secara elektronik oleh:", "AHMAD FAUZI", "WALI KOTA TANJUNGBALAI"),
        signer_nik=nik,
        secret=secret if secret is not None else OneTimeSecret("passphrase", PASSPHRASE),
    )
    return rendered.pdf, request


def sign(decree, **kwargs) -> bytes:
    pdf, request = unsigned_request(decree, **kwargs)
    return BsreSigner(settings.SAHIH_SIGNING).sign(pdf, request)


def test_a_decree_signed_through_the_standin_verifies_against_its_ca_and_no_other(
    bsre_standin, signed_transfer
):
    pdf, request = unsigned_request(signed_transfer)
    signed = BsreSigner(settings.SAHIH_SIGNING).sign(pdf, request)

    assert signed.startswith(pdf) and len(signed) > len(pdf)  # an incremental update
    signature = PdfFileReader(io.BytesIO(signed)).embedded_signatures[-1]
    standin_ca = [load_cert_from_pemder(str(bsre_standin.ca_file))]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=standin_ca, allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"
    assert "Penandatangan Uji" in status.signing_cert.subject.human_friendly
    local_ca = [load_cert_from_pemder(settings.SAHIH_SIGNING["ca_cert_file"])]
    other = validate_pdf_signature(signature, ValidationContext(trust_roots=local_ca, allow_fetching=False))
    assert other.intact and not other.trusted

    check = check_signature(signed)
    assert (check.intact, check.trusted, check.kind) == (True, True, KIND_BSRE)


def test_the_visible_signature_sits_in_the_signature_block_on_its_page(bsre_standin, signed_transfer):
    """originX/originY/width/height and page, as sent, place the field (PDF points, 1-based page)."""
    pdf, request = unsigned_request(signed_transfer)
    signed = BsreSigner(settings.SAHIH_SIGNING).sign(pdf, request)
    reader = PdfReader(io.BytesIO(signed))
    widgets = [
        (index + 1, [float(value) for value in annotation.get_object()["/Rect"]])
        for index, page in enumerate(reader.pages)
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/FT") == "/Sig"
    ]
    assert len(widgets) == 1
    page, rect = widgets[0]
    assert page == request.page
    assert rect == pytest.approx(list(request.box), abs=0.01)


@pytest.mark.parametrize(
    ("nik", "error"),
    [
        ("1272010101709001", e.SignerNotRegistered),
        ("1272010101709002", e.CertificateExpired),
        ("1272010101709003", e.CertificateRevoked),
        ("1272010101709004", e.CertificateSuspended),
        ("1272010101709005", e.CertificateNotIssued),
    ],
)
def test_a_certificate_that_cannot_sign_has_its_own_message(bsre_standin, signed_transfer, nik, error):
    with pytest.raises(error) as caught:
        sign(signed_transfer, nik=nik)
    assert str(caught.value) == str(error.default_message)


def test_a_wrong_passphrase_is_refused_with_a_message_in_indonesian(bsre_standin, signed_transfer):
    with translation.override("id"), pytest.raises(e.WrongPassphrase) as caught:
        sign(signed_transfer, secret=OneTimeSecret("passphrase", "bukan-ini"))
    assert str(caught.value).startswith("BSrE tidak menerima passphrase")
    assert caught.value.code == "bsre_wrong_passphrase"


def test_a_one_time_code_signs_once(bsre_standin, signed_transfer):
    signer = BsreSigner(settings.SAHIH_SIGNING)
    signer.request_code(nik=MAYOR_NIK)
    code = bsre_standin.code(MAYOR_NIK)
    pdf, request = unsigned_request(signed_transfer, secret=OneTimeSecret("totp", code))
    assert check_signature(signer.sign(pdf, request)).trusted
    with pytest.raises(e.WrongOneTimeCode):
        signer.sign(pdf, request)


def test_the_certificate_status_is_read_from_the_service(bsre_standin):
    signer = BsreSigner(settings.SAHIH_SIGNING)
    assert signer.certificate_status(nik=MAYOR_NIK) == "ISSUE"
    bsre_standin.user(MAYOR_NIK, status="EXPIRED")
    assert signer.certificate_status(nik=MAYOR_NIK) == "EXPIRED"


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("down", e.ServiceDown),
        ("garbage", e.MalformedAnswer),
        ("not_pdf", e.MalformedAnswer),
        ("rewritten", e.MalformedAnswer),
    ],
)
def test_a_failing_service_gives_its_own_message(bsre_standin, signed_transfer, mode, error):
    bsre_standin.mode(mode)
    with pytest.raises(error) as caught:
        sign(signed_transfer)
    assert str(caught.value) == str(error.default_message)


def test_a_slow_service_times_out(bsre_standin, signed_transfer, settings):
    settings.SAHIH_SIGNING = {
        **settings.SAHIH_SIGNING,
        "bsre": {**settings.SAHIH_SIGNING["bsre"], "read_timeout": 1},
    }
    bsre_standin.mode("slow", delay=3)
    with pytest.raises(e.ServiceTimeout):
        sign(signed_transfer)


def test_a_service_nobody_listens_on_is_down(signed_transfer, settings, tmp_path):
    from tests.bsre import start_standin

    handle = start_standin(tmp_path / "gone")
    handle.server.stop()  # the port is closed again: connection refused
    from tests.bsre import bsre_config

    settings.SAHIH_SIGNING = bsre_config(settings.SAHIH_SIGNING, handle)
    with pytest.raises(e.ServiceDown):
        sign(signed_transfer)


def test_wrong_application_credentials_are_the_administrators_problem(
    bsre_standin, signed_transfer, settings
):
    config = settings.SAHIH_SIGNING
    settings.SAHIH_SIGNING = {**config, "bsre": {**config["bsre"], "client_secret": "salah"}}
    with pytest.raises(e.ClientNotAuthorized):
        sign(signed_transfer)


def test_tls_is_verified_so_a_self_signed_service_is_not_trusted(signed_transfer, settings, tmp_path):
    """The service behind HTTPS with a certificate no CA bundle vouches for: refused, never
    signed "anyway"."""
    import ssl
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from decisions.signing.devca import cert_pem, issue_certificate, key_pem, new_ca

    ca_key, ca_cert = new_ca(name="TLS uji")
    key, cert = issue_certificate(ca_key=ca_key, ca_cert=ca_cert, common_name="127.0.0.1")
    (tmp_path / "tls.pem").write_bytes(cert_pem(cert) + key_pem(key))
    served = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            served.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "tls.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = settings.SAHIH_SIGNING
    settings.SAHIH_SIGNING = {
        **config,
        "bsre": {
            "base_url": f"https://127.0.0.1:{server.server_port}",
            "client_id": "x",
            "client_secret": "y",
            "connect_timeout": 2,
            "read_timeout": 2,
        },
    }
    try:
        with pytest.raises(e.ServiceDown):
            sign(signed_transfer)
    finally:
        server.shutdown()
        server.server_close()
    assert served == []


def test_without_nik_secret_or_configuration_nothing_is_sent(signed_transfer, settings, bsre_standin):
    with pytest.raises(e.MissingSignerIdentity):
        sign(signed_transfer, nik="")
    with pytest.raises(e.MissingSignerIdentity):
        sign(signed_transfer, nik="12720101017000")
    with pytest.raises(e.SecretRequired):
        sign(signed_transfer, secret=OneTimeSecret("passphrase", ""))
    config = settings.SAHIH_SIGNING
    settings.SAHIH_SIGNING = {**config, "bsre": {**config["bsre"], "base_url": ""}}
    with pytest.raises(e.NotConfigured):
        sign(signed_transfer)


@pytest.mark.parametrize(
    ("http", "body", "kind", "error"),
    [
        # v1 answers seen in public client code: HTTP 400 and a numeric status_code.
        (400, {"error": "Passphrase anda salah", "status_code": 2031}, "passphrase", e.WrongPassphrase),
        (400, {"error": "Passphrase anda salah", "status_code": 2031}, "totp", e.WrongOneTimeCode),
        (400, {"error": "User tidak terdaftar", "status_code": 2011}, "passphrase", e.SignerNotRegistered),
        (200, {"error": "Sertifikat sudah expired"}, "passphrase", e.CertificateExpired),
        (
            500,
            {"timestamp": "2026-01-01", "status": 500, "error": "Internal Server Error"},
            None,
            e.ServiceDown,
        ),
        (502, None, None, e.ServiceDown),
        (504, None, None, e.ServiceTimeout),
        (401, None, None, e.ClientNotAuthorized),
        (200, None, None, e.MalformedAnswer),
        (200, {"file": []}, None, None),
    ],
)
def test_answers_are_classified_by_code_then_words_then_http_status(http, body, kind, error):
    failure = _failure(http, body, kind)
    assert (type(failure) if failure else None) is error


def test_an_unknown_refusal_names_only_the_services_number(signed_transfer):
    refusal = _failure(422, {"error": f"ditolak: {PASSPHRASE}", "status_code": 4077}, "passphrase")
    assert isinstance(refusal, e.ServiceRefused) and "4077" in str(refusal) and PASSPHRASE not in str(refusal)
    assert "404" in str(_failure(404, {"error": "not found"}, None))


def test_the_command_runs_the_standin_and_refuses_production(tmp_path):
    """``manage.py bsre_standin`` serves the API on loopback; with DEBUG off it does not start."""
    import os
    import subprocess
    import sys

    manage = Path(settings.BASE_DIR) / "manage.py"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SAHIH_VAR_DIR": str(tmp_path)}
    refused = subprocess.run(
        [sys.executable, str(manage), "bsre_standin", "--port", "0"],
        env={**env, "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode != 0 and "DEBUG" in refused.stderr
    with subprocess.Popen(
        [sys.executable, str(manage), "bsre_standin", "--port", "0", "--state-dir", str(tmp_path / "s")],
        env={**env, "DEBUG": "1"},
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            url = process.stdout.readline().rsplit(" ", 1)[1].strip()
            answer = requests.post(
                f"{url}/api/v2/user/check/status",
                json={"nik": MAYOR_NIK},
                auth=("sahih", "sahih-standin"),
                timeout=10,
            )
            assert answer.json() == {"status": "ISSUE"} and answer.headers["X-Sahih-Standin"] == "1"
            assert (tmp_path / "s" / "ca-cert.pem").is_file()
        finally:
            process.terminate()


def test_a_decree_signed_locally_and_one_through_the_standin_both_verify_by_kind(
    bsre_standin, city, make_case
):
    local = issue(make_case("transfer"), city.walikota)
    with local.pdf.open("rb") as handle:
        local_check = check_signature(handle.read())
    remote_check = check_signature(sign(local))
    assert (local_check.trusted, local_check.kind) == (True, "local")
    assert (remote_check.trusted, remote_check.kind) == (True, "bsre")
