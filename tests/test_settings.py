"""The settings run with no environment, refuse the public development secret in
production, and pass Django's deployment checks under the documented production variables."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from config.settings import DEVELOPMENT_SECRET_KEY

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_development_secret_is_refused_when_debug_is_off(tmp_path):
    result = run(
        ["-c", "import config.settings"],
        {"DEBUG": "0", "SECRET_KEY": DEVELOPMENT_SECRET_KEY, "SAHIH_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_the_development_secret_is_accepted_with_debug_on(tmp_path):
    result = run(
        ["-c", "import config.settings as s; print(s.DEBUG)"],
        {"DEBUG": "1", "SECRET_KEY": DEVELOPMENT_SECRET_KEY, "SAHIH_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_manage_py_runs_with_no_environment_at_all(tmp_path):
    result = run(["manage.py", "check"], {"SAHIH_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    # With DEBUG off and no SECRET_KEY, a random secret is kept in var/ for this machine.
    secret = (tmp_path / "secret_key").read_text(encoding="utf-8")
    assert len(secret) >= 50 and secret != DEVELOPMENT_SECRET_KEY


def test_the_deployment_checks_are_clean_under_the_production_environment(tmp_path):
    emblem = tmp_path / "garuda.png"
    emblem.write_bytes(b"\x89PNG\r\n\x1a\n")  # the file an instance configures; its content is not checked
    production = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "sahih.tanjungbalaikota.go.id",
        "SAHIH_VAR_DIR": str(tmp_path),
        # What a region configures for its decrees (docs/decrees.md): the state emblem and its Perda.
        "SAHIH_REGION_EMBLEM": str(emblem),
        "SAHIH_REGION_PERDA_PERANGKAT_DAERAH": (
            "Peraturan Daerah Kota Contoh Nomor 1 Tahun 2020 tentang Pembentukan dan Susunan Perangkat Daerah "
            "(Lembaran Daerah Kota Contoh Tahun 2020 Nomor 1)"
        ),
    }
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    # The one silenced check is django-axes' W006 (lock addresses too), refused on purpose:
    # config/settings.py says why.
    assert "no issues (1 silenced)" in result.stdout
