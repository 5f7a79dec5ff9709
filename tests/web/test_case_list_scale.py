"""The case list counts at most 1,000 cases: past that it says "more than 1,000" ("lebih dari
1.000"), and its count reads no more rows however long the archive (issue 15 §4)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Case
from tests.web.test_inbox_scale import clone_waiting
from web.views.common import CappedPaginator
from workflows.services import case_submit

LIST_QUERIES = 13


def _list(client):
    client.get(reverse("cases:index"))  # warm the per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:index"))
    assert response.status_code == 200
    return response.content.decode(), captured


def test_past_the_cap_the_case_list_says_more_than_and_costs_the_same(
    client, city, transfer_case, monkeypatch
):
    monkeypatch.setattr(CappedPaginator, "CAP", 3)
    submitted = case_submit(case_id=transfer_case.pk, actor=city.clerk, acknowledged=("*",))
    task = submitted.process.task_set.filter(status__in=("NEW", "ASSIGNED")).first()
    client.force_login(city.clerk)

    clone_waiting(task, 2)
    few, few_queries = _list(client)
    clone_waiting(task, 40)
    many, many_queries = _list(client)

    assert Case.objects.count() == 43
    assert '<span class="sahih-count">3</span>' in few
    assert "lebih dari 3" in many and "43" not in many.split("sahih-count", 1)[1][:40]
    assert len(few_queries) == len(many_queries) == LIST_QUERIES
    count = next(q["sql"] for q in many_queries.captured_queries if "COUNT(" in q["sql"])
    assert "LIMIT 4" in count  # the cap and one more, never the whole list
