"""The load test's users (issue 15 §5), driven by bench/load.py: clerks creating and submitting
transfers, the officials of each stage approving what waits for them, the Wali Kota signing,
inspectors searching and reading timelines -- all through the API, as the personas would.

SAHIH_LOAD_DATA names the JSON bench/load.py wrote: the password, the accounts of each role,
the employees free to propose and the vacant posts to propose them to.

The users are Locust's FastHttpUser (geventhttpclient: a fraction of the client's CPU per
request of requests' HttpUser, which matters when the load generator shares two cores with the
server) and wait a tenth of a second or so between actions, far less than people do: the point
is to keep the server saturated, so that the run measures what the server can do rather than
the users' pace.

A 409 on an approval is another official of the same pool deciding the task first (the two
verifiers see the same tasks): the app's correct answer, reported under its own name rather
than as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from locust import FastHttpUser, between, task

DATA = json.loads(open(os.environ["SAHIH_LOAD_DATA"], encoding="utf-8").read())  # noqa: SIM115
_free = iter(zip(DATA["nips"], DATA["targets"], strict=True))
_free_lock = threading.Lock()
_accounts: dict[str, itertools.cycle] = {}
# The TMT is today where the region is (the rules refuse a retroactive one).
REGION_TIME = ZoneInfo("Asia/Jakarta")


def _next_account(role: str) -> str:
    if role not in _accounts:
        _accounts[role] = itertools.cycle(DATA["accounts"][role])
    return next(_accounts[role])


class Persona(FastHttpUser):
    abstract = True
    role = ""

    def __init__(self, environment):
        # FastHttpUser hands default_headers to its client when it is made, in __init__.
        self.username = _next_account(self.role)
        self.default_headers = {"Authorization": f"Token {DATA['tokens'][self.username]}"}
        super().__init__(environment)


class Clerk(Persona):
    role = "clerk"
    weight = 3
    wait_time = between(0.1, 0.4)

    @task
    def propose(self):
        with _free_lock:
            nip, target = next(_free, (None, None))
        if nip is None:
            return
        response = self.client.post(
            "/api/cases/",
            json={
                "kind": "transfer",
                "employee": nip,
                "target_position": target,
                "effective_date": datetime.now(REGION_TIME).date().isoformat(),
                "reason": "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja.",
            },
            name="create a case",
        )
        if response.status_code == 201:
            self.client.post(f"/api/cases/{response.json()['id']}/submit/", json={}, name="submit a case")


class Official(Persona):
    abstract = True
    stage = ""
    wait_time = between(0.05, 0.2)
    request_name = "approve"

    @task
    def decide(self):
        tasks = self.client.get("/api/tasks/", name=f"inbox ({self.role})").json()
        waiting = [t["id"] for t in tasks if t["stage"] == self.stage]
        if not waiting:
            return
        task_id = random.choice(waiting[:20])  # noqa: S311 -- spreading the officials, not a secret
        answers = self._approve(task_id, {})
        if answers:
            self._approve(task_id, answers)

    def _approve(self, task_id, body: dict) -> dict:
        """Decide the task; the answers the rules ask for, if they ask on the first try."""
        with self.client.post(
            f"/api/tasks/{task_id}/approve/", json=body, name=self.request_name, catch_response=True
        ) as response:
            answers = {} if body else _answers_to(response)
            if answers:
                # The rules asked for a written justification or an acknowledgement of their
                # warnings: the official gives it and decides again, as on the page.
                response.request_meta["name"] = f"{self.request_name} (rules asked for answers)"
                response.success()
            elif response.status_code == 409:
                response.request_meta["name"] = f"{self.request_name} (lost the race, 409)"
                response.success()
            elif response.status_code >= 400:  # the answer's code, so the report says what failed
                response.failure(f"{response.status_code} {response.text[:160]}")
        return answers


JUSTIFICATION = "Sudah diperiksa bersama bagian kepegawaian; usulan tetap dilanjutkan sesuai kebutuhan."


def _answers_to(response) -> dict:
    """The answers a 400 from the rules asks for (unjustified and unacknowledged warnings)."""
    if response.status_code != 400:
        return {}
    try:
        body = response.json()
    except ValueError:
        return {}
    if body.get("code") not in ("justification_required", "acknowledgement_required"):
        return {}
    return {
        "overrides": dict.fromkeys(body.get("unjustified", []), JUSTIFICATION),
        "acknowledged": list(body.get("unacknowledged", [])),
    }


class UnitHead(Official):
    role = stage = "unit_head"
    weight = 2


class Verifier(Official):
    role = stage = "verification"
    weight = 2


class AgencyHead(Official):
    role = stage = "agency_head"
    weight = 1


class Secretary(Official):
    role = stage = "secretary"
    weight = 1


class WaliKota(Official):
    role = stage = "signing"
    weight = 1
    request_name = "sign"


class Inspector(Persona):
    role = "inspector"
    weight = 2
    wait_time = between(0.2, 0.6)

    @task
    def search_and_read(self):
        query = urlencode({"name": "skala", "status": "effective"})
        found = self.client.get(f"/api/inspect/cases/?{query}", name="inspector search").json()
        results = found.get("results", [])
        if results:
            case = random.choice(results)  # noqa: S311
            self.client.get(f"/api/inspect/cases/{case['id']}/timeline/", name="inspector timeline")
