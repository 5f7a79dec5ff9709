"""The demo city: a fictional Pemerintah Kota Tanjungbalai with every persona (docs and the
README list the accounts). ``seed_demo()`` loads it once; a second call adds nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from audit import services as audit

from ..models import OrgUnit
from .plan import REGION, SEED, AccountPlan, build_plan, planned_accounts
from .write import write_plan

# Public on purpose: it is printed by seed_demo and written in the README.
DEMO_PASSWORD = "sahih-demo-2026"  # noqa: S105


@dataclass
class SeedResult:
    created: bool
    accounts: list[AccountPlan]
    counts: dict[str, int] = field(default_factory=dict)


def seed_demo(*, today: date | None = None, seed: int = SEED) -> SeedResult:
    """Load the demo city unless its region unit is already there."""
    if OrgUnit.objects.filter(code=REGION).exists():
        return SeedResult(created=False, accounts=planned_accounts())
    plan = build_plan(today=today or timezone.localdate(), seed=seed)
    with audit.atomic():
        counts = write_plan(plan, password_hash=make_password(DEMO_PASSWORD))
        audit.record(
            action="registry.demo_seeded",
            object_type="registry",
            object_id=REGION,
            actor=None,
            data={"counts": counts, "seed": seed, "day": plan.today},
        )
    return SeedResult(created=True, accounts=plan.accounts, counts=counts)


def account_rows(accounts: list[AccountPlan]) -> list[dict]:
    """The demo logins as written by ``seed_demo --accounts-out``."""
    return [
        {"username": account.username, "password": DEMO_PASSWORD, "role": account.role, "unit": account.unit}
        for account in accounts
    ]


__all__ = ["DEMO_PASSWORD", "REGION", "SeedResult", "account_rows", "build_plan", "seed_demo"]
