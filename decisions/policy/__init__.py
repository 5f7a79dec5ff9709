"""Policy rules at every gate: submission, each approval, signing.

``gate()`` runs the rules on a case inside the caller's transaction. A blocking finding
stops the action unless it was overridden -- by a role the rule allows, with a written
justification -- now or earlier in the case. A warning that asks for a justification (less
than two years in post) stops it until someone has justified it in writing, at any gate.
At approval stages each warning must also be acknowledged by the approver. Findings not
seen at an earlier gate of the case are marked ``new`` for the approver. Every evaluation,
override and acknowledgement is stored with the case and written to the ledger with the
full finding.

At the signing gate (stage ``signing``) the actor is the signer: the rules check their
authority on the day.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import services as ledger
from personnel import compiled
from personnel.roles import ROLE_LABELS
from personnel.selectors import identity_of

from ..errors import Invalid, Refused
from ..models import Attachment, Case, RuleEvaluation, RuleOverride
from . import rules  # noqa: F401  (registers the catalogue)
from .engine import BLOCK, WARN, Evaluation, Finding, Proposal, ProposedItem, configured, evaluate, parameters
from .facts import Facts, reads_of

__all__ = [
    "configured",
    "gate",
    "preview",
    "Preview",
    "evaluate",
    "Proposal",
    "ProposedItem",
    "Evaluation",
    "Finding",
    "PolicyBlocked",
]

SUBMISSION = "submission"
SIGNING = "signing"

MSG_BLOCKED = _("The rules block this action. Resolve or override the findings listed.")
MSG_JUSTIFICATION_REQUIRED = _("Some warnings must be justified in writing before the case can go on.")
MSG_ACK_REQUIRED = _("Read and acknowledge each warning before you approve.")
MSG_UNKNOWN_FINDING = _("There is no finding “%(key)s” on this case now.")
MSG_NOT_ALLOWED_TO_OVERRIDE = _("You may not override “%(title)s”; only %(roles)s may.")
MSG_NOBODY_OVERRIDES = _("“%(title)s” cannot be overridden by anyone.")
MSG_JUSTIFICATION_SHORT = _(
    "The justification for overriding “%(title)s” must have at least %(min)s characters."
)
MSG_UNKNOWN_ATTACHMENT = _("The evidence file is not in this case's file.")
MSG_WRONG_ATTACHMENT = _("Attach the evidence for an override as “evidence for a rule override”.")


class PolicyBlocked(Invalid):
    """Raised when findings stand in the way; ``extra['findings']`` lists them all, each
    with ``new`` (not seen at an earlier gate of the case)."""


def _roles(user: AbstractBaseUser) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _normalise_override(value) -> tuple[str, int | None]:
    """An answer is a justification, or ``{"justification": ..., "attachment": id}``."""
    if not isinstance(value, dict):
        return str(value or "").strip(), None
    attachment = value.get("attachment")
    if attachment not in (None, ""):
        try:
            attachment = int(attachment)
        except (TypeError, ValueError):
            raise Invalid(
                MSG_UNKNOWN_ATTACHMENT,
                code="unknown_attachment",
                fields={"overrides": MSG_UNKNOWN_ATTACHMENT},
            ) from None
    else:
        attachment = None
    return str(value.get("justification", "")).strip(), attachment


def _check_overrides(case: Case, overrides: dict, by_key: dict, roles: set[str], min_chars: int):
    """The overrides and justifications given now, each checked; raises on the first fault."""
    accepted: list[tuple[Finding, str, int | None]] = []
    for key, value in overrides.items():
        finding = by_key.get(key)
        if finding is None:
            message = MSG_UNKNOWN_FINDING % {"key": key}
            raise Invalid(message, code="unknown_finding", fields={"overrides": message})
        justification, attachment_id = _normalise_override(value)
        if finding.severity == BLOCK:
            if not finding.override_roles:
                raise Refused(MSG_NOBODY_OVERRIDES % {"title": finding.title}, code="override_not_allowed")
            if not roles & set(finding.override_roles):
                raise Refused(
                    MSG_NOT_ALLOWED_TO_OVERRIDE
                    % {
                        "title": finding.title,
                        "roles": ", ".join(str(ROLE_LABELS.get(r, r)) for r in finding.override_roles),
                    },
                    code="override_not_allowed",
                )
        if len(justification) < min_chars:
            message = MSG_JUSTIFICATION_SHORT % {"title": finding.title, "min": min_chars}
            raise Invalid(message, code="justification_too_short", fields={"overrides": message})
        if attachment_id is not None:
            kind = case.attachments.filter(pk=attachment_id).values_list("kind", flat=True).first()
            if kind is None:
                raise Invalid(
                    MSG_UNKNOWN_ATTACHMENT,
                    code="unknown_attachment",
                    fields={"overrides": MSG_UNKNOWN_ATTACHMENT},
                )
            if kind != Attachment.Kind.OVERRIDE_EVIDENCE:
                raise Invalid(
                    MSG_WRONG_ATTACHMENT,
                    code="wrong_attachment_kind",
                    fields={"overrides": MSG_WRONG_ATTACHMENT},
                )
        accepted.append((finding, justification, attachment_id))
    return accepted


def _seen_before(case: Case) -> set[str]:
    """Finding keys stored at earlier gates of the case."""
    return {
        finding["key"]
        for findings in case.evaluations.values_list("findings", flat=True)
        for finding in findings
        if "key" in finding
    }


def findings_as_seen(evaluation: Evaluation, seen: set[str]) -> list[dict]:
    return [{**f.as_dict(), "new": f.key not in seen} for f in evaluation.findings]


@dataclass(frozen=True)
class Preview:
    """What the rules would say at ``stage`` now, and which findings were already answered
    earlier in the case: the forms offer exactly the answers ``gate`` still needs."""

    findings: list[dict]
    overridden: frozenset[str]
    justified: frozenset[str]
    min_chars: int
    roles: frozenset[str]


def _answered_before(case: Case, min_chars: int) -> tuple[set[str], set[str]]:
    earlier = list(case.overrides.values_list("kind", "finding_key", "justification"))
    overridden = {key for kind, key, _j in earlier if kind == RuleOverride.Kind.OVERRIDE}
    justified = {key for _k, key, text in earlier if len(text.strip()) >= min_chars}
    return overridden, justified


def preview(*, case: Case, stage: str, actor: AbstractBaseUser) -> Preview:
    """A dry run of ``gate``: nothing is stored or recorded."""
    proposal = Proposal.from_case(case)
    if stage == SIGNING:
        proposal.signer = actor
    params = parameters()
    evaluation = evaluate(proposal, stage=stage, params=params)
    overridden, justified = _answered_before(case, params["override_min_chars"])
    return Preview(
        findings=findings_as_seen(evaluation, _seen_before(case)),
        overridden=frozenset(overridden),
        justified=frozenset(justified),
        min_chars=params["override_min_chars"],
        roles=frozenset(_roles(actor)),
    )


def gate(
    *,
    case: Case,
    stage: str,
    actor: AbstractBaseUser,
    overrides: dict,
    acknowledged: tuple[str, ...] = (),
    who: dict | None = None,
) -> Evaluation:
    """Run the rules on ``case`` at ``stage`` for ``actor``; raise PolicyBlocked if they
    stand in the way, else store the evaluation and the answers and return it. ``who``: the
    actor's identity for the ledger, when the caller has worked it out already."""
    proposal = Proposal.from_case(case, attachments=False)
    if stage == SIGNING:
        proposal.signer = actor
    # The records the rules read, the file's kinds and the parameters: one statement.
    facts = Facts(proposal, timezone.localdate())
    facts.preload(reads_of(proposal.kind), attachments_of=case.pk, parameters=True)
    proposal.attachment_kinds = facts.attachment_kinds
    params = parameters(facts.parameter_rows)
    evaluation = evaluate(proposal, stage=stage, params=params, facts=facts)
    by_key = {finding.key: finding for finding in evaluation.findings}
    min_chars = params["override_min_chars"]
    roles = _roles(actor) if overrides else set()
    accepted = _check_overrides(case, overrides, by_key, roles, min_chars)

    # The earlier answers and findings matter only to findings; a clean evaluation (most
    # approvals) skips both reads.
    if evaluation.blocks or any(f.justification_required for f in evaluation.warnings):
        overridden_before, justified_before = _answered_before(case, min_chars)
    else:
        overridden_before, justified_before = set(), set()
    overridden_now = {finding.key for finding, _j, _a in accepted if finding.severity == BLOCK}
    justified_now = {finding.key for finding, _j, _a in accepted}
    unresolved = [f for f in evaluation.blocks if f.key not in overridden_before | overridden_now]
    unjustified = [
        f
        for f in evaluation.warnings
        if f.justification_required and f.key not in justified_before | justified_now
    ]
    needs_ack = stage != SUBMISSION
    answered = set(acknowledged) | justified_now
    unacknowledged = [f for f in evaluation.warnings if needs_ack and f.key not in answered]
    seen = _seen_before(case) if evaluation.findings else set()
    if unresolved or unjustified or unacknowledged:
        if unresolved:
            message, code = MSG_BLOCKED, "policy_blocked"
        elif unjustified:
            message, code = MSG_JUSTIFICATION_REQUIRED, "justification_required"
        else:
            message, code = MSG_ACK_REQUIRED, "acknowledgement_required"
        raise PolicyBlocked(
            message,
            code=code,
            extra={
                "version": evaluation.version,
                "findings": findings_as_seen(evaluation, seen),
                "unresolved": [f.key for f in unresolved],
                "unjustified": [f.key for f in unjustified],
                "unacknowledged": [f.key for f in unacknowledged],
            },
        )
    _store(
        case, stage, actor, evaluation, findings_as_seen(evaluation, seen), accepted, acknowledged, roles, who
    )
    return evaluation


def _store(case, stage, actor, evaluation, findings, accepted, acknowledged, roles, who=None) -> None:
    # What RuleEvaluation.objects.create() stores, without building and compiling the ORM's
    # insert on every gate (issue 15 §1): nothing reads the instance back.
    compiled.insert(
        RuleEvaluation,
        case_id=case.pk,
        stage=stage,
        version=evaluation.version,
        findings=findings,
        evaluated_at=timezone.now(),
        evaluated_by_id=actor.pk,
    )
    who = who or identity_of(actor)
    ledger.record(
        action="policy.evaluated",
        object_type="case",
        object_id=case.pk,
        actor=who,
        data={"stage": stage, "version": evaluation.version, "findings": findings},
    )
    by_key = {f.key: f for f in evaluation.findings}
    given = {f.key for f, _j, _a in accepted}
    answers = list(accepted) + [
        (by_key[key], "", None)
        for key in acknowledged
        if key in by_key and by_key[key].severity == WARN and key not in given
    ]
    attachments = Attachment.objects.in_bulk([a for _f, _j, a in answers if a])
    for finding, justification, attachment_id in answers:
        kind = RuleOverride.Kind.OVERRIDE if finding.severity == BLOCK else RuleOverride.Kind.ACKNOWLEDGE
        role = (
            next(iter(sorted(roles & set(finding.override_roles))), "")
            if kind == RuleOverride.Kind.OVERRIDE
            else ""
        )
        RuleOverride.objects.create(
            case=case,
            kind=kind,
            finding_key=finding.key,
            rule=finding.rule,
            finding=finding.as_dict(),
            stage=stage,
            justification=justification,
            attachment=attachments.get(attachment_id) if attachment_id else None,
            version=evaluation.version,
            actor=actor,
            role=role,
        )
        ledger.record(
            action="policy.overridden" if kind == RuleOverride.Kind.OVERRIDE else "policy.acknowledged",
            object_type="case",
            object_id=case.pk,
            actor=who,
            data={
                "stage": stage,
                "version": evaluation.version,
                "finding": finding.as_dict(),
                "justification": justification,
                "attachment": attachment_id,
                "role": role,
            },
        )
    if case.policy_version != evaluation.version:
        case.policy_version = evaluation.version
        case.save(update_fields=["policy_version"])
