"""The benchmark helpers produce a valid ledger and sensible numbers (small sizes)."""

from __future__ import annotations

from audit.models import Event
from audit.verify import verify_ledger
from bench import ledger as bench

from .helpers import postgres_only, record_events


def test_synthetic_events_continue_the_real_chain_and_verify(db):
    record_events(2)
    bench.populate(300, batch=128)
    record_events(1)

    report = verify_ledger(checkpoint_dir=None, merkle=True)
    assert report.ok, report.problem
    assert report.entries == Event.objects.count() == 303


def test_verify_is_timed_against_raw_hashing_of_the_same_bytes(db):
    bench.populate(100)

    result = bench.time_verify(checkpoints=False)

    assert result["events"] == 100 and result["raw_sha256_s"] > 0 and result["verify_s"] > 0
    assert result["bytes"] == sum(len(e.body.encode()) + 32 for e in Event.objects.all())
    assert result["python_cpu_s"] > 0 and result["raw_sha256_cpu_s"] > 0


@postgres_only
def test_verify_counts_the_cpu_of_the_postgresql_server_process_too(db):
    bench.populate(100)

    result = bench.time_verify(checkpoints=False)

    assert result["server_cpu_s"] is not None and result["server_cpu_s"] >= 0
    assert 0 < result["cpu_ratio_to_raw"] < 1


@postgres_only
def test_append_throughput_runs_real_concurrent_writers(transactional_db):
    result = bench.append_throughput(writers=4, transactions=40)

    assert result["transactions"] == 40 and Event.objects.count() == 40
    assert verify_ledger(checkpoint_dir=None).ok
