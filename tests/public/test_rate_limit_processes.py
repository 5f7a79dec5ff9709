"""The feedback rate limit holds across app servers: two real server processes, one Redis.

Each process alone sees at most the allowed number of submissions; the limit still bites,
because both count in Redis (Django's cache with the Redis backend, settings.CACHES). The
servers share a migrated SQLite file, so the submissions are real ones. Runs only when Redis
answers.
"""

from __future__ import annotations

import os
import random
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(settings.BASE_DIR)
TEXT = "Pelayanan di loket lambat, antrean lebih dari dua jam setiap pagi."


@pytest.fixture
def redis_client():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, requests) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"the server at {url} stopped: {log.read_text()[-2000:]}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"the server at {url} did not start")


@pytest.fixture
def two_servers(tmp_path, redis_client):
    requests = pytest.importorskip("requests")
    # A period of its own (seconds): this run's counters share no key with any other run's.
    period = random.randint(3000, 3599)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "SAHIH_FEEDBACK_RATE": f"2/{period}s",
        "CELERY_BROKER_URL": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    servers, handles = [], []
    try:
        for n in range(2):
            port = _free_port()
            log = tmp_path / f"server-{n}.log"
            handles.append(log.open("wb"))
            process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    "--nothreading",
                    f"127.0.0.1:{port}",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=handles[-1],
            )
            servers.append((f"http://127.0.0.1:{port}", process, log))
        for url, process, log in servers:
            _wait_until_up(f"{url}/publik/masukan/lacak/", process, log, requests)
        yield [url for url, _, _ in servers]
    finally:
        for _url, process, _log in servers:
            process.terminate()
            process.wait(timeout=10)
        for handle in handles:
            handle.close()
        for key in redis_client.scan_iter(f"*sahih:feedback-rate:*:{period}:*"):
            redis_client.delete(key)


def _send(session, base: str) -> int:
    form = session.get(f"{base}/publik/masukan/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        f"{base}/publik/masukan/",
        data={"csrfmiddlewaretoken": token, "kind": "complaint", "text": TEXT, "website": ""},
        headers={"Referer": f"{base}/publik/masukan/"},
        timeout=10,
    )
    return answer.status_code


def test_the_feedback_rate_limit_holds_across_two_app_servers(two_servers):
    import requests

    first, second = two_servers
    one, two = requests.Session(), requests.Session()
    # Two allowed per address: one on each server, then neither server takes a third.
    assert _send(one, first) == 201
    assert _send(two, second) == 201
    assert _send(one, first) == 429
    assert _send(two, second) == 429
