"""The load test's helpers (bench/load.py) read /proc and the server's log correctly: no
server, no database, only the parsing."""

from __future__ import annotations

import importlib
import os
from collections import Counter

from bench import load, scale
from decisions.models import Case, CaseItem


def test_a_process_stat_gives_its_group_and_cpu_ticks_even_with_a_parenthesis_in_its_name():
    # proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    # cmajflt utime stime cutime cstime ...
    text = "4242 (gunicorn: (w) 1) S 4200 4200 4200 0 -1 4194560 900 0 0 0 1234 56 7 8 20 0 1 0"

    assert load.process_stat(text) == (4200, 1234 + 56)


def test_this_process_stat_is_read_from_proc():
    with open(f"/proc/{os.getpid()}/stat", encoding="utf-8") as stat:
        pgid, ticks = load.process_stat(stat.read())

    assert pgid == os.getpgid(0) and ticks >= 0


def test_the_machine_busy_time_leaves_out_idle_and_iowait():
    text = "cpu  100 5 50 1000 20 3 2 1 0 0\ncpu0 50 2 25 500 10 1 1 0 0 0\nintr 1\n"

    busy, every = load.machine_stat(text)

    assert (busy, every) == (100 + 5 + 50 + 3 + 2 + 1, 1181)


def test_a_postgres_backend_names_its_database_and_the_servers_own_processes_name_none():
    backend = b"postgres: postgres sahih_perf_load 127.0.0.1(40122) idle\0\0\0"
    autovacuum = b"postgres: autovacuum worker sahih_perf_load\0"
    named_cluster = b"postgres: 15/main: postgres sahih_perf_load 127.0.0.1(51340) SELECT\0"

    assert load.postgres_database(backend) == "sahih_perf_load"
    assert load.postgres_database(named_cluster) == "sahih_perf_load"
    assert load.postgres_database(b"postgres: 15/main: checkpointer \0") is None
    assert load.postgres_database(autovacuum) == "sahih_perf_load"
    assert load.postgres_database(b"postgres: checkpointer \0") is None
    assert load.postgres_database(b"/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib\0") is None


def test_the_first_traceback_of_a_log_comes_with_its_request_and_its_chained_cause():
    log = "\n".join(
        [
            "[2026-12-04 11:00:00 +0000] [1] [INFO] Booting worker with pid: 2",
            "Internal Server Error: /api/tasks/5/approve/",
            "Traceback (most recent call last):",
            '  File "a.py", line 1, in decide',
            "    decide()",
            "KeyError: 'assignment'",
            "",
            "During handling of the above exception, another exception occurred:",
            "",
            "Traceback (most recent call last):",
            '  File "b.py", line 2, in handle',
            "    handle()",
            "RuntimeError: boom",
            "[2026-12-04 11:00:01 +0000] [1] [INFO] Handling signal: term",
            "Traceback (most recent call last):",
            "OtherError: the second one",
        ]
    )

    found = load.first_traceback(log)

    assert found.splitlines()[0] == "Internal Server Error: /api/tasks/5/approve/"
    assert found.splitlines()[-1] == "RuntimeError: boom"
    assert "KeyError: 'assignment'" in found and "OtherError" not in found
    assert load.first_traceback("[INFO] Listening at: http://127.0.0.1:8802\n") is None


def test_the_cpu_meter_sorts_processes_into_groups_by_their_process_group():
    meter = load.CpuMeter(pgids={"gunicorn": {os.getpgid(0)}}, database="sahih_perf_load")

    with meter:
        sum(range(200_000))  # some CPU in this process, the "gunicorn" group here

    result = meter.result()
    assert set(result) >= {"cpu_gunicorn", "cpu_postgres", "cpu_machine", "cpu_rest", "cpu_window"}
    assert result["cpu_gunicorn"] >= 0 and result["cpu_machine"] >= 0


def _result(**figures) -> dict:
    cpu = {f"cpu_{name}": 0.0 for name in (*load.GROUPS, "machine", "rest", "idle")}
    return {
        "workers": 2,
        "ledger": "real",
        "users": 12,
        "duration": 60,
        "approvals": 300,
        "approvals_per_s": 5.0,
        "approve_p50": 80.0,
        "approve_p99": 400.0,
        "signings": 20,
        "cases_created": 50,
        "lost_races": 1,
        "requests": 1000,
        "failures": 0,
        "server_errors": 0,
        "p50": 70.0,
        "p99": 390.0,
        "celery_tasks_done": 10,
        "celery_tasks_failed": 0,
        "load_before": 1.0,
        "load_after": 2.0,
        "cores": 2,
        "cpu_window": 62.0,
        **cpu,
        **figures,
    }


def test_the_ceiling_of_two_workers_is_what_the_cores_leave_once_every_process_has_its_share():
    # 50 ms of gunicorn and 20 of PostgreSQL a request: one worker serves at most 1/70 ms.
    alone = _result(cpu_gunicorn=50.0, cpu_postgres=20.0)
    crowded = _result(cpu_gunicorn=50.0, cpu_postgres=20.0, cpu_locust=10.0, cpu_celery=20.0)

    assert load.ceiling(alone) == 2.0  # 70 ms on 2 cores: both workers have a core each
    assert round(load.ceiling(crowded), 3) == round((2 / 100) / (1 / 70), 3)  # 1.4x


def test_the_section_shows_the_cpu_split_and_counts_every_error():
    one = _result(workers=1, approvals_per_s=4.0, cpu_gunicorn=40.0, cpu_postgres=10.0, cpu_window=61.0)
    two = _result(cpu_gunicorn=55.0, cpu_postgres=14.0, cpu_locust=3.0, server_errors=1)

    text = load.section([one, two], "Run on a test.", {"cases": 1000, "events": 15842})

    assert "| 2 workers | 5.00 |" in text and "1.25×" in text
    assert "| 1 worker | 40.0 (0.66) | 10.0 (0.16) |" in text
    assert "| errors (failed requests and 5xx), all runs | **1** | 0 |" in text


def test_a_load_city_has_no_employee_in_two_open_cases(city):
    # Open work takes effect today: a second move of one employee on the same day cannot be
    # applied, and the load test signed such cases (500). 40 open cases among 45 employees:
    # drawn freely (the same seed), several employees are in two.
    open_plan = {"unit_head": 20, "signing": 10, "secretary": 10}
    generated = scale.generate(45, city=city, open_plan=open_plan, employees=45, distinct_open=True)

    copies = Case.objects.filter(status__in=Case.OPEN_STATUSES).exclude(pk__in=generated.templates.values())
    per_employee = Counter(CaseItem.objects.filter(case__in=copies).values_list("employee_id", flat=True))
    assert copies.count() == 40
    assert max(per_employee.values()) == 1


def test_only_the_no_op_ledger_run_leaves_the_checkpoint_out_of_its_beat(monkeypatch):
    # The checkpoint must refuse a ledger without the run's events; that is not the load's error.
    monkeypatch.setenv("SAHIH_LOAD_LEDGER", "noop")
    noop = importlib.reload(importlib.import_module("bench.load_settings"))
    assert "audit-checkpoint" not in noop.CELERY_BEAT_SCHEDULE

    monkeypatch.setenv("SAHIH_LOAD_LEDGER", "real")
    real = importlib.reload(importlib.import_module("bench.load_settings"))
    assert "audit-checkpoint" in real.CELERY_BEAT_SCHEDULE
    assert real.LOGGING["root"]["handlers"] == ["console"]  # a 500's traceback reaches the log
