"""While BSrE signs (seconds), Sahih holds no lock and no transaction: another connection can
lock the case row at once, and no connection sits idle in a transaction. The numbering slot
still lets only one signing of a pattern hold a number at a time (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from decisions.errors import Conflict
from decisions.models import Case, Decree, DecreeCounter
from decisions.signing import OneTimeSecret
from tests.bsre import BSRE_BACKEND, PASSPHRASE
from tests.factories import build_city
from workflows.services import Decision, task_approve, task_decide

from .conftest import open_tasks
from .test_concurrency import _at_verification

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks and real concurrency need PostgreSQL"
    ),
]


def _sign(task_id: int, user) -> Case:
    decision = Decision(action="sign", secret=OneTimeSecret("passphrase", PASSPHRASE))
    return task_decide(task_id=task_id, actor=user, decision=decision)


def _idle_in_transaction() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_the_case_is_not_locked_while_bsre_signs_and_two_signings_cannot_share_the_slot(
    transactional_db, bsre_standin, settings
):
    city = build_city()
    first, second = _at_verification(city, 2)
    for case in (first, second):
        for stage, user in (
            ("verification", city.verifier),
            ("agency_head", city.agency_head),
            ("secretary", city.sekda),
        ):
            task_approve(task_id=open_tasks(case, stage)[0].pk, actor=user)
    tasks = [open_tasks(case, "signing")[0].pk for case in (first, second)]
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "backend": BSRE_BACKEND, "slot_wait": 0}
    bsre_standin.mode("slow", delay=3)
    outcome: list = []

    def sign_first():
        try:
            outcome.append(_sign(tasks[0], city.walikota))
        except BaseException as error:  # noqa: BLE001 -- the test inspects it
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=sign_first)
    thread.start()
    while not DecreeCounter.objects.exclude(claim="").exists():  # prepared: the slot is held
        assert thread.is_alive(), outcome
        time.sleep(0.05)
    time.sleep(0.5)  # well inside the stand-in's three seconds

    with transaction.atomic():
        locked = Case.objects.select_for_update(nowait=True).get(pk=first.pk)
        assert locked.stage == "signing"
        DecreeCounter.objects.select_for_update(nowait=True).get()
    assert _idle_in_transaction() == 0
    with pytest.raises(Conflict) as busy:
        _sign(tasks[1], city.walikota)
    assert busy.value.code == "signing_slot_busy"
    assert DecreeCounter.objects.get().last == 1  # the second signing took no number

    thread.join()
    assert isinstance(outcome[0], Case), outcome
    bsre_standin.mode("normal")
    _sign(tasks[1], city.walikota)
    assert sorted(Decree.objects.values_list("sequence", flat=True)) == [1, 2]
    assert list(DecreeCounter.objects.values_list("last", "claim")) == [(2, "")]
