"""Fixtures for the policy tests: a small registry to evaluate rules against, a runner that
evaluates a proposal as of a fixed day, and an API client."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from personnel.models import OrgUnit, Position, Rank
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory


@pytest.fixture
def region(db):
    return OrgUnitFactory(code="PEMKOT", name="Pemerintah Kota", kind=OrgUnit.Kind.REGION)


@pytest.fixture
def dinas(region):
    return OrgUnitFactory(code="DISHUB", name="Dinas Perhubungan", parent=region)


@pytest.fixture
def post(dinas):
    """``post(kind, **fields)`` makes a position in the dinas."""

    def make(kind=Position.Kind.PELAKSANA, **fields):
        fields.setdefault("unit", dinas)
        return PositionFactory(kind=kind, **fields)

    return make


@pytest.fixture
def person(post):
    """``person(**fields)`` makes an active employee holding a pelaksana post since 2020."""

    def make(**fields):
        fields.setdefault("position", post())
        fields.setdefault("position_since", date(2020, 1, 2))
        if "birth" in fields and "tmt" not in fields:
            fields["tmt"] = date(fields["birth"].year + 22, 3, 1)
        if "rank_code" in fields:
            fields["rank"] = Rank.objects.get(code=fields.pop("rank_code"))
        return EmployeeFactory(**fields)

    return make


@pytest.fixture
def policy(settings):
    """``policy(key=value, ...)`` changes SAHIH_POLICY parameters for one test."""

    def change(**values):
        settings.SAHIH_POLICY = {**settings.SAHIH_POLICY, **values}

    return change


@pytest.fixture
def api():
    """``api(user)`` gives an API client authenticated as ``user``."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
