"""Issue 13 §1: the pages answer rule findings exactly as the API does -- a written
justification (with optional evidence) per finding that needs one, an acknowledgement per
plain warning, overrides only for the roles allowed -- and ask for all of it at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from decisions.models import Attachment, Case, RuleOverride
from decisions.policy import Preview
from decisions.services import ItemInput, case_create
from tests.api.helpers import small_pdf
from tests.factories import EmployeeFactory, PositionFactory
from web.forms import DecisionForm, SubmitForm

JUSTIFICATION = "Mengisi kekosongan pelaksana BPKAD menjelang penutupan tahun anggaran daerah."


@pytest.fixture
def newcomer_case(city):
    """A transfer of someone 200 days in post: a warning that needs a written justification."""
    newcomer = EmployeeFactory(
        name="Rina Baru",
        position=PositionFactory(unit=city.dishub, code="DISHUB-BARU"),
        position_since=timezone.localdate() - timedelta(days=200),
    )
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=newcomer, to_position=city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
    )


def _answer_field(response, prefix: str) -> str | None:
    form = response.context["submit_form"]
    return next((name for name in form.fields if name.startswith(prefix)), None)


def test_a_warning_that_needs_a_justification_is_answered_in_the_form_with_evidence(
    client, city, newcomer_case
):
    client.force_login(city.clerk)
    page = client.get(reverse("cases:detail", args=[newcomer_case.pk]))
    field = _answer_field(page, "override__time_in_post")
    assert field and _answer_field(page, "ack__time_in_post") is None  # a text, not a checkbox
    assert (
        f'name="{field}"' in page.content.decode()
        and 'enctype="multipart/form-data"' in page.content.decode()
    )
    key = field[len("override__") :]

    refused = client.post(reverse("cases:submit", args=[newcomer_case.pk]), {field: "terlalu pendek"})
    assert refused.status_code == 400
    newcomer_case.refresh_from_db()
    assert newcomer_case.status == Case.Status.DRAFT
    assert _answer_field(refused, "override__time_in_post") == field  # asked again, same field

    evidence = SimpleUploadedFile("nota-dinas.pdf", small_pdf("nota"), content_type="application/pdf")
    response = client.post(
        reverse("cases:submit", args=[newcomer_case.pk]),
        {field: JUSTIFICATION, f"evidence_file__{key}": evidence},
    )
    assert response.status_code == 302
    newcomer_case.refresh_from_db()
    assert newcomer_case.status == Case.Status.IN_REVIEW
    answer = RuleOverride.objects.get(case=newcomer_case, finding_key=key)
    assert answer.justification == JUSTIFICATION
    assert answer.attachment.kind == Attachment.Kind.OVERRIDE_EVIDENCE


def test_a_clerk_is_not_offered_an_override_only_the_signer_may_give(client, city):
    city.target.capacity = 0  # no free place: the vacancy rule blocks, only the signer overrides
    city.target.save(update_fields=["capacity"])
    case = case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD.",
    )
    client.force_login(city.clerk)
    page = client.get(reverse("cases:detail", args=[case.pk]))
    form = page.context["submit_form"]
    vacancy = [answer for answer in form.answers if answer.finding["rule"] == "vacancy"]
    assert vacancy and vacancy[0].how == "refused" and vacancy[0].fields == []
    assert not any(name.startswith("override__vacancy") for name in form.fields)
    assert "Penanda tangan" in page.content.decode()


def _preview(findings, *, roles=(), overridden=(), justified=()):
    return Preview(
        findings=findings,
        overridden=frozenset(overridden),
        justified=frozenset(justified),
        min_chars=30,
        roles=frozenset(roles),
    )


def _finding(key, severity, *, roles=(), justify=False):
    return {
        "key": key,
        "rule": key.split(":")[0],
        "severity": severity,
        "override_roles": list(roles),
        "justification_required": justify,
        "title": key,
        "message": "",
        "basis": "",
        "fix": "",
    }


class _Stage:
    def __init__(self, *actions):
        self.actions = actions
        self.records = ()


def test_each_finding_gets_the_answer_the_gate_takes_for_this_person():
    preview = _preview(
        [
            _finding("rank_range:1", "block", roles=["official", "signer"]),
            _finding("vacancy:1", "block", roles=["signer"]),
            _finding("education:1", "block"),
            _finding("time_in_post:1", "warn", justify=True),
            _finding("skp:1", "warn"),
            _finding("time_in_post:2", "warn", justify=True),
        ],
        roles=["official"],
        justified=["time_in_post:2"],
    )
    form = DecisionForm(preview=preview, stage=_Stage("approve", "return"), evidence=[(7, "bukti.pdf")])
    assert [answer.how for answer in form.answers] == [
        "override",
        "refused",
        "nobody",
        "justify",
        "ack",
        "ack",
    ]
    assert set(form.fields) >= {"override__rank_range:1", "evidence__rank_range:1", "ack__skp:1"}
    assert not any(name.startswith("evidence_file__") for name in form.fields)  # approvers upload nothing

    bound = DecisionForm(
        {
            "action": "approve",
            "override__rank_range:1": JUSTIFICATION,
            "evidence__rank_range:1": "7",
            "override__time_in_post:1": JUSTIFICATION,
            "ack__skp:1": "on",
            "ack__time_in_post:2": "on",
        },
        preview=preview,
        stage=_Stage("approve"),
        evidence=[(7, "bukti.pdf")],
    )
    assert bound.is_valid(), bound.errors
    overrides, acknowledged = bound.policy_answers()
    assert overrides == {
        "rank_range:1": {"justification": JUSTIFICATION, "attachment": 7},
        "time_in_post:1": JUSTIFICATION,
    }
    assert sorted(acknowledged) == ["skp:1", "time_in_post:2"]


def test_the_signature_acknowledges_the_warnings_shown_so_signing_asks_once():
    preview = _preview([_finding("skp:1", "warn")], roles=["signer"])
    form = DecisionForm(preview=preview, stage=_Stage("sign", "return"))
    assert [answer.how for answer in form.answers] == ["signed"]
    rendered = str(form["ack__skp:1"])
    assert 'type="hidden"' in rendered and 'value="True"' in rendered
    bound = DecisionForm({"action": "sign", "ack__skp:1": "True"}, preview=preview, stage=_Stage("sign"))
    assert bound.is_valid() and bound.policy_answers() == ({}, ["skp:1"])


def test_the_proposer_may_attach_evidence_to_an_answer():
    form = SubmitForm(preview=_preview([_finding("time_in_post:1", "warn", justify=True)], roles=["clerk"]))
    assert "evidence_file__time_in_post:1" in form.fields
