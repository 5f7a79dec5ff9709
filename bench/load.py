"""make bench-load: Locust against gunicorn on PostgreSQL, with the Celery worker and beat on
Redis running beside it (issue 15 §5).

    python -m bench.load [--duration 60] [--users 12] [--write]

One city is prepared once into a template database (bench.scale's generator, with open work
waiting at every stage, fresh employees for the clerks to propose and vacant posts for them);
each run starts from a copy of it, so every run sees the same data. Three runs: one gunicorn
worker, two workers, and two workers with the ledger append replaced by nothing
(bench/load_wsgi.py). Every process this starts is in its own process group and is ended in a
``finally``, also when a run fails or the command is interrupted.
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
import tempfile
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
    generated = scale.generate(cases, city=city, open_plan=OPEN_WORK)
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
        processes.start(
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
        processes.start(
            "worker",
            [str(BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "--loglevel", "INFO"],
            env,
        )
        processes.start(
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
        locust.wait(timeout=duration + 120)
        result = _read_stats(logs / "locust_stats.csv", duration)
        result.update(_background_work(logs / "worker.log"))
        result["server_errors"] = _server_errors(logs / "access.log")
        result.update(workers=workers, ledger=ledger, users=users, duration=duration)
        return result
    finally:
        processes.stop()


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


def section(results: list[dict], note: str, data: dict) -> str:
    from .report import table

    one = next((r for r in results if r["workers"] == 1 and r["ledger"] == "real"), results[0])
    two = next((r for r in results if r["workers"] == 2 and r["ledger"] == "real"), None)
    noop = next((r for r in results if r["ledger"] == "noop"), None)
    lines = [HEADING, ""]
    lines.append(
        "Written by `make bench-load` (`python -m bench.load --write`): Locust, headless, "
        f"{one['users']} users for {one['duration']} s per run, against gunicorn (sync workers) on "
        "PostgreSQL at 127.0.0.1, with the Celery worker and beat on Redis as real processes (the "
        "beat fires the deadlines, the due decisions and the ledger checkpoint every 20 s during the "
        "run). The users, all through the API: 3 clerks creating and submitting transfers, the "
        "officials of each stage (2 unit heads, 2 verifiers, the Head of BKPSDM, the Sekda) approving "
        "what waits for them, the Wali Kota signing, 2 inspectors searching and reading timelines. "
        f"Each run starts from the same database: {data['cases']:,} generated cases "
        f"({data['events']:,} ledger events) with open work waiting at every stage."
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
    ]
    rows = []
    for r in results:
        rows.append(
            [
                f"{r['workers']} worker{'s' if r['workers'] > 1 else ''}"
                + (", ledger append a no-op" if r["ledger"] == "noop" else ""),
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
            ]
        )
    lines += ["", table(header, rows), ""]
    aims = []
    if two is not None and one is not two:
        scaling = two["approvals_per_s"] / one["approvals_per_s"] if one["approvals_per_s"] else float("nan")
        aims.append(["two workers / one, approvals per second", f"**{scaling:.2f}×**", "≥ 1.8×"])
    if noop is not None and two is not None:
        cost = (
            1 - two["approvals_per_s"] / noop["approvals_per_s"] if noop["approvals_per_s"] else float("nan")
        )
        aims.append(
            ["what the ledger costs (throughput lost against a no-op append)", f"**{cost:.0%}**", "≤ 15%"]
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
    args = parser.parse_args(argv)
    if args.fill is not None:
        fill(args.fill)
        return 0

    run_dir = Path(tempfile.mkdtemp(prefix="sahih-load-"))
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
    text = section(results, note, data)
    if args.write:
        from .report import write

        write(text, ROOT / "docs" / "benchmarks.md", HEADING)
        print("written docs/benchmarks.md", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
