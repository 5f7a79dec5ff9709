"""The whole API, fuzzed from its own OpenAPI schema (schemathesis), as a clerk and as an
official on a seeded database: no server error, and no status the schema does not document.

Bounded: a fixed number of examples per operation, derandomised (the same requests on every
run), so it takes well under a minute on two cores. Path ids are drawn from the real cases
and tasks as often as from random numbers, so operations reach their real code, not only 404.
"""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import status_code_conformance
from viewflow.workflow.models import Task

from config.wsgi import application
from decisions.services import ItemInput, case_create
from tests.factories import EmployeeFactory, PositionFactory
from workflows.services import case_submit

EXAMPLES = 12
BOUNDED = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_process():
    """Requests run in this thread, inside the test's transaction: Django must not close the
    connection when each request ends (its test client does the same)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(city, in_process):
    """The city with a draft, a case in review (tasks waiting) and their ids."""
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=False):
        submitted = case_create(
            actor=city.clerk,
            kind="transfer",
            items=[ItemInput(employee=city.subject, to_position=city.target)],
            effective_date=datetime(2026, 12, 1).date(),
            reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
        )
        submitted = case_submit(case_id=submitted.pk, actor=city.clerk)
        other = EmployeeFactory(name="Rina Wati", position=PositionFactory(unit=city.dishub))
        draft = case_create(
            actor=city.clerk,
            kind="transfer",
            items=[ItemInput(employee=other, to_position=PositionFactory(unit=city.bpkad))],
            effective_date=datetime(2026, 12, 1).date(),
            reason="Rotasi.",
        )
    tasks = list(Task.objects.filter(process_id=submitted.process_id).values_list("pk", flat=True))
    return {"cases": [submitted.pk, draft.pk], "tasks": tasks}


def _with_real_ids(case, choice, seeded):
    if "id" in (case.path_parameters or {}) and choice is not None:
        pool = seeded["tasks"] if case.operation.path.startswith("/api/tasks/") else seeded["cases"]
        case.path_parameters["id"] = pool[choice % len(pool)]
    return case


def fuzz_operation(operation, user, seeded, problems: list[str]) -> None:
    """EXAMPLES requests to one operation; what fails is added to ``problems``."""

    @BOUNDED
    @given(case=operation.as_strategy(), choice=st.one_of(st.none(), st.integers(0, 50)))
    def run(case, choice):
        case = _with_real_ids(case, choice, seeded)
        # A token for every request: POST /api/auth/logout/ (fuzzed too) revokes it.
        token = Token.objects.get_or_create(user=user)[0].key
        response = case.call(headers={"Authorization": f"Token {token}"})
        try:
            case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
        except FailureGroup as failure:  # collected, so one run reports every operation
            problems.append(f"{operation.label} -> {response.status_code}: {str(failure)[:300]}")
        if os.environ.get("SAHIH_FUZZ_LOG"):
            print(operation.label, response.status_code, response.text[:100])  # noqa: T201

    run()


def fuzz(user, seeded) -> list[str]:
    """Every operation of the schema, as ``user``: the problems found, one line each."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    problems: list[str] = []
    for result in schema.get_all_operations():
        fuzz_operation(result.ok(), user, seeded, problems)
    return problems


@pytest.mark.parametrize("persona", ["clerk", "head_dishub"], ids=["clerk", "official"])
def test_the_whole_schema_fuzzed_gives_no_server_error_and_no_undocumented_status(seeded, city, persona):
    problems = fuzz(getattr(city, persona), seeded)

    assert problems == []
