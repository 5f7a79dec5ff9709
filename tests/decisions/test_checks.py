"""The stand-in never pretends to be BSrE in production: ``check --deploy`` with DEBUG off
refuses a configuration that points at it or trusts its CA; a chosen BSrE signer needs its
address and credentials."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tests.bsre import BSRE_BACKEND


def _ids(*, deploy: bool = True) -> set[str]:
    """The signing configuration's checks (sahih.E1xx/W1xx; the decree checks E001/W002 are
    tested in test_decree_frame.py)."""
    return {
        message.id
        for message in run_checks(include_deployment_checks=deploy)
        if message.id.startswith("sahih.E1") or message.id.startswith("sahih.W1")
    }


def test_production_pointing_at_the_standin_is_refused(bsre_standin, settings):
    settings.DEBUG = False
    assert {"sahih.E102", "sahih.E103"} <= _ids()
    with pytest.raises(SystemCheckError, match="sahih.E103"):
        call_command("check", "--deploy", "--fail-level", "ERROR")


def test_trusting_the_standins_ca_alone_is_refused(bsre_standin, settings):
    settings.DEBUG = False
    settings.SAHIH_SIGNING = {
        **settings.SAHIH_SIGNING,
        "bsre": {**settings.SAHIH_SIGNING["bsre"], "base_url": ""},
    }
    assert _ids() == {"sahih.E102"}


def test_development_may_use_the_standin(bsre_standin, settings):
    settings.DEBUG = True
    assert _ids() == set()


def test_a_service_that_is_not_the_standin_passes(settings):
    """The real service answers an unauthenticated request with 401 and no stand-in header;
    one that cannot be reached now is not the stand-in either."""

    class Service(BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Service)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.DEBUG = False
    bsre = {"base_url": f"http://127.0.0.1:{server.server_port}", "client_id": "a", "client_secret": "b"}
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "backend": BSRE_BACKEND, "bsre": bsre}
    try:
        assert _ids() == set()
    finally:
        server.shutdown()
        server.server_close()
    assert _ids() == set()  # closed now: unreachable


def test_a_chosen_bsre_signer_needs_its_address_and_credentials(settings):
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "backend": BSRE_BACKEND, "bsre": {"base_url": ""}}
    assert _ids(deploy=False) == {"sahih.E101"}
    settings.SAHIH_SIGNING = {
        **settings.SAHIH_SIGNING,
        "bsre": {"base_url": "https://esign.example.go.id", "client_id": "a", "client_secret": "b"},
    }
    assert _ids(deploy=False) == set()


def test_plain_http_to_another_machine_is_warned_about(settings):
    settings.DEBUG = False
    for url, warned in (
        ("http://esign.invalid", True),
        ("http://127.0.0.1:9", False),
        ("http://localhost:9", False),
        ("https://esign.invalid", False),
    ):
        settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "bsre": {"base_url": url}}
        assert ("sahih.W104" in _ids()) is warned, url
