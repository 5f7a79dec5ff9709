"""Who may use the inspector workspace: inspectors and superusers; officials, clerks and
outsiders are refused on every page and endpoint, anonymous visitors are sent to log in.
Inspectors never see an action button, in the workspace or elsewhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit import checkpoints
from workflows.services import case_submit

REFUSED = ("head_dishub", "clerk", "outsider", "agency_head")


def pages(case_id: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("inspect:index")),
        ("get", reverse("inspect:index") + "?name=budi"),
        ("get", reverse("inspect:case", args=[case_id])),
        ("get", reverse("inspect:case", args=[case_id]) + "?seq=1"),
        ("get", reverse("inspect:verify")),
        ("post", reverse("inspect:verify")),
        ("get", reverse("inspect:public_key")),
        ("post", reverse("inspect:export_case", args=[case_id])),
        ("post", reverse("inspect:export")),
    ]


def endpoints(case_id: int) -> list[tuple[str, str]]:
    return [
        ("get", "/api/inspect/cases/"),
        ("get", f"/api/inspect/cases/{case_id}/timeline/"),
        ("get", f"/api/inspect/cases/{case_id}/as-of/?seq=1"),
        ("post", f"/api/inspect/cases/{case_id}/export/"),
        ("post", "/api/inspect/export/"),
    ]


@pytest.fixture
def key(db):
    checkpoints.private_key()  # the public-key page needs the instance key to exist


def test_inspectors_use_every_page_of_the_workspace(browser, city, transfer_case, key):
    client = browser(city.inspector)
    for method, url in pages(transfer_case.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 200, (method, url, response.status_code)


def test_superusers_use_the_workspace_too(browser, api, city, transfer_case, superuser, key):
    client = browser(superuser)
    for method, url in pages(transfer_case.pk):
        assert getattr(client, method)(url).status_code == 200, (method, url)
    for method, url in endpoints(transfer_case.pk):
        assert getattr(api(superuser), method)(url).status_code == 200, (method, url)


@pytest.mark.parametrize("persona", REFUSED)
def test_officials_clerks_and_outsiders_are_refused_every_page(browser, city, transfer_case, key, persona):
    client = browser(getattr(city, persona))
    for method, url in pages(transfer_case.pk):
        assert getattr(client, method)(url).status_code == 403, (persona, method, url)


def test_anonymous_visitors_are_sent_to_the_login_page(browser, transfer_case, key):
    client = browser(None)
    for method, url in pages(transfer_case.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], (method, url)


def test_inspectors_use_every_endpoint(api, city, transfer_case):
    for method, url in endpoints(transfer_case.pk):
        response = getattr(api(city.inspector), method)(url)
        assert response.status_code == 200, (method, url, response.content[:300])


@pytest.mark.parametrize("persona", REFUSED)
def test_officials_clerks_and_outsiders_are_refused_every_endpoint(api, city, transfer_case, persona):
    for method, url in endpoints(transfer_case.pk):
        response = getattr(api(getattr(city, persona)), method)(url)
        assert response.status_code == 403, (persona, method, url)
        assert response.json()["code"] == "not_inspector"


def test_anonymous_callers_are_refused_every_endpoint(api, transfer_case):
    for method, url in endpoints(transfer_case.pk):
        assert getattr(api(None), method)(url).status_code in (401, 403), (method, url)


def test_a_case_that_does_not_exist_is_not_found(browser, api, city):
    assert browser(city.inspector).get(reverse("inspect:case", args=[999])).status_code == 404
    assert api(city.inspector).get("/api/inspect/cases/999/timeline/").status_code == 404
    assert api(city.inspector).post("/api/inspect/cases/999/export/").status_code == 404


def test_an_official_reads_the_timeline_on_the_case_page_but_not_the_workspace(browser, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client = browser(city.head_dishub)
    page = client.get(reverse("cases:detail", args=[transfer_case.pk]))
    assert page.status_code == 200
    assert b'class="sahih-timeline"' in page.content and b"case.submitted" not in page.content
    assert reverse("inspect:case", args=[transfer_case.pk]).encode() not in page.content
    assert client.get(reverse("inspect:case", args=[transfer_case.pk])).status_code == 403
    inspector = browser(city.inspector).get(reverse("cases:detail", args=[transfer_case.pk]))
    assert reverse("inspect:case", args=[transfer_case.pk]).encode() in inspector.content


def test_the_menu_offers_the_workspace_to_inspectors_only(browser, city):
    link = reverse("inspect:index").encode()
    assert link in browser(city.inspector).get(reverse("home:index")).content
    assert link not in browser(city.head_dishub).get(reverse("home:index")).content
    assert link not in browser(city.clerk).get(reverse("home:index")).content


ACTION_MARKS = (
    b'name="action"',
    b"/decide/",
    b"/reassign/",
    b"/drop/",
    b"/submit/",
    b"/withdraw/",
    b"/edit/",
    b"/cases/new/",
)


def test_inspectors_never_see_action_buttons(browser, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    officer = browser(city.head_dishub).get(reverse("cases:detail", args=[case.pk])).content
    assert b'name="action"' in officer  # the page does offer actions, to whoever may act

    client = browser(city.inspector)
    for url in (
        reverse("home:index"),
        reverse("cases:index"),
        reverse("cases:detail", args=[case.pk]),
        reverse("inspect:index"),
        reverse("inspect:case", args=[case.pk]),
        reverse("inspect:verify"),
    ):
        content = client.get(url).content
        for mark in ACTION_MARKS:
            assert mark not in content, (url, mark)
