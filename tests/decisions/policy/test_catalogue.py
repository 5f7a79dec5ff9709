"""docs/rules.md lists every registered rule, with the number, kinds and basis it runs with."""

from __future__ import annotations

from pathlib import Path

from decisions.models import CaseKind
from decisions.policy import rules  # noqa: F401  (registers the catalogue)
from decisions.policy.engine import RULES

DOC = Path(__file__).resolve().parents[3] / "docs" / "rules.md"


def catalogue_rows() -> dict[str, dict]:
    """The table of docs/rules.md by rule id: number, kinds, basis."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 7 or not cells[1].startswith("`"):
            continue
        number, rule_id, _title, kinds, _severity, basis, _module = cells
        rows[rule_id.strip("`")] = {
            "number": int(number),
            "kinds": set(CaseKind.values) if kinds == "all kinds" else {k.strip() for k in kinds.split(",")},
            "basis": basis,
        }
    return rows


def test_every_registered_rule_is_in_the_catalogue_with_its_number_kinds_and_basis():
    rows = catalogue_rows()
    for rule in RULES.values():
        assert rule.id in rows, f"docs/rules.md does not list the rule {rule.id}"
        row = rows[rule.id]
        assert row["number"] == rule.number, rule.id
        assert row["kinds"] == set(rule.kinds), rule.id
        assert row["basis"] == rule.basis, rule.id
    assert set(rows) == set(RULES), "docs/rules.md lists rules that are not registered"
