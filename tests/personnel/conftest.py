from __future__ import annotations

from pathlib import Path

import pytest
from django.db import transaction

from personnel.demo import seed_demo

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="module")
def _demo_for_module(django_db_setup, django_db_blocker):
    """Seed once per module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_for_module, db):
    """The demo city, seeded for today; each test's own writes are rolled back after it."""
    return _demo_for_module


def files(*names: str) -> list:
    from personnel.importing import ImportFile

    return [ImportFile.from_path(DATA / name) for name in names]


def import_fixtures(**kwargs):
    """The good fixture files: four units, five positions, four employees."""
    from personnel.importing import import_registry

    return import_registry(
        units=files("units.csv"),
        positions=files("positions.csv"),
        employees=files("employees.csv"),
        **kwargs,
    )


@pytest.fixture
def registry(db):
    result = import_fixtures()
    assert result.written and not result.errors
    return result
