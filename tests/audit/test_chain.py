from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection, transaction

from audit import canonical, services
from audit.models import GENESIS_HASH, Event
from audit.verify import verify_ledger

from .helpers import ACTOR, record_events


def chain() -> list[tuple[int, str, str]]:
    return list(Event.objects.order_by("seq").values_list("seq", "prev_hash", "hash"))


def test_recorded_events_form_a_valid_gapless_chain(db):
    record_events(3)
    record_events(2, object_id="2")

    rows = chain()
    assert [seq for seq, _prev, _hash in rows] == [1, 2, 3, 4, 5]
    assert rows[0][1] == GENESIS_HASH
    assert all(rows[i][1] == rows[i - 1][2] for i in range(1, len(rows)))
    report = verify_ledger(checkpoint_dir=None)
    assert report.ok and report.entries == 5 and report.head == rows[-1][2]


def test_an_event_hash_covers_the_previous_hash_and_the_canonical_body(db):
    record_events(2)
    second = Event.objects.get(seq=2)

    expected = hashlib.sha256(bytes.fromhex(second.prev_hash) + second.body.encode("utf-8")).hexdigest()
    assert second.hash == expected
    content = json.loads(second.body)
    assert canonical.dumps(content) == second.body
    assert list(content) == ["action", "actor", "at", "data", "object", "seq", "v"]
    assert content["at"].endswith("+00:00") and len(content["at"]) == 32
    assert (second.action, second.object_type, second.object_id, second.actor_username) == (
        content["action"],
        "case",
        "1",
        ACTOR["username"],
    )


def test_nested_atomic_blocks_append_each_event_once(db):
    with services.atomic():
        services.record(action="outer.first", object_type="case", object_id=1, actor=None)
        with services.atomic():
            services.record(action="inner", object_type="case", object_id=1, actor=None)
            with services.atomic():
                services.record(action="innermost", object_type="case", object_id=1, actor=None)
        assert Event.objects.count() == 0  # nothing is appended before the outermost block ends
        services.record(action="outer.last", object_type="case", object_id=1, actor=None)

    assert list(Event.objects.values_list("action", flat=True)) == [
        "outer.first",
        "inner",
        "innermost",
        "outer.last",
    ]


def test_events_recorded_in_a_savepoint_that_rolls_back_are_not_appended(db):
    with services.atomic():
        services.record(action="kept.before", object_type="case", object_id=1, actor=None)
        try:
            with services.atomic():
                services.record(action="rolled.back", object_type="case", object_id=1, actor=None)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        with transaction.atomic():  # a plain savepoint behaves the same
            services.record(action="rolled.back.plain", object_type="case", object_id=1, actor=None)
            transaction.set_rollback(True)
        services.record(action="kept.after", object_type="case", object_id=1, actor=None)

    assert list(Event.objects.values_list("action", flat=True)) == ["kept.before", "kept.after"]
    assert verify_ledger(checkpoint_dir=None).ok


def test_a_transaction_that_fails_appends_nothing(db):
    with pytest.raises(RuntimeError):
        with services.atomic():
            services.record(action="never", object_type="case", object_id=1, actor=None)
            raise RuntimeError("boom")

    assert Event.objects.count() == 0


def test_an_event_recorded_outside_any_block_is_appended_at_once(db):
    services.record(action="standalone", object_type="ledger", object_id=0, actor=None)

    assert list(Event.objects.values_list("seq", "action")) == [(1, "standalone")]


def test_values_without_one_canonical_form_are_refused(db):
    with pytest.raises(canonical.NotCanonical):
        services.record(action="x", object_type="case", object_id=1, actor=None, data={"ratio": 0.5})


def test_the_ledger_table_has_no_foreign_keys_so_nothing_cascades_into_it(db):
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, Event._meta.db_table)
        constraints = connection.introspection.get_constraints(cursor, Event._meta.db_table)

    assert relations == {}
    assert not [name for name, info in constraints.items() if info["foreign_key"]]
    assert not [f.name for f in Event._meta.get_fields() if f.is_relation]


AWKWARD = [
    'Ma\'ruf "Amin"',
    "back\\slash \\n not a newline",
    "tab\there, newline\nthere, carriage\rreturn",
    "Dinas Pekerjaan Umum & Penataan Ruang — Bidang Cipta Karya",
    "line\u2028separator, emoji \U0001f4dc, NUL-free \x01 control",
    '{braces} [brackets] ,"at":"trick"',
]


def test_events_with_awkward_text_verify_exactly(db):
    for index, text in enumerate(AWKWARD):
        services.record(
            action="case.noted",
            object_type="case",
            object_id=f"id-{index}",
            actor={"username": text if index % 2 else f"user{index}", "name": text, "unit": {"name": text}},
            data={"text": text, "nested": {"list": [text, index]}},
        )
    services.record(action="system.ran", object_type="ledger", object_id=0, actor=None)

    report = verify_ledger(checkpoint_dir=None)

    assert report.ok, report.problem
    assert report.entries == len(AWKWARD) + 1
