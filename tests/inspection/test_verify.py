"""The "verify the ledger" button: its report is the API's, for a sound ledger and a broken one."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.urls import reverse

from audit import checkpoints, protection
from audit.models import Event


def verify_both(browser, api, city) -> tuple[dict, dict]:
    page = browser(city.inspector).post(reverse("inspect:verify"))
    assert page.status_code == 200
    response = api(city.inspector).get("/api/audit/verify/")
    assert response.status_code == 200
    return page.context["report"].as_dict(), response.json()


def test_the_page_offers_the_button_with_a_busy_state(browser, city, db):
    page = browser(city.inspector).get(reverse("inspect:verify"))
    assert page.context["report"] is None
    assert b"data-busy=" in page.content and b'aria-live="polite"' in page.content
    assert b"inspection/inspect.js" in page.content


def test_the_page_and_the_api_report_a_sound_ledger_alike(browser, api, city, signed_case):
    checkpoints.create_checkpoint()
    page, api_report = verify_both(browser, api, city)
    assert page == api_report
    assert page["ok"] and page["entries"] == Event.objects.count() and page["first_bad_seq"] is None
    assert [c["ok"] for c in page["checkpoints"]] == [True]
    content = browser(city.inspector).post(reverse("inspect:verify")).content
    assert page["head"].encode() in content and page["root"].encode() in content


def test_the_page_and_the_api_name_the_same_first_bad_event(browser, api, city, signed_case):
    checkpoints.create_checkpoint()
    protection.remove(connection)  # the owner drops the triggers (rolled back with the test)
    victim = Event.objects.filter(object_type="case", action="task.approved").order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_event SET body = replace(body, %s, %s) WHERE seq = %s",
            ['"note":""', '"note":"ditambahkan kemudian"', victim.seq],
        )
    page, api_report = verify_both(browser, api, city)
    assert page == api_report
    assert not page["ok"] and page["first_bad_seq"] == victim.seq
    assert "hash does not match" in page["problem"]
    content = browser(city.inspector).post(reverse("inspect:verify")).content.decode()
    assert f"#{victim.seq}" in content and page["problem"] in content


def test_the_page_names_the_bad_event_in_the_readers_language(browser, city, signed_case):
    checkpoints.create_checkpoint()
    protection.remove(connection)
    victim = Event.objects.filter(object_type="case", action="task.approved").order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET hash = %s WHERE seq = %s", ["0" * 64, victim.seq])
    client = browser(city.inspector)
    english = client.post(reverse("inspect:verify")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.post(reverse("inspect:verify")).content.decode()
    assert f"event #{victim.seq}: the hash does not match its content" in english
    assert f"peristiwa #{victim.seq}: hash tidak cocok dengan isinya" in indonesian
    assert f"tidak dapat dibandingkan: rantai putus di #{victim.seq}" in indonesian
    assert "does not match" not in indonesian and "chain breaks" not in indonesian


def test_the_public_key_and_its_fingerprint_are_offered(browser, city, db):
    checkpoints.create_checkpoint()
    client = browser(city.inspector)
    page = client.get(reverse("inspect:verify"))
    assert page.context["fingerprint"] and page.context["fingerprint"].encode() in page.content
    pem = client.get(reverse("inspect:public_key"))
    assert pem.status_code == 200 and pem.content.decode() == checkpoints.public_key_pem()
