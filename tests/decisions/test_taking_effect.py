"""Decrees taking effect on their TMT (``decrees.apply_due``), when two of them move the same
employee: the registry's position history must never end a post before it began."""

from __future__ import annotations

import logging
from datetime import timedelta

import time_machine
from django.utils import timezone

from decisions.decrees import apply_due
from decisions.models import Case
from decisions.services import ItemInput, case_create
from personnel.models import PositionHistory
from tests.factories import PositionFactory

from .conftest import issue


def _transfer(city, *, to, effective):
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=to)],
        effective_date=effective,
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja.",
    )


def test_two_decrees_take_effect_in_the_order_of_their_tmt_not_of_their_signing(city):
    today = timezone.localdate()
    later = _transfer(city, to=city.target, effective=today + timedelta(days=20))
    earlier = _transfer(city, to=PositionFactory(unit=city.target.unit), effective=today + timedelta(days=10))
    issue(later, city.walikota)
    issue(earlier, city.walikota)

    with time_machine.travel(today + timedelta(days=21), tick=False):
        assert apply_due() == [earlier.pk, later.pk]

    spells = list(PositionHistory.objects.filter(employee=city.subject).order_by("start"))
    assert [(s.position_id, s.start, s.end) for s in spells[-2:]] == [
        (earlier.items.get().to_position_id, today + timedelta(days=10), today + timedelta(days=19)),
        (city.target.pk, today + timedelta(days=20), None),
    ]


def test_a_second_decree_on_the_same_tmt_is_refused_clearly_and_stays_signed(city, caplog):
    tmt = timezone.localdate() + timedelta(days=10)
    first = _transfer(city, to=city.target, effective=tmt)
    second = _transfer(city, to=PositionFactory(unit=city.target.unit), effective=tmt)
    issue(first, city.walikota)
    issue(second, city.walikota)

    with time_machine.travel(tmt, tick=False), caplog.at_level(logging.ERROR, logger="decisions.decrees"):
        assert apply_due() == [first.pk]
        assert apply_due() == []  # tried again, refused again: nothing half-applied

    second.refresh_from_db()
    assert second.status == Case.Status.SIGNED
    city.subject.refresh_from_db()
    assert city.subject.position_id == city.target.pk
    assert PositionHistory.objects.filter(employee=city.subject, end__isnull=True).count() == 1
    assert f"Case {second.pk} cannot take effect" in caplog.text
    assert "Correct one of the two decrees" in caplog.text or "Perbaiki salah satu" in caplog.text
