"""Helpers for the rule tests: evaluate a proposal as of a fixed day, pick findings."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from decisions.policy.engine import Proposal, ProposedItem, evaluate, parameters

TODAY = date(2026, 3, 2)  # the day the rules run, unless a test says otherwise


def at(day: date):
    """The clock stopped at 09:00 in the region on ``day`` (for the service and the API)."""
    return time_machine.travel(
        datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    )


def run(
    kind: str,
    items: list,
    *,
    effective: date,
    data: dict | None = None,
    files=(),
    stage: str = "check",
    on: date = TODAY,
    signer=None,
):
    """Evaluate a proposal; ``items`` are employees or (employee, target position) pairs."""
    proposed = []
    for number, entry in enumerate(items, 1):
        employee, target = entry if isinstance(entry, tuple) else (entry, None)
        proposed.append(
            ProposedItem(
                number=number, employee=employee, to_position=target, from_position=employee.position
            )
        )
    proposal = Proposal(
        kind=kind,
        effective_date=effective,
        items=proposed,
        data=dict(data or {}),
        attachment_kinds=Counter(files),
        signer=signer,
    )
    return evaluate(proposal, stage=stage, on=on, params=parameters()).findings


def of_rule(findings, rule_id: str):
    return [f for f in findings if f.rule == rule_id]


def severity(findings, rule_id: str) -> str | None:
    """The rule's worst severity among ``findings`` (None: the rule found nothing)."""
    found = {f.severity for f in of_rule(findings, rule_id)}
    return "block" if "block" in found else ("warn" if found else None)
