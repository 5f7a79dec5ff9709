"""Decrees and attachments are served only through views that check who may see the case:
no /media/ URL serves them, not even with DEBUG on, and the storage gives them no URL."""

from __future__ import annotations

import importlib

import pytest
from django.urls import clear_url_caches, reverse

from decisions.attachments import store_attachment
from tests.api.helpers import small_pdf


@pytest.fixture
def attachment(city, transfer_case):
    return store_attachment(
        case=transfer_case, actor=city.clerk, kind="other", name="surat.pdf", content=small_pdf("surat")
    )


def test_no_media_url_serves_a_case_file_even_with_debug_on(client, settings, attachment):
    import config.urls

    settings.DEBUG = True
    clear_url_caches()
    importlib.reload(config.urls)
    try:
        response = client.get(f"/media/{attachment.file.name}")
    finally:
        settings.DEBUG = False
        clear_url_caches()
        importlib.reload(config.urls)

    assert response.status_code == 404
    with pytest.raises(NotImplementedError):
        attachment.file.url  # noqa: B018 - the access itself must refuse


@pytest.mark.parametrize(("persona", "status"), [("clerk", 200), ("head_bpkad", 200), ("outsider", 404)])
def test_an_attachment_is_served_to_who_may_see_its_case(client, city, attachment, persona, status):
    url = reverse("cases:attachment", args=[attachment.case_id, attachment.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page

    client.force_login(getattr(city, persona))
    response = client.get(url)
    response.close()  # a FileResponse holds the file open until closed
    assert response.status_code == status


def test_pages_carry_the_content_security_policy_and_files_do_not(client, city, attachment):
    client.force_login(city.clerk)
    page = client.get(reverse("cases:detail", args=[attachment.case_id]))
    policy = page["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert f"'nonce-{page.wsgi_request.csp_nonce}'" in policy

    document = client.get(reverse("cases:attachment", args=[attachment.case_id, attachment.pk]))
    document.close()
    assert "Content-Security-Policy" not in document  # the browser's PDF viewer must run
