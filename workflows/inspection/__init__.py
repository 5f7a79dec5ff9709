"""The inspector workspace's reads: search, a case's timeline and its state "as of" any
moment (rebuilt from the ledger alone), evidence bundles, and the record of every read.

It lives in workflows because it joins the ledger (audit, which imports nothing) with cases
(decisions) and their routes. docs/inspection.md describes what each view shows.
"""

from .access import check_may_inspect, may_inspect
from .bundles import Export, export_cases
from .history import CaseHistory, case_history, differences, parse_as_of
from .records import EXPORTED, SEARCHED, VIEWED, record_search, record_view
from .replay import NOT_RECORDED, CaseState, Replay
from .search import (
    SearchForm,
    case_for_inspection,
    described,
    parse_search,
    search_cases,
    units_with_cases,
    with_rows,
)

__all__ = [
    "EXPORTED",
    "NOT_RECORDED",
    "SEARCHED",
    "VIEWED",
    "CaseHistory",
    "CaseState",
    "Export",
    "Replay",
    "SearchForm",
    "case_for_inspection",
    "case_history",
    "check_may_inspect",
    "described",
    "differences",
    "export_cases",
    "may_inspect",
    "parse_as_of",
    "parse_search",
    "record_search",
    "record_view",
    "search_cases",
    "units_with_cases",
    "with_rows",
]
