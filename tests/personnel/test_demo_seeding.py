"""Seeding the demo: twice adds nothing; the accounts file; the printed table."""

from __future__ import annotations

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from personnel.demo import DEMO_PASSWORD, seed_demo
from personnel.holidays import HOLIDAYS
from personnel.models import OrgUnit, PublicHoliday


def _row_counts() -> dict[str, int]:
    models = [*apps.get_app_config("personnel").get_models(), get_user_model(), PublicHoliday]
    models += [apps.get_model("auth", "Group"), apps.get_model("guardian", "UserObjectPermission")]
    models += [apps.get_model("audit", "Event")]
    return {model._meta.label: model.objects.count() for model in models}


def test_seeding_twice_adds_nothing(db, capsys):
    assert not OrgUnit.objects.exists()
    call_command("seed_demo")
    assert "PEMKOT" in OrgUnit.objects.values_list("code", flat=True)
    first = _row_counts()
    assert first["personnel.Employee"] > 0 and first["personnel.PublicHoliday"] == len(HOLIDAYS)
    capsys.readouterr()
    call_command("seed_demo")
    assert _row_counts() == first
    assert seed_demo().created is False
    assert _row_counts() == first


def test_accounts_out_writes_every_login_as_json(db, tmp_path):
    out = tmp_path / "accounts.json"
    call_command("seed_demo", "--accounts-out", str(out))
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert all(set(row) == {"username", "password", "role", "unit"} for row in rows)
    assert {row["password"] for row in rows} == {DEMO_PASSWORD}
    assert {row["role"] for row in rows} == {"clerk", "verifier", "official", "signer", "inspector", "admin"}
    usernames = [row["username"] for row in rows]
    assert len(usernames) == len(set(usernames)) == get_user_model().objects.count()
    assert {
        "walikota",
        "sekda",
        "kepala.bkpsdm",
        "verifikator1",
        "inspektur1",
        "admin",
        "clerk.dishub",
    } <= set(usernames)
    assert {row["unit"] for row in rows if row["role"] == "clerk"} == set(
        OrgUnit.objects.filter(parent__code="PEMKOT").values_list("code", flat=True)
    )


def test_the_command_prints_the_accounts_and_the_password(db, capsys, settings, tmp_path):
    settings.SAHIH_CHECKPOINT_DIR = str(tmp_path / "checkpoints")  # a fresh instance has none
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    assert "verifikator1" in out and "kepala.dishub" in out
    # Issue 13 §4: one language (the role column too), figures that say what they count,
    # and the ledger's first checkpoint, so the inspector's first day starts without a warning.
    assert "Operator" in out and "Pemeriksa" in out, out
    assert " clerk " not in out and " inspector " not in out
    assert "16 OPD (56 unit" in out, out
    assert "Titik periksa buku besar pertama ditandatangani" in out
    from audit import checkpoints

    assert checkpoints.latest_checkpoint() is not None
