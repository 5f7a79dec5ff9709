"""What the rule modules share: groups of case kinds, the finding builder, small readers of
case data. Case-data keys the rules read are named here, once."""

from __future__ import annotations

from audit import canonical
from personnel.models import Position

from ...documents.words import parse_day
from ...models import CaseKind
from ..engine import Finding

K = CaseKind
APPOINTMENTS = frozenset(
    {K.APPOINTMENT_STRUCTURAL, K.APPOINTMENT_FUNCTIONAL, K.APPOINTMENT_JPT, K.TRANSFER_IN}
)
MOVES = frozenset({K.TRANSFER, *APPOINTMENTS})
EXTERNAL_TRANSFERS = frozenset({K.TRANSFER_IN, K.TRANSFER_OUT})
DISMISSALS = frozenset(
    {
        K.DISMISSAL_RETIREMENT,
        K.DISMISSAL_OWN_REQUEST,
        K.DISMISSAL_DEATH,
        K.DISMISSAL_DISCIPLINE,
        K.DISMISSAL_UNFIT,
    }
)
PERSONNEL_ACTIONS = frozenset({*MOVES, K.TRANSFER_OUT, *DISMISSALS, K.APPOINTMENT_PNS})

STRUCTURAL = frozenset(Position.STRUCTURAL_KINDS)

# Case.data keys (the forms of each route fill them).
FUNCTIONAL_ROUTE = "functional_route"  # how a JF is entered (PermenPANRB 1/2023):
ROUTE_FIRST = "pengangkatan_pertama"  # first appointment
ROUTE_TRANSFER = "perpindahan"  # from another post into the JF
ROUTE_ADJUSTMENT = "penyesuaian"  # inpassing
ROUTE_PROMOTION = "promosi"
RESTRUCTURING = "restructuring"  # true: the JF transfer follows a restructuring (1 year suffices)
PRESIDENTIAL_EXCEPTION = "presidential_exception"  # JPT over the age limit
JPT_EXCEPTION = "jpt_exception"  # JPT replaced within 2 years: law broken / requirements lost
MINISTER_APPROVAL_NUMBER = "minister_approval_number"
MINISTER_APPROVAL_DATE = "minister_approval_date"
PERTEK_NUMBER = "pertek_number"
PERTEK_DATE = "pertek_date"
FINAL_ISSUER = "final_issuer"  # who issues the SK of an inter-region transfer
COMMITTEE_RECOMMENDED = "committee_recommended"  # Tim Penilai Kinerja's recommendation
SHORTLIST = "shortlist"  # the selection panel's best three (NIPs), JPT
COMPETENCY_TEST = "competency_test"  # JF competency test result
REQUEST_DATE = "request_date"  # APS: the date of the written request
POSTPONED_UNTIL = "postponed_until"  # APS: the end of the postponement

SIGNING = "signing"


def finding(
    rule_id: str,
    severity: str,
    *,
    item=None,
    params: dict,
    title,
    message,
    basis: str,
    fix,
    facts: dict,
    justification_required: bool = False,
) -> Finding:
    """A finding of ``rule_id``, with the roles its parameters let override it. Facts are
    stored as JSON (dates as ISO strings), exactly as the ledger and the API carry them."""
    roles = tuple(params.get("override_roles", {}).get(rule_id, ()))
    return Finding(
        rule=rule_id,
        severity=severity,
        title=str(title),
        message=str(message),
        basis=basis,
        fix=str(fix),
        facts=canonical.normalise(facts),
        item=item.number if item is not None else None,
        override_roles=roles,
        justification_required=justification_required,
    )


def filled(data: dict, key: str) -> bool:
    return data.get(key) not in (None, "", [], {}, False)


def data_date(data: dict, key: str):
    return parse_day(data.get(key))


def functional_route(proposal) -> str:
    return str(proposal.data.get(FUNCTIONAL_ROUTE) or "")


def is_structural(position) -> bool:
    return position is not None and position.kind in STRUCTURAL


def kind_of(position) -> str | None:
    return position.kind if position is not None else None


def enters_new_kind(item) -> bool:
    """Whether the item puts the employee into a kind of post they do not hold now (a
    promotion, or a move into a JF): the requirements of that kind apply in full."""
    target = item.to_position
    return target is not None and kind_of(item.current_position) != target.kind
