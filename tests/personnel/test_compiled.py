"""``personnel.compiled.fetch``: a queryset compiled once per shape gives what the ORM gives
(issue 15 §1: the approval's statements are compiled once, then run with their ids)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Exists, OuterRef
from django.utils import timezone

from personnel import compiled
from personnel.models import ActingAssignment, Employee, Position
from tests.factories import UserFactory


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


def _heads_on(*, code: str, on: date):
    """Text and a day among the values: a unit's code, the Plt decrees covering a day."""
    return (
        Position.objects.select_related("unit")
        .filter(unit__code=code, is_head=True)
        .annotate(
            acting=Exists(
                ActingAssignment.objects.filter(position=OuterRef("pk"), start__lte=on, end__gte=on)
            )
        )
        .order_by("pk")
    )


def test_text_and_days_are_values_as_well_as_ids(city, django_assert_num_queries):
    today = timezone.localdate()
    head = Position.objects.get(unit=city.dishub, is_head=True)
    ActingAssignment.objects.create(
        position=head,
        kind="plt",
        user=UserFactory(username="plt_dishub"),
        start=today - timedelta(days=3),
        end=today + timedelta(days=3),
        decree_number="800.1.3.3/56/BKPSDM/2026",
        decree_date=today - timedelta(days=3),
    )
    for code in ("DISHUB", "BPKAD", "NOWHERE"):
        for on in (today - timedelta(days=10), today - timedelta(days=3), today, today + timedelta(days=4)):
            expected = list(_heads_on(code=code, on=on))
            with django_assert_num_queries(1):
                found = compiled.fetch("test.heads_on", _heads_on, code=code, on=on)
            assert found == expected
            assert [p.acting for p in found] == [p.acting for p in expected]
            assert [p.unit.code for p in found] == [code] * len(expected)
    assert any(p.acting for p in compiled.fetch("test.heads_on", _heads_on, code="DISHUB", on=today))


def test_a_value_of_another_kind_is_refused(db):
    with pytest.raises(TypeError, match="float"):
        compiled.fetch("test.float", lambda *, ratio: Employee.objects.filter(pk=ratio), ratio=0.5)


def test_ids_of_32_bit_columns_are_values_too(city):
    # auth_user's key is a 32-bit integer: a marker out of its range would compile to
    # "matches nothing" on PostgreSQL, with no parameter left to fill in.
    def users(*, user_id: int):
        return get_user_model().objects.filter(pk=user_id)

    for user in (city.clerk, city.verifier):
        assert compiled.fetch("test.user", users, user_id=user.pk) == [user]


def test_a_moment_is_refused_as_a_value_not_matched_as_a_day(db):
    with pytest.raises(TypeError, match="datetime"):
        compiled.fetch(
            "test.moment", lambda *, at: Employee.objects.filter(user__date_joined__lte=at), at=timezone.now()
        )
