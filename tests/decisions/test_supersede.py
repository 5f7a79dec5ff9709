"""Corrections and revocations mark the old decree, inside the new one's transaction: issuing
the amendment supersedes or revokes the decree its case names."""

from __future__ import annotations

import json

import pytest

from audit import services as ledger
from audit.models import Event
from decisions.decrees import decree_supersede
from decisions.errors import Conflict, Invalid
from decisions.models import Decree

from .conftest import issue


def _events(action: str) -> list[dict]:
    return [json.loads(event.body) for event in Event.objects.filter(action=action).order_by("seq")]


def test_a_correction_supersedes_the_old_decree_and_the_ledger_says_so(city, make_case, signed_transfer):
    correction = issue(make_case("correction", target=signed_transfer), city.walikota)
    stored = Decree.objects.get(pk=signed_transfer.pk)
    assert stored.status == Decree.Status.SUPERSEDED
    assert stored.replaced_by_id == correction.pk
    [event] = _events("decree.superseded")
    assert event["object"] == {"type": "case", "id": str(signed_transfer.case_id)}
    assert event["data"]["number"] == signed_transfer.number
    assert event["data"]["replaced_by_number"] == correction.number
    assert event["actor"]["username"] == city.walikota.username


def test_a_revocation_revokes_the_old_decree(city, make_case, signed_transfer):
    revocation = issue(make_case("revocation", target=signed_transfer), city.walikota)
    assert Decree.objects.get(pk=signed_transfer.pk).status == Decree.Status.REVOKED
    assert _events("decree.revoked")[0]["data"]["replaced_by"] == revocation.pk


def test_a_decree_is_superseded_or_revoked_only_once(city, make_case, signed_transfer):
    correction = issue(make_case("correction", target=signed_transfer), city.walikota)
    with pytest.raises(Conflict) as refused:
        decree_supersede(old=signed_transfer, new=correction, how="revoked")
    assert refused.value.code == "decree_not_valid"
    with pytest.raises(Invalid) as no_second_case:  # nor can a new case name it
        make_case("revocation", target=signed_transfer)
    assert no_second_case.value.code == "target_decree_replaced"


def test_only_the_decree_a_case_names_can_be_replaced_by_it(city, make_case, signed_transfer):
    other = issue(make_case("dismissal_unfit"), city.walikota)
    correction = issue(make_case("correction", target=signed_transfer), city.walikota)
    with pytest.raises(Invalid) as refused:
        decree_supersede(old=other, new=correction, how="superseded")
    assert refused.value.code == "decree_not_target"
    with pytest.raises(ValueError):
        decree_supersede(old=other, new=correction, how="annulled")


def test_when_the_new_decrees_transaction_fails_the_old_decree_stays_valid(city, make_case, signed_transfer):
    case = make_case("correction", target=signed_transfer)
    with pytest.raises(RuntimeError), ledger.atomic():
        issue(case, city.walikota)
        raise RuntimeError("the signing transaction failed after the old decree was marked")
    assert Decree.objects.get(pk=signed_transfer.pk).status == Decree.Status.VALID
    assert not Decree.objects.filter(case=case).exists()
    assert not _events("decree.superseded")
