"""Issue 13 §4: the product's own 403/404/500 pages in Indonesian -- also in the demo, which
runs with DEBUG on -- and a favicon for every page, the public ones too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workflows.services import case_submit


@pytest.fixture(params=[False, True], ids=["production", "make-run"])
def demo_settings(request, settings):
    if request.param:  # what `make run` sets
        settings.DEBUG = True
        settings.SAHIH_ERROR_PAGES_IN_DEBUG = True
    return settings


def test_a_case_one_may_not_see_and_a_wrong_address_get_the_product_s_404(
    client, city, transfer_case, demo_settings
):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(city.outsider)
    for url in (reverse("cases:detail", args=[transfer_case.pk]), "/tidak-ada/"):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in content and 'data-status="404"' in content
        assert "URLconf" not in content  # not Django's technical page


def test_a_refusal_gets_the_product_s_403_with_its_reason(client, city, transfer_case, demo_settings):
    client.force_login(city.head_dishub)  # sees the draft's unit, may not edit it
    response = client.get(reverse("cases:edit", args=[transfer_case.pk]))
    if response.status_code == 404:
        pytest.skip("the head does not see a draft")
    assert response.status_code == 403 and 'data-status="403"' in response.content.decode()
    assert "Tidak diizinkan" in response.content.decode()


def test_a_server_error_in_the_demo_shows_the_product_s_500(client, city, settings, monkeypatch):
    settings.DEBUG = True
    settings.SAHIH_ERROR_PAGES_IN_DEBUG = True
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("web.views.cases.paginate", broken)
    client.force_login(city.clerk)
    response = client.get(reverse("cases:index"))
    assert response.status_code == 500 and 'data-status="500"' in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_favicon_is_the_region_s_emblem(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == reverse("emblem")
    assert client.get(reverse("emblem")).status_code == 200
