"""The placement operations fuzzed from the OpenAPI schema, as the BKPSDM clerk (who reaches
every branch: the whole city, starting cases): no server error, no undocumented status.
Position ids are drawn from the real vacancies as often as from random numbers."""

from __future__ import annotations

import schemathesis

from config.wsgi import application

from ..api.test_schemathesis import fuzz_operation, in_process  # noqa: F401  (a fixture)


def test_the_placement_api_fuzzed_gives_no_server_error(placement, in_process):  # noqa: F811
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    seeded = {"cases": [placement.vacancy.pk, placement.jpt.pk], "tasks": []}
    problems: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/api/placement/")]
    assert len(operations) == 7
    for operation in operations:
        fuzz_operation(operation, placement.city.agency_clerk, seeded, problems)
    assert problems == []
