"""The rule engine: rules as code, configured as data, every evaluation explainable.

A rule is a function registered with ``@rule``: it reads the facts of one proposal (loaded
once, in a fixed number of queries whatever the registry's size -- see facts.py) and
returns findings. Each finding says what is wrong, the facts it used, the legal basis, and
what would fix it.

The rule set's version is derived from the rules' source code and the parameters in force;
each stored evaluation carries it, so a changed parameter makes a new version and never
rewrites a finding already stored.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from audit import canonical
from personnel import compiled
from personnel.models import Employee

BLOCK = "block"
WARN = "warn"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    title: str
    message: str
    basis: str
    fix: str
    facts: dict = field(default_factory=dict)
    item: int | None = None
    override_roles: tuple[str, ...] = ()
    # A warning that must be answered with a written justification, not just acknowledged.
    justification_required: bool = False

    @property
    def key(self) -> str:
        return self.rule if self.item is None else f"{self.rule}#{self.item}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["key"] = self.key
        data["override_roles"] = list(self.override_roles)
        return canonical.normalise(data)


@dataclass
class ProposedItem:
    """One employee's part in a proposal (a saved case item, or a clerk's unsaved input)."""

    number: int
    employee: Employee
    to_position: Any = None
    from_position: Any = None
    applied: bool = False  # the case has taken effect for this employee (stages after signing)

    @property
    def current_position(self):
        """The post the employee leaves: the one the case recorded, else the registry's."""
        return self.from_position if self.from_position is not None else self.employee.position


def _active_items(*, case_id: int):
    """A case's active items with everything the rules read of them (``Proposal.from_case``)."""
    from ..models import CaseItem

    return CaseItem.objects.filter(case_id=case_id, status="active").select_related(
        "employee__rank",
        "employee__position__unit__parent",
        "to_position__unit__parent",
        "to_position__min_rank",
        "to_position__max_rank",
        "from_position__unit__parent",
    )


@dataclass
class Proposal:
    """What the rules look at: a case, or a request still being filled in."""

    kind: str
    effective_date: date
    items: list[ProposedItem]
    data: dict = field(default_factory=dict)
    # How many documents of each kind are in the file (a Counter: ``kind in`` works too).
    attachment_kinds: Counter = field(default_factory=Counter)
    case_id: int | None = None
    # The user signing, at the signing gate only (gate() fills it with the actor).
    signer: Any = None

    @classmethod
    def from_case(cls, case, *, attachments: bool = True) -> Proposal:
        """``attachments`` False: the kinds are left for the caller (``Facts.preload``)."""
        items = [
            ProposedItem(
                number=item.position_in_case,
                employee=item.employee,
                to_position=item.to_position,
                from_position=item.from_position,
                applied=item.applied_at is not None,
            )
            # Compiled once: every approval reads its case's items in this one shape.
            for item in compiled.fetch("policy.proposal_items", _active_items, case_id=case.pk)
        ]
        return cls(
            kind=case.kind,
            effective_date=case.effective_date,
            items=items,
            data=dict(case.data),
            attachment_kinds=Counter(case.attachments.values_list("kind", flat=True))
            if attachments
            else Counter(),
            case_id=case.pk,
        )


@dataclass(frozen=True)
class Rule:
    id: str
    number: int
    title: str
    basis: str
    kinds: frozenset[str]
    check: Callable[..., Iterable[Finding] | Finding | None]
    per_item: bool = True


RULES: dict[str, Rule] = {}

# The SQL forms of rules, by rule id: for a one-item move of an employee into ``target``
# (``effective_date``, decided on ``on``, no case data, no file), a condition on Employee rows
# (a ``Q``, or None when the rule cannot block such a move) that holds exactly for the
# employees the rule's Python form blocks. Placement narrows a whole registry with them before
# the rules run in Python; tests/placement/test_exclusion_agrees_with_policy.py holds each
# form to its rule. Written next to the rule they mirror, sharing its parameters.
SQL_FORMS: dict[str, Callable[..., Any]] = {}


def sql_form(rule_id: str):
    """Register the SQL form of rule ``rule_id`` (see SQL_FORMS)."""

    def register(build):
        SQL_FORMS[rule_id] = build
        return build

    return register


def rule(*, id: str, number: int, title, basis: str, kinds: Iterable[str], per_item: bool = True):
    """Register a rule. ``kinds`` are the case kinds it applies to."""

    def register(check):
        RULES[id] = Rule(
            id=id,
            number=number,
            title=title,
            basis=basis,
            kinds=frozenset(kinds),
            check=check,
            per_item=per_item,
        )
        return check

    return register


def _set_dotted(params: dict, key: str, value) -> None:
    """``override_roles.vacancy`` sets one entry of a nested parameter, not all of it."""
    *path, last = key.split(".")
    node = params
    for part in path:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[last] = value


_IMMUTABLE = frozenset({str, int, bool, type(None)})


def _copy(value):
    """A deep copy of JSON-shaped data at a third of ``copy.deepcopy``'s cost (every gate
    copies the parameters, issue 15 §1): a new dict or list at every level, the immutable
    leaves as they are, anything else deep-copied as usual. Unlike ``deepcopy``, a list held
    in two places (the defaults' ``_ANY_POST``) becomes two lists: the copy shares nothing."""
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in _IMMUTABLE else _copy(item) for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _IMMUTABLE else _copy(item) for item in value]
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


def configured() -> dict:
    """The parameters as configured: the rules' defaults (``defaults.DEFAULTS``), each key
    replaced by ``settings.SAHIH_POLICY``'s where the deployment sets it. A copy the caller
    may change."""
    from .defaults import DEFAULTS

    return _copy({**DEFAULTS, **getattr(settings, "SAHIH_POLICY", {})})


def parameters(rows=None) -> dict:
    """The parameters in force: ``configured()``, overlaid with the administrator's.

    A PolicyParameter's key names a top-level parameter (``min_years_in_post``) or, with
    dots, one entry inside a nested one (``override_roles.vacancy``, ``bup_ages.default``).
    ``rows``: the (key, value) pairs in key order, when already read (``Facts.preload``).
    """
    from ..models import PolicyParameter

    params = configured()
    if rows is None:
        rows = PolicyParameter.objects.order_by("key").values_list("key", "value")
    for key, value in rows:
        _set_dotted(params, key, value)
    return params


def code_modules() -> list:
    """The modules whose source makes the rule set: the engine, the facts, the date and
    working-day arithmetic, and every module of the rules package (all registered rules)."""
    from . import dates, facts, rules

    modules = {sys.modules[__name__], dates, facts, sys.modules["personnel.workdays"], rules}
    modules |= {inspect.getmodule(registered.check) for registered in RULES.values()}
    modules |= {m for name, m in sys.modules.items() if name.startswith(rules.__name__ + ".")}
    return sorted(modules, key=lambda m: m.__name__)


@functools.cache
def _code_digest() -> str:
    """SHA-256 over the source of ``code_modules()``: a changed rule makes a new version."""
    digest = hashlib.sha256()
    for module in code_modules():
        digest.update(module.__name__.encode())
        digest.update(inspect.getsource(module).encode())
    return digest.hexdigest()


def version(params: dict) -> str:
    digest = hashlib.sha256(_code_digest().encode() + canonical.dumps(params).encode()).hexdigest()
    return digest[:12]


@dataclass(frozen=True)
class Evaluation:
    version: str
    findings: list[Finding]

    @property
    def blocks(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == BLOCK]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARN]


def evaluate(
    proposal: Proposal, *, stage: str, on: date | None = None, params: dict | None = None, facts=None
) -> Evaluation:
    """Run every rule that applies to the proposal's kind. Reads only: no side effects.

    ``on`` is the day of the evaluation (today unless a test or report says otherwise);
    ``facts`` may be passed in when the caller has already loaded them in bulk.
    """
    from .facts import Facts

    on = _today(on)
    facts = facts or Facts(proposal, on)
    return next(evaluate_each([proposal], stage=stage, params=params, facts=facts))


def _today(on: date | None) -> date:
    from django.utils import timezone

    return on or timezone.localdate()


def evaluate_each(
    proposals: Iterable[Proposal], *, stage: str, facts, params: dict | None = None
) -> Iterable[Evaluation]:
    """``evaluate`` for many proposals over the same facts (loaded in bulk for all of them):
    one evaluation per proposal, each exactly what ``evaluate`` gives for it alone, with the
    version and the rule order worked out once (placement ranks a whole registry so). The
    day is the facts' (``facts.on``)."""
    params = parameters() if params is None else params
    rule_set = version(params)
    ordered = sorted(RULES.values(), key=lambda r: (r.number, r.id))
    for proposal in proposals:
        findings: list[Finding] = []
        for registered in ordered:
            if proposal.kind not in registered.kinds:
                continue
            targets = proposal.items if registered.per_item else [None]
            for item in targets:
                result = registered.check(
                    proposal=proposal, item=item, facts=facts, params=params, stage=stage
                )
                if result is None:
                    continue
                findings.extend([result] if isinstance(result, Finding) else result)
        yield Evaluation(version=rule_set, findings=findings)
