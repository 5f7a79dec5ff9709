"""The settings run with no environment, refuse the public development secret in
production, pass Django's deployment checks under the documented production variables, and
bind PostgreSQL parameters on the server with prepared statements unless switched off."""

from __future__ import annotations

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

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


def database_options(env: dict[str, str], tmp_path) -> dict:
    result = run(
        ["-c", "import config.settings as s; print(repr(s.DATABASES['default']['OPTIONS']))"],
        {
            "DATABASE_URL": "postgres://sahih_app@db.internal:5432/sahih",
            "SAHIH_VAR_DIR": str(tmp_path),
            **env,
        },
    )
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_statements_by_default(tmp_path):
    options = database_options({}, tmp_path)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_prepared_statements_can_be_switched_off_for_a_pooler_that_drops_them(tmp_path):
    options = database_options({"DATABASE_PREPARED_STATEMENTS": "0"}, tmp_path)
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert options["options"] == "-c jit=off -c random_page_cost=1.1"


@pytest.mark.django_db
def test_a_statement_repeated_on_one_connection_is_prepared_on_the_server():
    if connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get(
        "server_side_binding"
    ):
        pytest.skip("PostgreSQL with DATABASE_PREPARED_STATEMENTS on only")
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    with connection.cursor() as cursor:
        for user_id in range(threshold + 1):
            cursor.execute("SELECT count(*) FROM auth_user WHERE id = %s", [user_id])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
            ["SELECT count(*) FROM auth_user WHERE id = $1"],
        )
        assert cursor.fetchone()[0] == 1
