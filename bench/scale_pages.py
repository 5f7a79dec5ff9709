"""What each page and action costs in a city of N cases (issue 15 §4): time and SQL statements.

``measure(city, generated)`` runs on a database ``bench.scale.generate`` filled. Every page is
requested through Django's test client (the whole stack: middleware, views, templates), once
to warm the per-process caches, then ``repeat`` times timed; the statements are counted on one
more request. An approval consumes its task, so each timed approval decides another task
waiting at the same stage.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import DatabaseError, connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.models import Task

from decisions.models import Case, Decree

from .report import table, write
from .scale import Generated


@dataclass
class Cost:
    name: str
    ms: float
    statements: int
    status: int
    # PostgreSQL: the tables of more than BIG rows its statements read whole (EXPLAIN).
    full_scans: tuple[str, ...] = ()


BIG = 5000
EXPLAIN = {"on": True}  # off for the later rounds of a paired run: the plans do not change


def full_scans(statements: list[str]) -> tuple[str, ...]:
    """The big tables some SELECT of ``statements`` reads by a sequential scan, per EXPLAIN:
    what grows with the number of cases, whatever the timing noise of a busy machine says."""
    if connection.vendor != "postgresql" or not EXPLAIN["on"]:
        return ()
    found = set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s", [BIG])
        big = {row[0] for row in cursor.fetchall()}
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            try:
                with transaction.atomic():  # a savepoint: a failed EXPLAIN leaves no broken transaction
                    cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            except DatabaseError:  # noqa: S112 -- a statement whose logged form does not re-run
                continue
            stack = [cursor.fetchone()[0][0]["Plan"]]
            while stack:
                node = stack.pop()
                if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in big:
                    found.add(node["Relation Name"])
                stack.extend(node.get("Plans", []))
    return tuple(sorted(found))


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _one(call: Callable) -> tuple[float, int]:
    started = time.perf_counter()
    response = call()
    return time.perf_counter() - started, response.status_code


def _cost(name: str, call: Callable, repeat: int) -> Cost:
    call()  # warm the per-process caches (content types, permissions, stage titles, rule set)
    times = []
    status = 200
    for _ in range(repeat):
        elapsed, status = _one(call)
        times.append(elapsed)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        status = call().status_code
    if status >= 400:
        raise RuntimeError(f"{name}: HTTP {status} {call().content[:300]!r}")
    statements = [query["sql"] for query in captured.captured_queries]
    return Cost(name, statistics.median(times) * 1000, len(captured), status, full_scans(statements))


def _latest(template_name: str, generated: Generated) -> Case:
    """The newest copy of a template (copies share their template's reason and status)."""
    template = Case.objects.get(pk=generated.templates[template_name])
    copies = Case.objects.filter(status=template.status, kind=template.kind, data=template.data)
    return copies.exclude(pk__in=generated.templates.values()).order_by("-pk").first() or template


def measure(city, generated: Generated, *, repeat: int = 5) -> list[Cost]:
    effective = _latest("effective", generated)
    decree = Decree.objects.get(case=effective)
    clerk, head, inspector = _client(city.clerk), _client(city.head_dishub), _client(city.inspector)
    dashboard = _client(city.agency_head)
    anonymous = _client()
    # A proposal still to be made: an employee in the clerk's unit (a draft's), a post elsewhere.
    item = _latest("draft", generated).items.select_related("employee", "to_position").first()
    costs = [
        _cost("an official's inbox (Kepala Dishub)", lambda: head.get(reverse("tasks:index")), repeat),
        _cost(
            "the case list, filtered (DISHUB clerk)",
            lambda: clerk.get(reverse("cases:index"), {"status": "effective", "kind": "transfer"}),
            repeat,
        ),
        _cost(
            "a case page (DISHUB clerk)",
            lambda: clerk.get(reverse("cases:detail", args=[effective.pk])),
            repeat,
        ),
        _cost(
            "a policy check (API)",
            lambda: clerk.post(
                "/api/policy/check/",
                json.dumps(
                    {
                        "kind": "transfer",
                        "effective_date": effective.effective_date.isoformat(),
                        "items": [{"employee": item.employee.nip, "target_position": item.to_position.code}],
                    }
                ),
                content_type="application/json",
            ),
            repeat,
        ),
        _cost(
            "the inspector's search, filtered",
            lambda: inspector.get(
                reverse("inspect:index"),
                {"unit": "DISHUB", "kind": "transfer", "status": "in_review", "name": "skala"},
            ),
            repeat,
        ),
        _cost(
            "the inspector's timeline of a case",
            lambda: inspector.get(reverse("inspect:case", args=[effective.pk])),
            repeat,
        ),
        _cost(
            "the public verification page",
            lambda: anonymous.get(reverse("decree-verify", args=[decree.token])),
            repeat,
        ),
        _cost("the dashboard (Kepala BKPSDM)", lambda: dashboard.get(reverse("dashboard:index")), repeat),
        _approvals(city, head, repeat),
    ]
    return costs


def _approvals(city, head: Client, repeat: int) -> Cost:
    """One unit head's approval through the API, on tasks waiting for them."""
    waiting = list(
        Task.objects.filter(owner=city.head_dishub, status="ASSIGNED", data__stage="unit_head")
        .order_by("-pk")
        .values_list("pk", flat=True)[: repeat + 2]
    )
    if len(waiting) < 3:
        raise RuntimeError(
            f"only {len(waiting)} tasks wait for the Kepala Dishub in {connection.settings_dict['NAME']}; "
            "generate more cases"
        )

    def approve(task_id):
        return head.post(f"/api/tasks/{task_id}/approve/", "{}", content_type="application/json")

    approve(waiting.pop())  # warm
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = approve(waiting.pop())
    # Now: each request starts by clearing the query log (Django's request_started signal).
    statements = len(captured)
    scans = full_scans([query["sql"] for query in captured.captured_queries])
    if response.status_code >= 400:
        raise RuntimeError(f"an approval: HTTP {response.status_code} {response.content[:300]!r}")
    times = []
    for task_id in waiting:
        elapsed, status = _one(lambda task_id=task_id: approve(task_id))
        times.append(elapsed)
    return Cost(
        "an approval (API, unit head)",
        statistics.median(times) * 1000,
        statements,
        response.status_code,
        scans,
    )


# -- python -m bench --scale: generate, measure, write the section ------------------------

HEADING = "## City scale: the pages at 1,000 and at 100,000 cases (issue 15 §4)"


def run_at(n: int, *, repeat: int, progress=None) -> tuple[Generated, list[Cost]]:
    """A fresh database with ``n`` generated cases; the costs measured on it."""
    from tests.factories import build_city

    from .scale import generate

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        city = build_city()
        generated = generate(n, city=city, progress=progress)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")  # as autovacuum would have, long before a city got this big
        return generated, measure(city, generated, repeat=repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def section(results: dict[int, tuple[Generated, list[Cost]]], note: str = "") -> str:
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    lines = [HEADING, ""]
    lines.append(
        "Written by `make bench-scale` (`python -m bench --scale 1000 100000 --paired 5 --repeat 2 "
        "--write`). Each city is made by `bench.scale.generate`: cases in every state copied in bulk "
        "from cases the real services made, with their viewflow processes and tasks, rule evaluations, "
        "decrees and a ledger that `audit_verify` accepts; both cities have the same open work (200 "
        "cases in flight), the larger one a longer archive. Both are generated first, then measured "
        "in turns (small, large, small, ...); each figure is the median over the turns of requests "
        "through Django's test client after a warm-up, and the statements are counted on one more. "
        "Aim: at the larger size each costs at most 1.2× its time at the smaller one, with the same "
        "number of statements."
    )
    if note:
        lines += ["", note]
    lines += [
        "",
        table(
            ["", *(f"{n:,}" for n in sizes)],
            [
                ["generated in (s)", *(f"{results[n][0].seconds:.0f}" for n in sizes)],
                ["ledger events", *(f"{results[n][0].events:,}" for n in sizes)],
                ["viewflow tasks", *(f"{results[n][0].rows.get('task', 0):,}" for n in sizes)],
            ],
        ),
    ]
    rows = []
    for before, after in zip(results[small][1], results[large][1], strict=True):
        ratio = after.ms / before.ms if before.ms else float("nan")
        same = before.statements == after.statements
        met = ratio <= 1.2 and same and before.status < 400 and after.status < 400
        rows.append(
            [
                before.name,
                f"{before.ms:.1f}",
                before.statements,
                f"{after.ms:.1f}",
                after.statements,
                f"**{ratio:.2f}×**",
                "met" if met else "**missed**",
                ", ".join(f"`{name}`" for name in after.full_scans) or "none",
            ]
        )
    lines += [
        "",
        table(
            [
                "",
                f"ms at {small:,}",
                "statements",
                f"ms at {large:,}",
                "statements",
                "ratio",
                "aim ≤ 1.2×, same statements",
                f"tables of > {BIG:,} rows read whole at {large:,} (EXPLAIN)",
            ],
            rows,
        ),
    ]
    return "\n".join(lines)


def paired(
    sizes: list[int], *, rounds: int, repeat: int, progress=None
) -> dict[int, tuple[Generated, list[Cost]]]:
    """Every size's city generated into a database of its own, then measured in turns
    (small, large, small, large, ...): a busy machine's slow minutes fall on both sizes alike,
    so their ratio is steadier than that of two runs one after the other. Each figure is the
    median of the rounds' medians; the statements and full scans are the first round's."""
    from tests.factories import build_city

    from .scale import generate

    old_name = connection.settings_dict["NAME"]
    built: dict[int, tuple[str, object, Generated]] = {}
    try:
        for n in sizes:
            connection.close()
            connection.settings_dict["NAME"] = f"{old_name}_{n}"
            test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            city = build_city()
            generated = generate(n, city=city, progress=progress)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            built[n] = (test_name, city, generated)
        rounds_of: dict[int, list[list[Cost]]] = {n: [] for n in sizes}
        for turn in range(rounds):
            EXPLAIN["on"] = turn == 0
            for n in sizes:
                connection.close()
                connection.settings_dict["NAME"] = built[n][0]
                cache.clear()  # the public page's rate limit counts both cities' requests
                rounds_of[n].append(measure(built[n][1], built[n][2], repeat=repeat))
                if progress:
                    progress(turn + 1, rounds)
                    for cost in rounds_of[n][-1]:
                        print(f"  {n:,}: {cost.name}: {cost.ms:.1f} ms, {cost.statements}", file=sys.stderr)
        EXPLAIN["on"] = True
        results = {}
        for n in sizes:
            first = rounds_of[n][0]
            costs = [
                replace(cost, ms=statistics.median(r[index].ms for r in rounds_of[n]))
                for index, cost in enumerate(first)
            ]
            results[n] = (built[n][2], costs)
        return results
    finally:
        for test_name, _city, _generated in built.values():
            connection.close()
            connection.settings_dict["NAME"] = test_name
            connection.creation.destroy_test_db(old_name, verbosity=0)
        connection.settings_dict["NAME"] = old_name


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys
    from pathlib import Path

    parser = argparse.ArgumentParser(prog="python -m bench --scale")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--paired",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="generate every size first, then measure them in turns, ROUNDS times (--repeat per turn)",
    )
    parser.add_argument("--note", default="", help="a line under the heading (the date, a busy machine)")
    parser.add_argument("--write", action="store_true", help="rewrite the section in docs/benchmarks.md")
    args = parser.parse_args(argv)
    from django.conf import settings

    from decisions.signing import create_development_certificates

    key = Path(settings.SAHIH_SIGNING["key_file"])
    if not key.exists():  # the templates' decrees are signed with the development key
        create_development_certificates(key.parent, common_name="Sahih bench")
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, an in-memory mail outbox
    results = {}
    if args.paired:
        results = paired(
            args.sizes,
            rounds=args.paired,
            repeat=args.repeat,
            progress=lambda done, total: print(f"  {done:,}/{total:,}", file=sys.stderr),
        )
    for n in [] if args.paired else args.sizes:
        print(f"city of {n:,} cases ...", file=sys.stderr)
        results[n] = run_at(
            n,
            repeat=args.repeat,
            progress=lambda done, total: print(f"  {done:,}/{total:,}", file=sys.stderr),
        )
        for cost in results[n][1]:
            print(
                f"  {cost.name}: {cost.ms:.1f} ms, {cost.statements} statements ({cost.status})",
                file=sys.stderr,
            )
    text = section(results, args.note)
    if args.write:
        target = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
        write(text, target, HEADING)
        print(f"written {target}", file=sys.stderr)
    else:
        print(text)
    return 0
