"""make bench-load: Locust against gunicorn on PostgreSQL, with the Celery worker and beat on
Redis running beside it (issue 15 §5).

    python -m bench.load [--duration 60] [--users 12] [--write]

One city is prepared once into a template database (bench.scale's generator, with open work
waiting at every stage, fresh employees for the clerks to propose and vacant posts for them);
each run starts from a copy of it, so every run sees the same data. Three runs: one gunicorn
worker, two workers, and two workers with the ledger append replaced by nothing
(bench/load_wsgi.py). Every process this starts is in its own process group and is ended in a
``finally``, also when a run fails or the command is interrupted.

During each run the CPU time of each group of processes (gunicorn, the run database's
PostgreSQL backends, Locust, Celery, Redis) and of the whole machine is read from /proc
(``CpuMeter``), so that the report says where the cores went: on a shared two-core machine the
wall-clock figures alone cannot tell a slow server from a busy neighbour. The logs of every
process stay under var/bench-load/<time>/<run>/; when the server answered 5xx, the first
traceback of its log is printed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
DATABASE = "sahih_perf_load"
TEMPLATE = "sahih_perf_load_template"
REDIS_DB = 11  # the load test's own Redis databases: 11 (broker) and 12 (cache)
PASSWORD = "bench-load-2026"  # noqa: S105 -- a throwaway database's accounts
HEADING = "## Several app processes: the load test"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# The process groups whose CPU time each run reports, in the table's order.
GROUPS = ("gunicorn", "postgres", "locust", "celery", "redis")
OPEN_WORK = {
    "unit_head": 160,
    "verification": 120,
    "agency_head": 90,
    "secretary": 90,
    "signing": 30,
    "draft": 20,
    "returned": 10,
}


def _env(run_dir: Path, *, database: str = DATABASE, ledger: str = "real") -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": f"{PG}/{database}",
        "DATABASE_CONN_MAX_AGE": "60",
        "SAHIH_VAR_DIR": str(run_dir),
        "SECRET_KEY": "bench-load-" + secrets.token_hex(24),
        "DEBUG": "0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB + 1}",
        "SAHIH_LOAD_DATA": str(run_dir / "load-data.json"),
        "SAHIH_LOAD_LEDGER": ledger,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("SAHIH_TEST_TODAY", None)
    return env


def _psql(statement: str) -> None:
    subprocess.run(["psql", f"{PG}/postgres", "-qAtc", statement], check=True, capture_output=True)


def prepare(run_dir: Path, cases: int) -> None:
    """The template database: migrated, the city, ``cases`` generated, passwords, the data file."""
    _psql(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
    _psql(f"CREATE DATABASE {TEMPLATE}")
    env = _env(run_dir, database=TEMPLATE)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [str(BIN / "python"), "-m", "bench.load", "--fill", str(cases)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,  # the console mail backend prints every notification
    )


def fill(cases: int) -> None:
    """Runs inside the template database's environment (``--fill``)."""
    import django

    django.setup()
    import copy

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from bench import scale
    from decisions.models import CaseItem
    from decisions.signing import create_development_certificates
    from personnel.models import Position
    from tests.factories import build_city

    key = Path(settings.SAHIH_SIGNING["key_file"])
    if not key.exists():
        create_development_certificates(key.parent, common_name="Wali Kota Tanjungbalai (bench)")
    city = build_city()
    # Every open case about an employee of its own: the open work takes effect today, and two
    # moves of one employee on the same day cannot both be applied (the second signing answered
    # 500; the report tells the lead what the app should say instead).
    generated = scale.generate(cases, city=city, open_plan=OPEN_WORK, distinct_open=True)
    draft = scale.read_template("draft", generated.templates["draft"])
    free = scale.employee_pool(draft.employees[0], 3000)
    target = CaseItem.objects.get(case_id=generated.templates["draft"]).to_position
    first = Position.objects.order_by("-pk").values_list("pk", flat=True).first() + 1
    posts = []
    for index in range(len(free)):
        post = copy.copy(target)
        post.pk = post.id = first + index
        post.code = f"BPKAD-BEBAN{index:04d}"
        posts.append(post)
    Position.objects.bulk_create(posts, batch_size=1000)
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Position]):
            cursor.execute(statement)
    get_user_model().objects.update(password=make_password(PASSWORD))
    accounts = {
        "clerk": [city.clerk],
        "unit_head": [city.head_dishub, city.head_bpkad],
        "verification": [city.verifier, city.verifier2],
        "agency_head": [city.agency_head],
        "secretary": [city.sekda],
        "signing": [city.walikota],
        "inspector": [city.inspector],
    }
    # API tokens made now: logging in (a deliberately slow password hash) is not the load measured.
    from rest_framework.authtoken.models import Token

    tokens = {
        user.username: Token.objects.get_or_create(user=user)[0].key
        for users in accounts.values()
        for user in users
    }
    data = {
        "password": PASSWORD,
        "accounts": {role: [user.username for user in users] for role, users in accounts.items()},
        "tokens": tokens,
        "nips": [person.nip for person in free],
        "targets": [post.code for post in posts],
        "cases": cases,
        "events": generated.events,
    }
    Path(os.environ["SAHIH_LOAD_DATA"]).write_text(json.dumps(data), encoding="utf-8")


def process_stat(text: str) -> tuple[int, int]:
    """(process group, CPU ticks in user and kernel mode) from the text of /proc/<pid>/stat.

    The second field, the command, is in parentheses and may itself hold spaces and ")": the
    fields are counted from the last ")" (proc(5): field 5 is pgrp, 14 utime, 15 stime)."""
    rest = text[text.rindex(")") + 2 :].split()
    # rest[0] is field 3 (the state): field n is rest[n - 3].
    return int(rest[2]), int(rest[11]) + int(rest[12])


def machine_stat(text: str) -> tuple[int, int]:
    """(busy, all) CPU ticks of every core together from the text of /proc/stat: its first
    line, "cpu user nice system idle iowait irq softirq steal ..."; idle and iowait are not busy
    (guest time is already inside user, so it is not added again)."""
    first = text.split("\n", 1)[0].split()
    assert first[0] == "cpu", first
    ticks = [int(value) for value in first[1:9]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def postgres_database(cmdline: bytes) -> str | None:
    """The database a PostgreSQL backend serves, from its /proc/<pid>/cmdline ("postgres:
    15/main: postgres sahih_perf_load 127.0.0.1(40122) idle", the cluster's name there when the
    server has one); None for any other process, and for the server's own processes
    (checkpointer, walwriter, autovacuum launcher)."""
    words = cmdline.replace(b"\0", b" ").decode(errors="replace").split()
    if not words or words[0] != "postgres:":
        return None
    rest = words[2:] if len(words) > 1 and words[1].endswith(":") else words[1:]
    if rest[:2] == ["autovacuum", "worker"] and len(rest) >= 3:
        return rest[2]
    if len(rest) >= 3 and ("(" in rest[2] or rest[2] == "[local]"):
        return rest[1]
    return None


class CpuMeter:
    """The CPU seconds of each process group during a run, from /proc, sampled twice a second.

    A process's CPU time is its utime+stime (/proc/<pid>/stat); one that started during the run
    counts from zero, one that was already running from its first sample. A process that exits
    between two samples loses at most its last half second (PostgreSQL backends live as long as
    their connection, which is kept: DATABASE_CONN_MAX_AGE). The machine's busy time (all cores,
    /proc/stat) over the same window says what everything else took: other agents, the kernel."""

    def __init__(self, *, pgids: dict[str, set[int]], database: str, interval: float = 0.5):
        self.pgids = pgids
        self.database = database
        self.interval = interval
        self.first: dict[int, int] = {}
        self.last: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def group_of(self, pid: int, pgid: int) -> str | None:
        for name, ids in self.pgids.items():
            if pgid in ids:
                return name
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        if cmdline.startswith(b"postgres:"):
            return "postgres" if postgres_database(cmdline) == self.database else None
        if b"redis-server" in cmdline.split(b"\0", 1)[0]:
            return "redis"
        return None

    def sample(self, *, initial: bool = False) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            try:
                pgid, ticks = process_stat((entry / "stat").read_text())
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            group = self.last[pid][0] if pid in self.last else self.group_of(pid, pgid)
            if group is None:
                continue
            if pid not in self.first:
                self.first[pid] = ticks if initial else 0
            self.last[pid] = (group, ticks)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> CpuMeter:
        self.machine_start = machine_stat(Path("/proc/stat").read_text())
        self.started = time.monotonic()
        self.sample(initial=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        self.seconds = time.monotonic() - self.started
        self.machine_end = machine_stat(Path("/proc/stat").read_text())

    def result(self) -> dict:
        """CPU seconds by group, the machine's busy seconds, the rest, and the window."""
        by_group = dict.fromkeys(GROUPS, 0.0)
        for pid, (group, ticks) in self.last.items():
            by_group[group] += (ticks - self.first.get(pid, 0)) / CLOCK_TICKS
        busy = (self.machine_end[0] - self.machine_start[0]) / CLOCK_TICKS
        every = (self.machine_end[1] - self.machine_start[1]) / CLOCK_TICKS
        return {
            **{f"cpu_{name}": seconds for name, seconds in by_group.items()},
            "cpu_machine": busy,
            "cpu_rest": max(0.0, busy - sum(by_group.values())),
            "cpu_idle": every - busy,
            "cpu_window": self.seconds,
            "cores": os.cpu_count(),
        }


class Processes:
    """The processes of one run, each in its own group; ``stop`` ends them all."""

    def __init__(self, run_dir: Path):
        self.run_dir = run_dir
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = open(self.run_dir / f"{name}.log", "ab")  # noqa: SIM115 -- closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
        self.started.append((name, process))
        return process

    def stop(self) -> None:
        for _name, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _name, process in reversed(self.started):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.started.clear()


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 -- our own 127.0.0.1 server
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def _flush_redis() -> None:
    import redis

    for db in (REDIS_DB, REDIS_DB + 1):
        redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()


def run_once(run_dir: Path, *, workers: int, ledger: str, users: int, duration: int, port: int) -> dict:
    _psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    _psql(f"CREATE DATABASE {DATABASE} TEMPLATE {TEMPLATE}")
    _flush_redis()
    label = f"{workers}w-{ledger}"
    logs = run_dir / label
    logs.mkdir(exist_ok=True)
    env = _env(run_dir, ledger=ledger)
    # Each run's own witness log and checkpoints, starting from the template's: the database
    # starts again from the template, so the last run's lines would contradict this run's.
    import shutil

    for name, variable in (("witness", "SAHIH_LEDGER_WITNESS_DIR"), ("checkpoints", "SAHIH_CHECKPOINT_DIR")):
        if (run_dir / name).exists():
            shutil.copytree(run_dir / name, logs / name, dirs_exist_ok=True)
        env[variable] = str(logs / name)
    processes = Processes(logs)
    try:
        gunicorn = processes.start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "bench.load_wsgi:application",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--access-logfile",
                str(logs / "access.log"),
            ],
            env,
        )
        worker = processes.start(
            "worker",
            [str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "--loglevel", "INFO"],
            env,
        )
        beat = processes.start(
            "beat",
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(logs / "beat-schedule"),
            ],
            env,
        )
        _wait_for(f"http://127.0.0.1:{port}/accounts/login/")
        data = json.loads((run_dir / "load-data.json").read_text(encoding="utf-8"))
        token = next(iter(data["tokens"].values()))
        for _ in range(4 * workers):  # every worker imports the API's modules before the clock starts
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/tasks/", headers={"Authorization": f"Token {token}"}
            )
            with urllib.request.urlopen(request, timeout=60):  # noqa: S310 -- our own 127.0.0.1 server
                pass
        pgids = {"gunicorn": {gunicorn.pid}, "celery": {worker.pid, beat.pid}, "locust": set()}
        load_before = os.getloadavg()[0]
        meter = CpuMeter(pgids=pgids, database=DATABASE).__enter__()
        locust = processes.start(
            "locust",
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{duration}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(logs / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env,
        )
        pgids["locust"].add(locust.pid)
        try:
            locust.wait(timeout=duration + 120)
        finally:
            meter.__exit__()
        result = _read_stats(logs / "locust_stats.csv", duration)
        result.update(_background_work(logs / "worker.log"))
        result["server_errors"] = _server_errors(logs / "access.log")
        result.update(meter.result())
        result.update(workers=workers, ledger=ledger, users=users, duration=duration)
        result.update(load_before=load_before, load_after=os.getloadavg()[0])
        return result
    finally:
        processes.stop()
        _report_server_errors(logs)


def first_traceback(text: str) -> str | None:
    """The first Python traceback in a log, from the line that names its request (Django's
    "Internal Server Error: /api/...") to its exception, chained tracebacks included."""
    lines = text.splitlines()
    chained = ("Traceback (most recent call last):", "During handling", "The above exception")
    for index, line in enumerate(lines):
        if not line.startswith(chained[0]):
            continue
        start = (
            index - 1 if index and lines[index - 1].strip() and not lines[index - 1][0].isspace() else index
        )
        end = index + 1
        while end < len(lines):
            current = lines[end]
            if not current.strip() or current[0].isspace() or current.startswith(chained):
                end += 1
                continue
            # An exception's line: the end, unless a chained traceback follows it.
            following = next((later for later in lines[end + 1 : end + 3] if later.strip()), "")
            if not following.startswith(chained[1:]):
                break
            end += 1
        return "\n".join(lines[start : end + 1])
    return None


def _report_server_errors(logs: Path) -> None:
    """When the server answered 5xx, print the first traceback of its log (kept in ``logs``)."""
    if not _server_errors(logs / "access.log"):
        return
    log = logs / "gunicorn.log"
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    found = first_traceback(text) or "(no traceback in the server's log)"
    print(f"5xx answered; the server's first traceback ({logs / 'gunicorn.log'}):\n{found}", file=sys.stderr)


def _read_stats(path: Path, duration: int) -> dict:
    rows = {row["Name"]: row for row in csv.DictReader(path.open(encoding="utf-8"))}
    total = rows["Aggregated"]

    def figure(name: str, column: str) -> float:
        return float(rows[name][column]) if name in rows else 0.0

    return {
        "approvals": int(figure("approve", "Request Count")),
        "approvals_per_s": figure("approve", "Request Count") / duration,
        "approve_p50": figure("approve", "50%"),
        "approve_p99": figure("approve", "99%"),
        "signings": int(figure("sign", "Request Count")),
        "sign_p50": figure("sign", "50%"),
        "cases_created": int(figure("create a case", "Request Count")),
        "lost_races": int(figure("approve (lost the race, 409)", "Request Count")),
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "p50": float(total["50%"]),
        "p99": float(total["99%"]),
        "by_name": {
            name: {"count": int(row["Request Count"]), "p50": row["50%"], "p99": row["99%"]}
            for name, row in rows.items()
            if name != "Aggregated"
        },
    }


def _background_work(worker_log: Path) -> dict:
    text = worker_log.read_text(encoding="utf-8", errors="replace") if worker_log.exists() else ""
    succeeded = text.count("succeeded in")
    failed = text.count("raised unexpected")
    return {"celery_tasks_done": succeeded, "celery_tasks_failed": failed}


def _server_errors(access_log: Path) -> int:
    if not access_log.exists():
        return 0
    return sum(1 for line in access_log.open(encoding="utf-8") if '" 5' in line)


def _cores(result: dict, name: str) -> str:
    """CPU seconds of a group during the run, and how many cores that is on average."""
    seconds = result[f"cpu_{name}"]
    return f"{seconds:.1f} ({seconds / result['cpu_window']:.2f})" if result.get("cpu_window") else "–"


def _label(result: dict) -> str:
    return f"{result['workers']} worker{'s' if result['workers'] > 1 else ''}" + (
        ", ledger append a no-op" if result["ledger"] == "noop" else ""
    )


def _per_request(result: dict) -> tuple[float, float, float]:
    """CPU ms per request: gunicorn's, PostgreSQL's, and all the run's own processes'."""
    requests = result["requests"] or 1
    ours = sum(result[f"cpu_{name}"] for name in GROUPS)
    return tuple(
        1000 * seconds / requests for seconds in (result["cpu_gunicorn"], result["cpu_postgres"], ours)
    )


def ceiling(result: dict) -> float:
    """What two sync workers can give at most against one on the machine's cores, from the CPU a
    request costs (a model, not a measure). One sync worker waits for its database while it
    works: it serves at most one request per (gunicorn + PostgreSQL) CPU ms. Two serve at most
    twice that, and no more than the cores allow once every process of the run has its share
    (Locust, Celery, Redis too): cores / (all the run's CPU ms)."""
    gunicorn, postgres, ours = _per_request(result)
    one = 1 / (gunicorn + postgres)
    two = min(2 * one, result["cores"] / ours)
    return two / one


def section(results: list[dict], note: str, data: dict) -> str:
    from .report import table

    one = next((r for r in results if r["workers"] == 1 and r["ledger"] == "real"), results[0])
    two = next((r for r in results if r["workers"] == 2 and r["ledger"] == "real"), None)
    noop = next((r for r in results if r["ledger"] == "noop"), None)
    lines = [HEADING, ""]
    lines.append(
        "Written by `make bench-load` (`python -m bench.load --write`): Locust (FastHttpUser), "
        f"headless, {one['users']} users for {one['duration']} s per run, against gunicorn (sync "
        "workers) on PostgreSQL at 127.0.0.1, with the Celery worker and beat on Redis as real "
        "processes (the beat fires the deadlines, the due decisions and the ledger checkpoint every "
        "20 s during the run; not the checkpoint in the no-op ledger's run, where it must refuse). "
        "The users, all through the API, in every twelve: 3 clerks creating and submitting "
        "transfers, the officials of each stage (2 unit heads, 2 verifiers, the Head of BKPSDM, the "
        "Sekda) approving what waits for them, the Wali Kota signing, 2 inspectors searching and "
        "reading timelines; they wait 0.05-0.6 s between actions, so that the server is saturated. "
        f"Each run starts from the same database: {data['cases']:,} generated cases "
        f"({data['events']:,} ledger events) with open work waiting at every stage. Each run's "
        "logs stay under var/bench-load/."
    )
    if note:
        lines += ["", note]
    header = [
        "",
        "approvals / s",
        "approval p50 ms",
        "approval p99 ms",
        "signings",
        "cases created",
        "all requests",
        "p50 ms",
        "p99 ms",
        "errors",
        "409 lost races",
        "Celery tasks done",
        "load avg (1 min) before → after",
    ]
    rows = []
    for r in results:
        rows.append(
            [
                _label(r),
                f"{r['approvals_per_s']:.2f}",
                f"{r['approve_p50']:.0f}",
                f"{r['approve_p99']:.0f}",
                r["signings"],
                r["cases_created"],
                r["requests"],
                f"{r['p50']:.0f}",
                f"{r['p99']:.0f}",
                r["failures"] + r["server_errors"],
                r["lost_races"],
                f"{r['celery_tasks_done']} ({r['celery_tasks_failed']} failed)",
                f"{r['load_before']:.1f} → {r['load_after']:.1f}",
            ]
        )
    lines += ["", table(header, rows), ""]
    lines.append(
        "Where the CPU went during each run: CPU seconds (user + kernel) of each group of "
        "processes, read from /proc twice a second, and in brackets the cores that is on average "
        f"(the machine has {results[0].get('cores', '?')}). *Gunicorn*: master and workers; "
        "*PostgreSQL*: the backends of the run's database; *Celery*: worker and beat; *Redis*: the "
        "whole server; *rest*: whatever else the machine was busy with in the same window (other "
        "programs on the shared machine, the kernel's own threads)."
    )
    cpu_header = [
        "",
        "gunicorn",
        "PostgreSQL",
        "Locust",
        "Celery",
        "Redis",
        "rest",
        "idle",
        "gunicorn CPU ms / request",
        "PostgreSQL CPU ms / request",
        "all the run's CPU ms / request",
    ]
    cpu_rows = [
        [
            _label(r),
            *(_cores(r, name) for name in (*GROUPS, "rest", "idle")),
            *(f"{ms:.1f}" for ms in _per_request(r)),
        ]
        for r in results
    ]
    lines += ["", table(cpu_header, cpu_rows), ""]
    aims = []
    if two is not None and one is not two:
        scaling = two["approvals_per_s"] / one["approvals_per_s"] if one["approvals_per_s"] else float("nan")
        aims.append(["two workers / one, approvals per second", f"**{scaling:.2f}×**", "≥ 1.8×"])
        aims.append(
            [
                f"what {two['cores']} cores allow at most, from the CPU per request of the two-worker run",
                f"{ceiling(two):.2f}×",
                "",
            ]
        )
    if noop is not None and two is not None:
        cost = (
            1 - two["approvals_per_s"] / noop["approvals_per_s"] if noop["approvals_per_s"] else float("nan")
        )
        aims.append(
            ["what the ledger costs (throughput lost against a no-op append)", f"**{cost:.0%}**", "≤ 15%"]
        )
        with_ledger, without = _per_request(two)[0], _per_request(noop)[0]
        aims.append(
            [
                "what the ledger costs in gunicorn CPU per request (steadier on a shared machine)",
                f"{with_ledger - without:+.1f} ms ({with_ledger / without - 1:+.0%})" if without else "–",
                "",
            ]
        )
    errors = sum(r["failures"] + r["server_errors"] for r in results)
    aims.append(["errors (failed requests and 5xx), all runs", f"**{errors}**", "0"])
    lines += [table(["", "measured", "aim"], aims)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--duration", type=int, default=60, help="seconds per run")
    parser.add_argument("--users", type=int, default=12)
    parser.add_argument("--cases", type=int, default=1000, help="cases generated before the runs")
    parser.add_argument("--port", type=int, default=8765 + 37)
    parser.add_argument("--runs", default="1:real,2:real,2:noop", help="workers:ledger, comma-separated")
    parser.add_argument("--note", default="")
    parser.add_argument("--write", action="store_true", help="rewrite the section in docs/benchmarks.md")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--render", type=Path, metavar="RUN_DIR", help="write the section again from a kept run's results"
    )
    args = parser.parse_args(argv)
    if args.fill is not None:
        fill(args.fill)
        return 0
    if args.render is not None:
        kept = args.render / "results.json"
        results = json.loads(kept.read_text(encoding="utf-8"))
        data = json.loads((args.render / "load-data.json").read_text(encoding="utf-8"))
        ended = datetime.fromtimestamp(kept.stat().st_mtime).astimezone()
        return _publish(section(results, args.note or f"Run on {ended:%Y-%m-%d %H:%M %Z}.", data), args.write)

    # Kept after the run (var/ is not committed): each run's server, worker, beat and Locust logs.
    run_dir = ROOT / "var" / "bench-load" / datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir.mkdir(parents=True)
    print(f"load test files: {run_dir}", file=sys.stderr)

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    results = []
    try:
        print(f"preparing {args.cases:,} cases ...", file=sys.stderr)
        prepare(run_dir, args.cases)
        data = json.loads((run_dir / "load-data.json").read_text(encoding="utf-8"))
        for spec in args.runs.split(","):
            workers, ledger = spec.split(":")
            print(f"run: {workers} worker(s), ledger {ledger} ...", file=sys.stderr)
            result = run_once(
                run_dir,
                workers=int(workers),
                ledger=ledger,
                users=args.users,
                duration=args.duration,
                port=args.port,
            )
            print(json.dumps({k: v for k, v in result.items() if k != "by_name"}), file=sys.stderr)
            results.append(result)
    finally:
        for name in (DATABASE, TEMPLATE):
            _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    (run_dir / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    note = args.note or f"Run on {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}."
    return _publish(section(results, note, data), args.write)


def _publish(text: str, write: bool) -> int:
    if write:
        from .report import write as write_section

        write_section(text, ROOT / "docs" / "benchmarks.md", HEADING)
        print("written docs/benchmarks.md", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
