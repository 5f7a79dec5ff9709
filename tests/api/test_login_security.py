"""Brute force and tokens: failed logins are counted in the database and lock the username on
all three doors (web login, admin login, API token); tokens expire and can be revoked.

The lockout (django-axes) and the token lifetime are settings (config/settings.py); the
clock is pinned so nothing here depends on the day it runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
WRONG = "salah-sekali"


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk_dishub", roles=["clerk"])


def web_login(client, password, path="/accounts/login/", username="clerk_dishub"):
    return client.post(path, {"username": username, "password": password})


def api_token(password, username="clerk_dishub"):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_a_wrong_password_is_told_plainly_in_indonesian(clock, clerk):
    response = web_login(Client(), WRONG)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Nama pengguna atau sandi salah" in text
    assert "nama pengguna nama pengguna" not in text.lower()


def test_thirty_wrong_passwords_lock_the_web_login_until_the_cooloff_ends(clock, clerk):
    client = Client()
    answers = [web_login(client, WRONG).status_code for _ in range(30)]

    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    locked = web_login(client, PASSWORD)  # the right password no longer helps
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Terlalu banyak" in text and "2 November 2026 09:15" in text
    assert locked["Retry-After"] == str(15 * 60)

    clock.shift(timedelta(minutes=16))
    assert web_login(client, PASSWORD).status_code == 302


def test_the_admin_login_locks_too(clock, db):
    UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        web_login(client, WRONG, path="/admin/login/", username="pengelola")

    response = web_login(client, PASSWORD, path="/admin/login/", username="pengelola")

    assert response.status_code == 429 and "Terlalu banyak" in response.content.decode()


def test_the_api_token_endpoint_locks_and_answers_in_the_api_shape(clock, clerk):
    answers = [api_token(WRONG) for _ in range(settings.AXES_FAILURE_LIMIT)]

    assert [a.status_code for a in answers[:-1]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[0].json()["code"] == "invalid_login"
    locked = api_token(PASSWORD)
    assert locked.status_code == 429
    body = locked.json()
    assert body["code"] == "locked_out" and body["fields"] == {}
    assert "09:15" in body["message"] and int(locked["Retry-After"]) == 15 * 60


def test_failures_count_across_the_doors_as_every_app_server_shares_the_database(clock, clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        web_login(Client(), WRONG)
    assert AccessAttempt.objects.get(username="clerk_dishub").failures_since_start == 4

    assert api_token(WRONG).status_code == 429  # the fifth failure, on another door


def test_an_administrator_unlocks_an_account_from_the_admin(clock, clerk):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_token(WRONG)
    assert api_token(PASSWORD).status_code == 429

    admin = UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    attempt = AccessAttempt.objects.get(username="clerk_dishub")
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert api_token(PASSWORD).status_code == 200


def test_a_token_expires_after_its_lifetime_and_a_new_one_is_issued(clock, clerk):
    issued = api_token(PASSWORD).json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued['token']}")
    assert client.get("/api/me/").status_code == 200
    assert datetime.fromisoformat(issued["expires"]) == MONDAY + timedelta(
        seconds=settings.SAHIH_API_TOKEN_TTL
    )

    clock.shift(timedelta(seconds=settings.SAHIH_API_TOKEN_TTL + 1))
    expired = client.get("/api/me/")
    assert expired.status_code == 401 and expired.json()["code"] == "token_expired"
    fresh = api_token(PASSWORD).json()
    assert fresh["token"] != issued["token"]


def test_the_token_lifetime_defaults_to_the_session_age():
    assert settings.SAHIH_API_TOKEN_TTL == settings.SESSION_COOKIE_AGE


def test_logout_revokes_the_token_at_once(clock, clerk):
    token = api_token(PASSWORD).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    assert client.post("/api/auth/logout/").status_code == 204
    after = client.get("/api/me/")
    assert after.status_code == 401
    assert APIClient().post("/api/auth/logout/").status_code == 401  # nobody to log out
