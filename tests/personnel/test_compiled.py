"""``personnel.compiled.fetch``: a queryset compiled once per shape gives what the ORM gives
(issue 15 §1: the approval's statements are compiled once, then run with their ids)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.db.models import Exists, OuterRef

from personnel import compiled
from personnel.models import Employee, Position


def _holders(*, unit_id: int):
    return (
        Employee.objects.filter(position__unit_id=unit_id)
        .select_related("user", "position__unit")
        .annotate(heads=Exists(Position.objects.filter(pk=OuterRef("position_id"), is_head=True)))
        .order_by("pk")
    )


def test_a_compiled_query_gives_what_the_orm_gives_for_every_value(city, django_assert_num_queries):
    for unit in (city.dishub, city.bpkad):
        expected = list(_holders(unit_id=unit.pk))
        with django_assert_num_queries(1):
            found = compiled.fetch("test.holders", _holders, unit_id=unit.pk)
        assert found == expected and found
        for mine, theirs in zip(found, expected, strict=True):
            assert mine.user == theirs.user and mine.position.unit == theirs.position.unit
            assert mine.heads == theirs.heads
            assert mine.birth_date == theirs.birth_date and mine.nip == theirs.nip


def test_it_is_compiled_once_per_key_on_each_connection(city):
    compiled.fetch("test.once", _holders, unit_id=city.dishub.pk)
    first = connections["default"].__dict__["_sahih_compiled"]["test.once"]
    compiled.fetch("test.once", _holders, unit_id=city.bpkad.pk)
    assert connections["default"].__dict__["_sahih_compiled"]["test.once"] is first


def test_a_value_the_statement_does_not_take_as_a_parameter_is_refused(db):
    with pytest.raises(ValueError, match="unit_id"):
        compiled.fetch("test.unused", lambda *, unit_id: Employee.objects.all(), unit_id=3)
