"""manage.py signing_devca: development certificates at the configured paths, never over
existing ones without --force."""

from __future__ import annotations

import io
import stat
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from decisions.documents.compose import signature_for
from decisions.documents.model import DecreeDocument
from decisions.documents.render import render
from decisions.signing import LocalPadesSigner, SignatureRequest, check_signature


@pytest.fixture
def paths(tmp_path, settings):
    config = {
        **settings.SAHIH_SIGNING,
        "key_file": str(tmp_path / "keys" / "key.pem"),
        "cert_file": str(tmp_path / "certs" / "cert.pem"),
        "ca_cert_file": str(tmp_path / "certs" / "ca.pem"),
    }
    settings.SAHIH_SIGNING = config
    return config


def _run(*args) -> str:
    out = io.StringIO()
    call_command("signing_devca", *args, stdout=out)
    return out.getvalue()


def _tiny_pdf() -> bytes:
    document = DecreeDocument(
        heading=("WALI KOTA TANJUNGBALAI",),
        issuer="WALI KOTA TANJUNGBALAI",
        number="1/2026",
        title="UJI",
        considering=("bahwa uji;",),
        legal_bases=("Undang-Undang;",),
        noting=(),
        decides="KEPUTUSAN UJI.",
        dictums=(),
        place="Tanjungbalai",
        date=date(2026, 1, 2),
        signature=signature_for({"basis": "elected", "name": "Ahmad Fauzi"}),
        copies=(),
    )
    return render(document).pdf


def test_it_creates_a_ca_and_a_signer_whose_signatures_the_instance_trusts(paths):
    out = _run()
    for name in ("key_file", "cert_file", "ca_cert_file"):
        assert paths[name] in out
    from pathlib import Path

    assert stat.S_IMODE(Path(paths["key_file"]).stat().st_mode) == 0o600
    signed = LocalPadesSigner(paths).sign(
        _tiny_pdf(),
        SignatureRequest(
            page=1, box=(300, 300, 500, 360), signer_name="Ahmad Fauzi", reason="uji", location="X"
        ),
    )
    check = check_signature(signed)
    assert check.intact and check.trusted and "(pengembangan)" in check.signer


def test_it_refuses_to_overwrite_without_force(paths):
    from pathlib import Path

    _run()
    before = Path(paths["cert_file"]).read_bytes()
    with pytest.raises(CommandError, match="--force"):
        _run()
    assert Path(paths["cert_file"]).read_bytes() == before
    _run("--force", "--common-name", "Uji Lain")
    assert Path(paths["cert_file"]).read_bytes() != before


def test_if_missing_leaves_existing_certificates_alone(settings, tmp_path):
    from django.core.management import call_command

    keys = tmp_path / "keys"
    settings.SAHIH_SIGNING = {
        **settings.SAHIH_SIGNING,
        "key_file": str(keys / "k.pem"),
        "cert_file": str(keys / "c.pem"),
        "ca_cert_file": str(keys / "ca.pem"),
    }
    call_command("signing_devca", "--if-missing")
    first = (keys / "c.pem").read_bytes()
    call_command("signing_devca", "--if-missing")
    assert (keys / "c.pem").read_bytes() == first


def test_it_speaks_the_language_of_the_other_commands(paths):
    """Issue 13 §4: Indonesian by default, like seed_demo."""
    out = _run()
    assert "Kunci penanda tangan" in out and "Hanya untuk pengembangan" in out
    assert "Signer key" not in out
