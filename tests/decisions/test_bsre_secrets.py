"""The signer's passphrase (or one-time code) goes to BSrE and nowhere else: no log record, no
exception text or error report, no database row (the ledger included), no stored file
(issue 18: "never stored, logged, put in the ledger or in an exception message")."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from decisions.signing import OneTimeSecret, SignatureRequest, SigningUnavailable
from decisions.signing.bsre import BsreSigner
from tests.bsre import PASSPHRASE
from tests.factories import MAYOR_NIK
from tests.leaks import in_database, in_exception, in_files, in_logs

from .conftest import issue
from .test_bsre import unsigned_request

WRONG = "Salah-Ketik-Wali-Kota-4Hk9"  # noqa: S105 -- a mistyped passphrase, just as secret


def _attempt(decree, secret: OneTimeSecret) -> SigningUnavailable | None:
    # Only the OneTimeSecret in this frame: a str here would show in the error report's
    # variables, as it would in any caller's (the signing view must hold it the same way).
    pdf, request = unsigned_request(decree, secret=secret)
    try:
        BsreSigner(settings.SAHIH_SIGNING).sign(pdf, request)
    except SigningUnavailable as error:
        return error
    return None


def test_the_passphrase_is_found_nowhere_after_signing_and_every_failure(
    bsre_standin, city, make_case, caplog, settings
):
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's too
    decree = issue(make_case("transfer"), city.walikota)  # rows, a ledger event, a stored file
    typed = OneTimeSecret("passphrase", PASSPHRASE)
    assert _attempt(decree, typed) is None  # signed
    errors = [_attempt(decree, OneTimeSecret("passphrase", WRONG))]
    for mode in ("down", "garbage", "not_pdf", "rewritten"):
        bsre_standin.mode(mode)
        errors.append(_attempt(decree, typed))
    bsre_standin.mode("slow", delay=2)
    settings.SAHIH_SIGNING = {
        **settings.SAHIH_SIGNING,
        "bsre": {**settings.SAHIH_SIGNING["bsre"], "read_timeout": 1},
    }
    errors.append(_attempt(decree, typed))
    bsre_standin.mode("normal")
    errors.append(_attempt(decree, OneTimeSecret("totp", PASSPHRASE)))  # a code never sent
    assert [type(error).__name__ for error in errors] == [
        "WrongPassphrase",
        "ServiceDown",
        "MalformedAnswer",
        "MalformedAnswer",
        "MalformedAnswer",
        "ServiceTimeout",
        "WrongOneTimeCode",
    ]
    assert any(
        "bsre /api/v2/sign/pdf" in record.getMessage() for record in caplog.records
    )  # logs were caught

    for secret in (PASSPHRASE, WRONG):
        for error in errors:
            assert in_exception(secret, error) == [], type(error).__name__
        assert in_logs(secret, caplog.records) == []
        assert in_database(secret) == []
        assert in_files(secret) == []


def test_the_request_and_the_secret_do_not_show_their_value():
    secret = OneTimeSecret("passphrase", PASSPHRASE)
    request = SignatureRequest(
        page=1,
        box=(0, 0, 1, 1),
        signer_name="A",
        reason="r",
        location="l",
        signer_nik=MAYOR_NIK,
        secret=secret,
    )
    assert PASSPHRASE not in repr(request) + repr(secret) + str(secret) + f"{secret}"
    with pytest.raises(ValueError):
        OneTimeSecret("pin", "1234")


def test_the_searches_find_a_planted_secret(city, caplog, tmp_path):
    """The checks above can fail: each search finds the secret where it was put."""
    get_user_model().objects.filter(pk=city.clerk.pk).update(first_name=PASSPHRASE)
    assert "auth_user.first_name" in in_database(PASSPHRASE)
    (tmp_path / "kept.txt").write_text(f"x{PASSPHRASE}x")
    assert in_files(PASSPHRASE, tmp_path) == [str(tmp_path / "kept.txt")]
    with caplog.at_level(logging.INFO):
        logging.getLogger("sahih.test").info("typed %s", PASSPHRASE)
    assert in_logs(PASSPHRASE, caplog.records)

    def careless(passphrase):
        raise RuntimeError("refused")

    try:
        careless(PASSPHRASE)
    except RuntimeError as error:
        assert in_exception(PASSPHRASE, error) == ["report"]  # the frame's variables
