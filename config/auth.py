"""Logging in: the forms, the lockout after repeated failures, and API tokens that expire.

Failed logins are counted by django-axes in the database (``axes_accessattempt``), so every
app server sees the same count. After ``AXES_FAILURE_LIMIT`` failures for one username the
account is locked for ``AXES_COOLOFF_TIME`` on all three doors -- the web login, the admin
login and ``POST /api/auth/token/`` -- and the answer says when to try again. An
administrator unlocks it early by deleting its access attempts (admin, "Access attempts";
or ``manage.py axes_reset_username <name>``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from viewflow.contrib.auth import AuthenticationForm

# Django's own Indonesian catalogue renders its message as "Masukkan nama pengguna nama
# pengguna dan sandi yang benar." (the label is put into a sentence that already names it).
MSG_INVALID_LOGIN = gettext_lazy("The username or the password is wrong. Capitals and small letters differ.")
MSG_INVALID_STAFF_LOGIN = gettext_lazy(
    "The username or the password is wrong, or the account may not use the administration. "
    "Capitals and small letters differ."
)
MSG_LOCKED_OUT = gettext_lazy(
    "Too many failed logins for this account. Try again after %(time)s (in about %(minutes)s minutes), "
    "or ask an administrator to unlock it."
)
MSG_TOKEN_EXPIRED = gettext_lazy("The token has expired. Ask for a new one at /api/auth/token/.")


class LoginForm(AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": MSG_INVALID_LOGIN}


class AdminLoginForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "invalid_login": MSG_INVALID_STAFF_LOGIN}


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request.

    Without one (a management command, a test client's ``login()``) there is no client to
    count or lock; every login over HTTP passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def retry_at(request, credentials) -> datetime:
    """When the locked account may log in again: the lockout runs from the last failure."""
    cool_off = get_cool_off(request) or timedelta(0)
    username = get_client_username(request, credentials)
    last = AccessAttempt.objects.filter(username=username).order_by("-attempt_time").first()
    start = last.attempt_time if last else timezone.now()
    return start + cool_off


def lockout_message(request, credentials) -> str:
    when = retry_at(request, credentials)
    minutes = max(1, round((when - timezone.now()).total_seconds() / 60))
    local = timezone.localtime(when)
    return MSG_LOCKED_OUT % {"time": date_format(local, "j F Y H:i"), "minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE): 429 with the time to
    try again, as the API's ``{code, message, fields}`` or as the login page."""
    message = lockout_message(request, credentials)
    seconds = max(1, int((retry_at(request, credentials) - timezone.now()).total_seconds()))
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "message": message, "fields": {}}, status=429)
    else:
        response = render(
            request,
            "registration/login.html",
            {"form": LoginForm(), "locked_out": message, "next": request.POST.get("next", "")},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token, valid for ``SAHIH_API_TOKEN_TTL`` seconds from its issue (like a session
    of ``SESSION_COOKIE_AGE``); an expired token is deleted on first use."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(MSG_TOKEN_EXPIRED, code="token_expired")
        return user, token


def token_expired(token) -> bool:
    return token.created + timedelta(seconds=settings.SAHIH_API_TOKEN_TTL) <= timezone.now()


def token_expires_at(token) -> datetime:
    return token.created + timedelta(seconds=settings.SAHIH_API_TOKEN_TTL)
