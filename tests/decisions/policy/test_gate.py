"""The rules at the gates of a real route: submission, each approval, signing. Driven
through the task service, as the API will drive it."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfWriter
from viewflow.workflow.models import Task

from audit.models import Event
from decisions.attachments import store_attachment
from decisions.errors import Invalid, Refused
from decisions.models import Case, Decree, PolicyParameter, RuleEvaluation, RuleOverride
from decisions.policy import PolicyBlocked
from personnel.models import ElectedTerm, PositionHistory, SkpRating
from tests.factories import EmployeeFactory
from workflows.services import case_submit, task_approve

JUSTIFICATION = "Pengisian jabatan mendesak karena pejabat lama pensiun bulan ini."
ROUTE = [
    ("unit_head", "head_dishub"),
    ("unit_head", "head_bpkad"),
    ("verification", "verifier"),
    ("agency_head", "agency_head"),
    ("secretary", "sekda"),
    ("signing", "walikota"),
]


def open_task(case: Case, stage: str, owner=None) -> Task:
    tasks = Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"], data__stage=stage)
    return (tasks.filter(owner=owner) if owner is not None else tasks).get()


def approve(city, case, stage, persona, **answers):
    user = getattr(city, persona)
    return task_approve(
        task_id=open_task(case, stage, user if stage == "unit_head" else None).pk, actor=user, **answers
    )


def ledger(case, action):
    return [
        json.loads(event.body)["data"]
        for event in Event.objects.filter(object_type="case", object_id=str(case.pk), action=action)
    ]


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _shorten_time_in_post(city, days=400):
    since = timezone.localdate() - timedelta(days=days)
    city.subject.position_since = since
    city.subject.save(update_fields=["position_since"])
    PositionHistory.objects.filter(employee=city.subject).update(start=since)


def test_a_blocked_submission_stops_with_the_findings(city, transfer_case):
    SkpRating.objects.filter(employee=city.subject).update(rating=SkpRating.Rating.POOR)
    with pytest.raises(PolicyBlocked) as raised:
        case_submit(case_id=transfer_case.pk, actor=city.clerk)
    error = raised.value
    assert isinstance(error, Invalid)  # the API answers 400
    assert error.code == "policy_blocked"
    assert error.extra["unresolved"] == ["performance#1"]
    [finding] = error.extra["findings"]
    assert (finding["rule"], finding["severity"], finding["new"]) == ("performance", "block", True)
    assert finding["basis"] and finding["fix"] and finding["facts"]["below_good"]
    transfer_case.refresh_from_db()
    assert transfer_case.status == Case.Status.DRAFT
    assert not RuleEvaluation.objects.filter(case=transfer_case).exists()


def test_less_than_two_years_in_post_needs_a_written_justification_at_submission(city, transfer_case):
    _shorten_time_in_post(city)
    with pytest.raises(PolicyBlocked) as raised:
        case_submit(case_id=transfer_case.pk, actor=city.clerk)
    assert raised.value.code == "justification_required"
    assert raised.value.extra["unjustified"] == ["time_in_post#1"]
    with pytest.raises(Invalid) as short:
        case_submit(case_id=transfer_case.pk, actor=city.clerk, overrides={"time_in_post#1": "Mendesak."})
    assert short.value.code == "justification_too_short"

    case = case_submit(
        case_id=transfer_case.pk, actor=city.clerk, overrides={"time_in_post#1": JUSTIFICATION}
    )
    assert case.status == Case.Status.IN_REVIEW
    answer = RuleOverride.objects.get(case=case)
    assert (answer.kind, answer.finding_key, answer.justification) == (
        "acknowledge",
        "time_in_post#1",
        JUSTIFICATION,
    )
    [event] = ledger(case, "policy.acknowledged")
    assert event["finding"]["facts"]["minimum_years"] == 2
    assert event["justification"] == JUSTIFICATION


def test_approvers_acknowledge_warnings_and_see_which_are_new(city, transfer_case):
    _shorten_time_in_post(city)
    case = case_submit(
        case_id=transfer_case.pk, actor=city.clerk, overrides={"time_in_post#1": JUSTIFICATION}
    )
    city.target.min_rank_id = 41  # the registry changes after submission: a new warning
    city.target.save(update_fields=["min_rank"])

    with pytest.raises(PolicyBlocked) as raised:
        approve(city, case, "unit_head", "head_dishub")
    assert raised.value.code == "acknowledgement_required"
    new = {f["key"]: f["new"] for f in raised.value.extra["findings"]}
    assert new == {"time_in_post#1": False, "rank_range#1": True}

    case = approve(city, case, "unit_head", "head_dishub", acknowledged=["time_in_post#1", "rank_range#1"])
    stored = RuleEvaluation.objects.filter(case=case).order_by("pk").last()
    assert stored.stage == "unit_head"
    assert {f["key"]: f["new"] for f in stored.findings} == new
    acknowledged = RuleOverride.objects.filter(case=case, stage="unit_head", kind="acknowledge")
    assert sorted(acknowledged.values_list("finding_key", flat=True)) == ["rank_range#1", "time_in_post#1"]
    assert all(a.justification == "" for a in acknowledged)


def _full_target_after_submission(city, case):
    EmployeeFactory(position=city.target, position_since=timezone.localdate())


def _evidence(city, case):
    return store_attachment(
        case=case, actor=city.head_dishub, kind="override_evidence", name="nota-dinas.pdf", content=pdf()
    )


def test_an_override_by_an_allowed_role_lets_the_case_through_and_is_in_its_history(city, transfer_case):
    PolicyParameter.objects.create(key="override_roles.vacancy", value=["official", "signer"], note="uji")
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    _full_target_after_submission(city, case)
    evidence = _evidence(city, case)
    answer = {"justification": JUSTIFICATION, "attachment": evidence.pk}

    with pytest.raises(PolicyBlocked) as raised:
        approve(city, case, "unit_head", "head_dishub")
    assert raised.value.extra["unresolved"] == ["vacancy#1"]
    case = approve(city, case, "unit_head", "head_dishub", overrides={"vacancy#1": answer})
    assert case.stage == "unit_head"

    override = RuleOverride.objects.get(case=case, kind="override")
    assert (override.role, override.attachment, override.stage) == ("official", evidence, "unit_head")
    [event] = ledger(case, "policy.overridden")
    assert event["finding"]["rule"] == "vacancy"
    assert event["finding"]["facts"] == {"capacity": 1, "holders": 1, "incoming": 1}
    assert (event["justification"], event["attachment"], event["role"]) == (
        JUSTIFICATION,
        evidence.pk,
        "official",
    )
    # The override stands at the later gates: the next approver is not blocked again.
    case = approve(city, case, "unit_head", "head_bpkad")
    assert case.stage == "verification"


def test_an_override_by_a_role_the_rule_does_not_allow_is_refused(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    _full_target_after_submission(city, case)
    with pytest.raises(Refused) as raised:
        approve(city, case, "unit_head", "head_dishub", overrides={"vacancy#1": JUSTIFICATION})
    assert raised.value.code == "override_not_allowed"
    assert not RuleOverride.objects.filter(case=case).exists()
    assert ledger(case, "policy.overridden") == []


def test_a_rule_that_allows_nobody_cannot_be_overridden(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    city.target.min_education = "S2"
    city.target.save(update_fields=["min_education"])
    with pytest.raises(Refused) as raised:
        approve(city, case, "unit_head", "head_dishub", overrides={"education#1": JUSTIFICATION})
    assert raised.value.code == "override_not_allowed"


def test_override_evidence_must_be_filed_as_such(city, transfer_case):
    PolicyParameter.objects.create(key="override_roles.vacancy", value=["official"])
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    _full_target_after_submission(city, case)
    letter = store_attachment(
        case=case, actor=city.head_dishub, kind="other", name="surat.pdf", content=pdf()
    )
    with pytest.raises(Invalid) as raised:
        approve(
            city,
            case,
            "unit_head",
            "head_dishub",
            overrides={"vacancy#1": {"justification": JUSTIFICATION, "attachment": letter.pk}},
        )
    assert raised.value.code == "wrong_attachment_kind"


def test_changing_a_parameter_makes_a_new_version_and_never_rewrites_stored_findings(city, transfer_case):
    _shorten_time_in_post(city, days=3 * 365)  # three years in post: enough for 2, not for 5
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    first = RuleEvaluation.objects.get(case=case, stage="submission")
    assert (first.findings, case.policy_version) == ([], first.version)

    parameter = PolicyParameter.objects.create(key="min_years_in_post", value=5, note="Perwali 2026")
    case = approve(city, case, "unit_head", "head_dishub", overrides={"time_in_post#1": JUSTIFICATION})
    second = RuleEvaluation.objects.get(case=case, stage="unit_head", evaluated_by=city.head_dishub)
    assert second.version != first.version
    assert [f["key"] for f in second.findings] == ["time_in_post#1"]
    assert second.findings[0]["facts"]["minimum_years"] == 5
    stored = RuleEvaluation.objects.get(pk=first.pk)
    assert (stored.findings, stored.version) == ([], first.version)
    case.refresh_from_db()
    assert case.policy_version == second.version

    parameter.delete()  # the same rules and parameters give the same version again
    case = approve(city, case, "unit_head", "head_bpkad")
    assert RuleEvaluation.objects.get(pk=second.pk).findings[0]["facts"]["minimum_years"] == 5
    assert (
        RuleEvaluation.objects.get(case=case, stage="unit_head", evaluated_by=city.head_bpkad).version
        == first.version
    )


def _to_signing(city, case):
    for stage, persona in ROUTE[:-1]:
        case = approve(city, case, stage, persona)
    return case


def test_a_block_at_signing_stops_the_signing(city, transfer_case):
    case = _to_signing(city, case_submit(case_id=transfer_case.pk, actor=city.clerk))
    ElectedTerm.objects.filter(user=city.walikota).update(term_end=timezone.localdate() - timedelta(days=1))
    with pytest.raises(PolicyBlocked) as raised:
        approve(city, case, "signing", "walikota")
    assert raised.value.extra["unresolved"] == ["signer_authority"]
    case.refresh_from_db()
    assert case.status == Case.Status.IN_REVIEW
    assert not Decree.objects.filter(case=case).exists()


def test_the_regional_head_signs_and_the_case_keeps_the_version_it_was_decided_under(city, transfer_case):
    case = _to_signing(city, case_submit(case_id=transfer_case.pk, actor=city.clerk))
    case = approve(city, case, "signing", "walikota")
    case.refresh_from_db()
    assert case.status == Case.Status.SIGNED
    signing = RuleEvaluation.objects.get(case=case, stage="signing")
    assert case.policy_version == signing.version
    stages = [e["stage"] for e in ledger(case, "policy.evaluated")]
    assert stages == ["submission", *[stage for stage, _p in ROUTE]]
