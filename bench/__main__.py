"""python -m bench (make bench): run every benchmark in one process on a fresh database and
write docs/benchmarks.md. Ratios, not absolute limits: each figure is set against its bare
counterpart (viewflow, reportlab, hashlib, PostgreSQL) measured in the same run.

DATABASE_URL chooses the database (SQLite by default); the PostgreSQL-only parts (concurrent
appends) run when it is PostgreSQL. ``--quick`` shrinks every workload (for a smoke run).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.bench_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    import reportlab
    import viewflow

    return [
        ("Date", datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")),
        ("CPU", f"{cpu} × {os.cpu_count()}"),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("viewflow", getattr(viewflow, "__version__", "2.4.0")),
        ("reportlab", reportlab.Version),
        ("Database", database),
    ]


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


_CITY = []


def _city():
    """One generated city for the sections that share it (its codes are unique)."""
    if not _CITY:
        from tests.factories import build_city

        _CITY.append(build_city())
    return _CITY[0]


def section_approvals(quick: bool) -> str:
    """Issue 15 §1: one approval against bare viewflow (``--only approvals`` runs just this)."""
    from . import workflow

    load = os.getloadavg()
    approval = workflow.approvals(_city(), n=12 if quick else 40)
    if connection.vendor != "postgresql":
        prepared = "PostgreSQL only; this run is on SQLite"
    elif connection.settings_dict["OPTIONS"].get("server_side_binding"):
        prepared = "on in this run"
    else:
        prepared = "off in this run"
    out = ["## Approvals: our task service against bare viewflow", ""]
    out.append(
        "Each approval through `workflows.services.task_approve` (visibility, locks, separation of "
        "duties, the policy rules, the ledger) against a bare viewflow flow with the same six "
        "human tasks completed through its activation API with its own permission check. "
        f"{approval['n']} cases each; a quarter of the calls counted for SQL, the rest timed "
        "(wall time, and the CPU time of the benchmark's own process: the Python side, which "
        "the load of other processes on the machine stretches much less)."
    )
    out += [
        "",
        table(
            ["", "mean ms / approval", "p90 ms", "CPU ms / approval", "SQL statements / approval"],
            [
                [
                    "Sahih task service",
                    f"{approval['ours_ms']:.1f}",
                    f"{approval['ours_p90_ms']:.1f}",
                    f"{approval['ours_cpu_ms']:.1f}",
                    f"{approval['ours_queries']:.1f}",
                ],
                [
                    "Sahih, policy rules switched off",
                    f"{approval['norules_ms']:.1f}",
                    "",
                    "",
                    f"{approval['norules_queries']:.1f}",
                ],
                [
                    "bare viewflow",
                    f"{approval['bare_ms']:.1f}",
                    f"{approval['bare_p90_ms']:.1f}",
                    f"{approval['bare_cpu_ms']:.1f}",
                    f"{approval['bare_queries']:.1f}",
                ],
                [
                    "**ratio, Sahih / bare**",
                    f"**{approval['ratio']:.2f}×**",
                    "",
                    f"{approval['ours_cpu_ms'] / approval['bare_cpu_ms']:.2f}×",
                    f"{approval['ours_queries'] / approval['bare_queries']:.2f}×",
                ],
                [
                    "ratio without the rules",
                    f"{approval['norules_ms'] / approval['bare_ms']:.2f}×",
                    "",
                    "",
                    f"{approval['norules_queries'] / approval['bare_queries']:.2f}×",
                ],
            ],
        ),
    ]
    out += [
        "",
        "Where the statements of one approval go (issue 15 §1; PostgreSQL, a transfer's "
        "verification, rules on; 18 with BEGIN and COMMIT): the case found through the task, "
        "checked visible, locked with its viewflow process, and asked whether it is about the "
        "actor and whether they decided another stage: 1; the task under the lock: 1 (viewflow's "
        "activation then runs under that lock: no second lock, no re-reads, no savepoint); a pool "
        "task's permission: 1; the policy rules: 3 (the case's items; the SKP ratings, sanctions, "
        "proceedings, bonds, the target posts' holders, the file's kinds and the policy "
        "parameters in one UNION ALL; the stored evaluation); viewflow: the task's one UPDATE, "
        "the next task and its link; the next stage's decider: 2 (its post; its holder, whose "
        "row says whether a Plt or Plh acts: the acting decree is read only then) or 1 for a "
        "pool; the holiday calendar: 1, read once for the next task's deadline and the decided "
        "stage's duration (personnel.holidays.read_once); the stage's duration row: 1 "
        "(workflows/durations.py: what the statistics and the dashboard read); the stage sync: 1 "
        "(UPDATE ... RETURNING); the ledger: 2 (the high-water mark locked and read, one insert "
        "of every event). The heads' approvals differ: the first costs 19 (viewflow's join "
        "task created and started, its incoming tasks and the still-open branches read), the "
        "one that completes the join 31 (the join and its gateway: their rows, links and "
        "updates, the open branches asked twice, the branches' tasks read once, two savepoints). "
        "The join reads its incoming tasks once and keeps the locked process and case "
        "(workflows/nodes.py, flows.py). Every statement on the path is built once per shape and "
        "run with its values (personnel/compiled.py: the reads through `fetch` -- the case lock, "
        "the task, the policy's items, the next decider's post and holder, the pool permission, "
        "the holidays, the join's tasks; the one-row inserts through `insert` -- the ledger's "
        "events, the rule evaluation, the stage's duration, the new task's link), so the ORM "
        "compiles nothing on an approval but viewflow's own saves of its tasks. The mail to "
        "whoever the next task waits for is queued for the Celery worker after the commit, as a "
        "deployment with `CELERY_BROKER_URL` runs (here on a real Redis broker, emptied after; "
        "about 0.35 ms of CPU to queue, where sending it in the request cost 0.6-1 ms with "
        "Django's in-memory mail backend, and a mail server's round trip in production). What "
        "the CPU goes to now (pyinstrument over 200 approvals): viewflow's activation and FSM "
        "with the next task's creation about half, the policy rules about a fifth, then the "
        "ledger's canonical JSON and hash, the queueing and the checks. Our rounds and bare "
        "viewflow's alternate stage by stage, so that whatever else the machine does weighs on "
        "both alike. Aim (issue 15 "
        "§1): at most 1.5× bare viewflow's time and bare + 10 statements.",
        "",
        "Server-side parameters and prepared statements (`DATABASE_PREPARED_STATEMENTS`, "
        f"{prepared}): psycopg inlines the parameters into the SQL text by default, so PostgreSQL "
        "parses and plans every statement anew; with the server binding them, a statement run "
        "five times on a connection is prepared, and after five custom plans PostgreSQL keeps "
        "one generic plan (both the ORM and the SQL are built once per shape: "
        "personnel/compiled.py). The same benchmark is one process on one connection, as an "
        "app server with persistent connections is. Measured on 2026-12-04, PostgreSQL 15, off "
        "and on alternated. A first series (A B B A, A B B A A B B A: six runs each, load "
        "average 1.0-2.5), medians per approval: Sahih 27.1 → 20.6 ms, bare viewflow 10.1 → "
        "7.2 ms; the time outside our process's CPU (the server's parsing, planning and "
        "execution, and the round trips) 10.8 → 5.7 ms for Sahih, 3.1 → 2.1 ms for bare "
        "viewflow; the process's CPU 15.1 → 14.4 ms and 6.7 → 5.2 ms; the ratio 2.57× → 2.62× "
        "(CPU 2.19× → 2.53×): both sides gained about a quarter. A second series a quarter of "
        "an hour later, on a quieter machine (two runs off and four on, interleaved; load "
        "average 1.4-2.4): Sahih 20.1 and 27.3 ms off (CPU 12.3, 12.9), 12.6-13.4 ms on (CPU "
        "9.4-10.2); bare viewflow 7.5-8.1 ms off, 6.0-8.9 ms on; the ratio 2.50× and 3.66× off, "
        "1.50-2.11× on (median 1.63×; CPU 2.37× off, 1.64-2.08× on). Our approval gains "
        "clearly in both; how much of it the ratio shows depends on the run, since bare "
        "viewflow's few small statements gain less and its time varies most. A whole transfer "
        "(the section below, 8 cases, "
        "A B B A) 504 and 489 ms off, 457 and 464 ms on. On by default; it needs persistent "
        "connections to pay off, and a pooler that keeps a session's prepared statements "
        '(README, "Configuration"). Four runs on an idle machine afterwards (load average '
        "0.5-0.7, on), still before the compiled reads and inserts, the queued mail and the "
        "alternating rounds: 2.18-2.42× (CPU 2.23-2.35×).",
        "",
        f"Load average (1 min) on the machine: {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after "
        "this section's run (other processes share the 2 cores; the ratio is the figure to read).",
    ]
    return "\n".join(out)


def section_workflow(quick: bool) -> str:
    from . import workflow

    city = _city()
    whole = workflow.whole_transfer(city, n=4 if quick else 8)
    signings = 3 if quick else 6
    lock = workflow.signing_lock(city, n=signings)
    # Where the signed PDF is written: after the signing, no lock (now), or in the finish (before).
    written = {
        (latency, inside): workflow.signing_lock(
            city, n=signings, storage_latency=latency, write_inside=inside
        )
        for latency in (0.0, 0.05)
        for inside in (False, True)
    }
    sizes = (10, 20, 40) if quick else (50, 100, 200)
    rows = workflow.collective(city, sizes=sizes)
    out = []
    out += ["## A whole transfer: submission to the signed SK", ""]
    out.append(
        "Submission, two head approvals, verification, Head of BKPSDM, Sekda, and the signing "
        "(numbering, rendering, PAdES signature, storage, and taking effect)."
    )
    out += [
        "",
        table(
            ["cases", "mean ms / case", "SQL statements / case"],
            [[whole["n"], f"{whole['ms']:.0f}", f"{whole['queries']:.0f}"]],
        ),
    ]
    out += ["", "## How long one signing holds the case lock", ""]
    out.append(
        "The signing step with the local signer, in its three steps: the case row is locked only "
        "during the prepare and finish transactions (number, render; store, ledger, task), not "
        "while the signer signs. Before, one transaction held it for the whole step; with BSrE "
        "that step also waits for the service (seconds), the lock no longer does. "
        f"Mean of {lock['n']} signings."
    )
    out += [
        "",
        table(
            ["", "ms the case is locked"],
            [
                ["now: prepare + finish", f"{lock['held_ms']:.0f}"],
                ["before: the whole signing step (signer's call included)", f"{lock['whole_ms']:.0f}"],
            ],
        ),
    ]
    out += ["", "### Writing the signed PDF outside the lock", ""]
    out.append(
        "The signed PDF is written between the signer's answer and the finish, with no "
        "transaction open, and removed if the finish does not commit (decisions/files.py); it "
        "used to be written inside the finish, holding the lock. Both placements measured, on the "
        "local disk and on a storage 50 ms away (a simulated object store: a sleep before each "
        f"write). Mean of {signings} signings each."
    )
    out += [
        "",
        table(
            ["PDF written", "ms locked, local disk", "ms locked, storage 50 ms away"],
            [
                [
                    label,
                    f"{written[(0.0, inside)]['held_ms']:.0f}",
                    f"{written[(0.05, inside)]['held_ms']:.0f}",
                ]
                for label, inside in (("now: before the finish", False), ("before: inside the finish", True))
            ],
        ),
    ]
    out += ["", "## A collective rotation: does the cost per employee stay flat?", ""]
    out += [
        table(
            [
                "employees",
                "ms, submission to signed SK",
                "SQL statements",
                "ms / employee",
                "statements / employee",
            ],
            [
                [
                    r["size"],
                    f"{r['ms']:.0f}",
                    r["queries"],
                    f"{r['ms_per_employee']:.1f}",
                    f"{r['queries_per_employee']:.1f}",
                ]
                for r in rows
            ],
        )
    ]
    return "\n".join(out)


SECTIONS = [("approvals", section_approvals), ("workflow", section_workflow)]


def optional_sections():
    """Sections whose modules may define ``section(quick) -> str``."""
    for name in ("decree", "ledger", "pages", "placement", "statistics"):
        try:
            module = __import__(f"bench.{name}", fromlist=["section"])
        except ImportError:
            continue
        if hasattr(module, "section"):
            yield name, module.section


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--scale":
        # Issue 15 §4, minutes per city: its own command (make bench-scale), not part of make bench.
        from .scale_pages import main as scale

        return scale(sys.argv[2:])
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small workloads, for a smoke run")
    parser.add_argument(
        "--only", help="run one section (approvals, workflow, decree, ledger, pages, placement, statistics)"
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()

    from django.conf import settings

    from decisions.signing import create_development_certificates

    key = Path(settings.SAHIH_SIGNING["key_file"])
    if not key.exists():
        create_development_certificates(key.parent, common_name="Sahih bench")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    print(f"bench database: {test_name}", file=sys.stderr)
    parts = []
    try:
        for name, run in [*SECTIONS, *optional_sections()]:
            if args.only and name != args.only:
                continue
            started = time.perf_counter()
            print(f"running {name} ...", file=sys.stderr)
            parts.append(run(args.quick))
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        info = machine()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    output = Path(args.output)
    if args.only and output.exists():
        # One section's run replaces only its own headed parts; the rest of the page stays.
        from .report import write

        for part in parts:
            for piece in re.split(r"\n(?=## )", part):
                write(piece.rstrip("\n") + "\n", output, piece.splitlines()[0])
        print(f"written {args.output} (section {args.only})", file=sys.stderr)
        return 0
    document = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`); every figure comes from one run on one machine, "
        "and every cost is set against its bare counterpart measured in the same run. No test has a "
        "time limit: these numbers are for reading, not for passing.",
        "",
        table(["", ""], info),
        "",
        *[part + "\n" for part in parts],
    ]
    text = "\n".join(document)
    if output.exists():
        # The sections of make bench-scale and make bench-load take minutes of their own: kept.
        from .load import HEADING as LOAD
        from .scale_pages import HEADING as SCALE

        previous = output.read_text(encoding="utf-8")
        for heading in (SCALE, LOAD):
            start = previous.find(heading)
            if start >= 0 and heading not in text:
                end = previous.find("\n## ", start + len(heading))
                text = (
                    text.rstrip("\n")
                    + "\n\n"
                    + previous[start : end if end >= 0 else None].rstrip("\n")
                    + "\n"
                )
    output.write_text(text, encoding="utf-8")
    print(f"written {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
