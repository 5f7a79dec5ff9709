"""The placement tests' city: tests/factories.py build_placement."""

from __future__ import annotations

import pytest

from ..factories import Placement, build_placement


@pytest.fixture
def placement(city) -> Placement:
    return build_placement(city)
