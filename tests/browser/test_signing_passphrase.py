"""The signer types their BSrE passphrase on the signing page (the stand-in over real HTTP):
a wrong one is refused in Indonesian next to the field, which is never filled in again; the
right one signs."""

from __future__ import annotations

import pytest
from django.utils import translation

from decisions.models import Case
from decisions.signing.errors import MSG_WRONG_PASSPHRASE
from tests.bsre import BSRE_BACKEND, PASSPHRASE
from tests.workflows.test_signing_bsre import WRONG, to_signing

from .conftest import accept_dialogs, screenshot

pytestmark = pytest.mark.browser


def test_the_signer_types_the_passphrase_a_wrong_one_is_refused_the_right_one_signs(
    browse, city, transfer_case, bsre_standin, settings
):
    settings.SAHIH_SIGNING = {**settings.SAHIH_SIGNING, "backend": BSRE_BACKEND}
    case, _task = to_signing(city, transfer_case)
    mayor = browse(city.walikota)
    accept_dialogs(mayor)
    mayor.goto(f"/cases/{case.pk}/")
    field = mayor.locator("#signing-secret input[name=passphrase]")
    assert field.get_attribute("type") == "password"
    assert mayor.locator("label[for=id_passphrase]").is_visible()

    field.fill(WRONG)
    with mayor.expect_navigation():
        mayor.click("button[name=action][value=sign]")
    with translation.override("id"):
        expected = str(MSG_WRONG_PASSPHRASE)
    assert expected in mayor.locator("#signing-secret .sahih-error").inner_text()
    assert mayor.locator("#signing-secret input[name=passphrase]").input_value() == ""
    screenshot(mayor, "signing-passphrase", element="section.sahih-decide")
    case.refresh_from_db()
    assert (case.status, case.stage) == (Case.Status.IN_REVIEW, "signing")

    mayor.fill("#signing-secret input[name=passphrase]", PASSPHRASE)
    with mayor.expect_navigation():
        mayor.click("button[name=action][value=sign]")
    case.refresh_from_db()
    assert case.status in (Case.Status.SIGNED, Case.Status.EFFECTIVE)
    assert PASSPHRASE not in mayor.content()
