"""The city generator of `make bench-scale` (bench/scale.py) at small N: its cases are in every
state, its ledger verifies, the measured pages render them, and no page or action costs more
statements when the city holds more cases (issue 15 §4)."""

from __future__ import annotations

from django.db.models import Count
from viewflow.workflow.models import Task

from audit.models import Event
from audit.verify import verify_ledger
from bench import scale, scale_pages
from decisions.models import Case, Decree

# Enough open work for the measured approvals (two warm-up and counted, one timed).
OPEN = {"unit_head": 4, "verification": 1, "returned": 1, "draft": 1, "signed": 1, "collective_review": 1}


def test_a_generated_city_has_cases_in_every_state_a_ledger_that_verifies_and_pages_that_render_it(city):
    # One test, not three: making the templates through the services takes most of its time.
    generated = scale.generate(60, city=city, open_plan=OPEN, employees=50)

    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == {choice.value for choice in Case.Status}
    assert Case.objects.count() == 60 + len(generated.templates)
    assert Case.objects.filter(data__collective=True).exists()
    assert Decree.objects.count() == Case.objects.filter(status__in=("signed", "effective")).count()
    # Every copied process has its tasks; every case's events are on the chain, in its name.
    assert (
        not Case.objects.filter(process__isnull=False).annotate(n=Count("process__task")).filter(n=0).exists()
    )
    assert (
        Event.objects.filter(object_type="case").values("object_id").distinct().count()
        == Case.objects.count()
    )

    report = verify_ledger(checkpoint_dir=None)
    assert report.ok, report.problem
    assert report.entries == Event.objects.count()

    costs = scale_pages.measure(city, generated, repeat=1)

    assert {cost.status for cost in costs} <= {200}
    assert all(cost.statements > 0 for cost in costs)


def test_no_page_or_action_costs_more_statements_with_ten_times_the_cases(city):
    few = scale.generate(10, city=city, open_plan=OPEN, employees=50)
    before = {cost.name: cost.statements for cost in scale_pages.measure(city, few, repeat=1)}
    more = scale.generate(100, made=few.templates, open_plan=OPEN, employees=0)
    after = {cost.name: cost.statements for cost in scale_pages.measure(city, more, repeat=1)}

    assert Case.objects.count() > 100 and Task.objects.count() > 1000
    assert after == before
