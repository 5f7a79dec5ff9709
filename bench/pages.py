"""python -m bench.pages (make bench-pages): what every role's pages weigh over the wire.

A production-like server on a fresh demo city with a few weeks of work in it (DEBUG off,
`collectstatic`, whitenoise serving the versioned, compressed files; Django's runserver in
place of gunicorn, which changes nothing on the wire). Chromium, through Playwright, opens
each page twice: once with an empty cache (first load) and once more (repeat load). The
bytes are what the Chrome DevTools protocol counts as received, headers included. Everything
lives in a temporary directory; the project's var/ is not touched. ``--write`` replaces this
section of docs/benchmarks.md; without it the section is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Page weight: first and repeat load of every role's pages"
PASSWORD = "sahih-demo-2026"  # noqa: S105 - the demo's public password (README)
CHROMIUM = os.environ.get("SAHIH_CHROMIUM", "/usr/bin/chromium")

# Run inside the server's environment: the demo's cases at every stage (tests/browser/scenes.py),
# then the ids the pages below need, as JSON on the last line.
POPULATE = """
import json, django
django.setup()
from tests.browser.scenes import populate
scenes = populate()
cases = {name: case.pk for name, case in scenes.cases.items()}
cases["token"] = scenes["signed"].decree.token
print(json.dumps(cases))
"""


def roles(ids: dict) -> list[tuple[str, str | None, list[str]]]:
    return [
        ("anyone", None, ["/accounts/login/", f"/v/{ids['token']}/"]),
        ("clerk", "clerk.bkpsdm", ["/", "/tasks/", "/cases/", "/cases/new/", f"/cases/{ids['returned']}/"]),
        ("official", "sekda", ["/", "/tasks/", f"/cases/{ids['at_secretary']}/", "/dashboard/"]),
        ("verifier", "verifikator1", ["/", "/tasks/", f"/cases/{ids['at_verification']}/"]),
        ("regional head", "walikota", ["/", f"/cases/{ids['at_signing']}/", f"/cases/{ids['signed']}/"]),
        (
            "inspector",
            "inspektur1",
            ["/", "/inspect/", f"/inspect/cases/{ids['signed']}/", f"/cases/{ids['signed']}/"],
        ),
        ("administrator", "admin", ["/", "/dashboard/"]),
    ]


def server_env(var_dir: Path) -> dict:
    env = dict(os.environ)
    for name in ("DEBUG", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "STATIC_ROOT", "MEDIA_ROOT"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SAHIH_VAR_DIR=str(var_dir),
        SECRET_KEY=secrets.token_urlsafe(50),
        # Plain HTTP on 127.0.0.1: no HTTPS redirect, cookies without the Secure flag.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        SAHIH_VERIFY_RATE="1000/m",
    )
    return env


def prepare(env: dict) -> dict:
    python = [sys.executable, "manage.py"]

    def run(*args: str) -> str:
        done = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
        return done.stdout

    print("  migrate, seed_demo, cases, collectstatic ...", file=sys.stderr)
    run(*python, "migrate", "--noinput")
    run(*python, "seed_demo")
    run(*python, "signing_devca", "--if-missing")
    ids = json.loads(run(sys.executable, "-c", POPULATE).strip().splitlines()[-1])
    run(*python, "collectstatic", "--noinput", "--verbosity", "0")
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--nostatic", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/")  # noqa: S310 - our own server
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


class Meter:
    """Bytes and requests received by one page, counted by the DevTools protocol."""

    def __init__(self, page):
        self.bytes = 0
        self.requests = 0
        self.urls: dict[str, str] = {}
        self.files: dict[str, int] = {}
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event) -> None:
        if event["encodedDataLength"] > 0:  # 0: served from the browser's cache
            self.bytes += event["encodedDataLength"]
            self.requests += 1
            url = self.urls.get(event["requestId"], "?")
            self.files[url] = self.files.get(url, 0) + event["encodedDataLength"]

    def reset(self) -> tuple[int, int]:
        seen = (self.bytes, self.requests)
        self.bytes = self.requests = 0
        self.files = {}
        return seen


def log_in(browser, base: str, username: str | None):
    """A logged-in browser state, made without loading any page's files (the cache stays cold)."""
    context = browser.new_context(base_url=base)
    if username:
        context.request.get("/accounts/login/")
        token = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
        context.request.post(
            "/accounts/login/",
            form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/accounts/login/"},
        )
    state = context.storage_state()
    context.close()
    return state


def measure(base: str, ids: dict) -> tuple[list[list], dict[str, int]]:
    """A row per page, and what the first logged-in page's first load was made of."""
    from playwright.sync_api import sync_playwright

    rows, parts = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        for role, username, paths in roles(ids):
            state = log_in(browser, base, username)
            for path in paths:
                # A fresh context per page: its cache is empty, as on a first visit.
                context = browser.new_context(
                    base_url=base, storage_state=state, viewport={"width": 1366, "height": 768}
                )
                page = context.new_page()
                meter = Meter(page)
                page.goto(path, wait_until="networkidle")
                if username and not parts:
                    parts = {re.sub(r"^https?://[^/]+", "", url): size for url, size in meter.files.items()}
                first = meter.reset()
                page.goto(path, wait_until="networkidle")
                repeat = meter.reset()
                context.close()
                shown = re.sub(r"/v/[^/]+/", "/v/<token>/", re.sub(r"/\d+/", "/<id>/", path))
                rows.append([role, shown, first, repeat])
        browser.close()
    return rows, parts


def kb(value: int) -> str:
    return f"{value / 1024:.0f}"


def section(quick: bool = False) -> str:
    with tempfile.TemporaryDirectory(prefix="sahih-pages-") as tmp:
        env = server_env(Path(tmp))
        ids = prepare(env)
        port = free_port()
        server = serve(env, port)
        try:
            rows, parts = measure(f"http://127.0.0.1:{port}", ids)
        finally:
            server.terminate()
            server.wait()
    firsts = [first[0] for role, _p, first, _r in rows if role != "anyone"]
    repeats = [repeat[0] for role, _p, _f, repeat in rows if role != "anyone"]
    lines = [
        HEADING,
        "",
        "Written by `make bench-pages` (`python -m bench.pages`): the demo city with a few weeks of "
        "work in it, served with DEBUG off after `collectstatic` (versioned, gzip-compressed files "
        "from whitenoise, cached for a year), opened in Chromium at 1366×768. *First*: an empty "
        "cache (logged in without loading any page). *Repeat*: the same page opened again. KB "
        "received over the wire, headers included; requests that reached the server.",
        "",
        "| role | page | first load KB | requests | repeat load KB | requests |",
        "|---|---|---|---|---|---|",
    ]
    for role, path, first, repeat in rows:
        lines.append(f"| {role} | `{path}` | {kb(first[0])} | {first[1]} | {kb(repeat[0])} | {repeat[1]} |")
    lines += [
        "",
        f"Logged-in pages: first load {kb(min(firsts))}–{kb(max(firsts))} KB (aim: under 400), "
        f"repeat load {kb(min(repeats))}–{kb(max(repeats))} KB (aim: under 60). Before issue 20 "
        "(viewflow's whole set of scripts and fonts, uncompressed) a logged-in page took about "
        "1.85 MB in 18–22 requests on every first load.",
        "",
        f"What the first load of `{rows[2][1]}` ({rows[2][0]}) is made of:",
        "",
        "| file | KB |",
        "|---|---|",
        *[
            f"| `{re.sub(r'[.][0-9a-f]{12}[.]', '.<hash>.', url)}` | {kb(size)} |"
            for url, size in sorted(parts.items(), key=lambda item: -item[1])
        ],
    ]
    return "\n".join(lines)


def write(text: str, target: Path) -> None:
    """Replace this section of ``target`` (up to the next second-level heading), or append it."""
    document = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    start = document.find(HEADING)
    if start < 0:
        document = document.rstrip("\n") + "\n\n" + text + "\n"
    else:
        end = document.find("\n## ", start + len(HEADING))
        rest = document[end:] if end >= 0 else "\n"
        document = document[:start] + text + "\n" + rest
    target.write_text(document, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("--write", action="store_true", help="rewrite the section in docs/benchmarks.md")
    args = parser.parse_args()
    text = section()
    if args.write:
        write(text, ROOT / "docs" / "benchmarks.md")
        print("written docs/benchmarks.md", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
