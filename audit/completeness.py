"""What the chain cannot see by itself: events missing from the tail, events rewritten with
every later hash recomputed, and protection switched off.

- the high-water mark (models.LedgerHead) must equal the last event: a mark past it means
  events were removed from the tail;
- the witness log (witness.py) must agree with every event it saw;
- the application's records (claims.py) must each find their event;
- the triggers must be in force (protection.py).

Each finding is a problem dict (scan.message), with ``seq`` the first event it puts in
doubt where one can be named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Subquery

from . import claims, protection, witness
from .models import GENESIS_HASH, Event, LedgerHead
from .scan import gettext_noop, message, problem


@dataclass
class Findings:
    problems: list[dict] = field(default_factory=list)
    mark: int | None = None
    witnessed: dict[int, str] = field(default_factory=dict)
    claims: int = 0
    protection: list[str] = field(default_factory=list)
    witness_first: int | None = None

    def covered(self, first: int, last: int) -> bool:
        """Whether the witness holds every event from ``first`` to ``last``."""
        return all(seq in self.witnessed for seq in range(first, last + 1))


def tail() -> tuple[int, int | None, str]:
    """The last event's number and the high-water mark (number, hash), read in ONE statement:
    one snapshot, so appends committing meanwhile cannot make them disagree (two reads under
    READ COMMITTED reported "events were removed" while a checkpoint ran beside live appends)."""
    last = Event.objects.order_by("-seq").values("seq")[:1]
    row = LedgerHead.objects.annotate(last=Subquery(last)).values_list("last", "seq", "hash").first()
    if row is None:  # no mark yet (an emptied database, or one older than the mark)
        return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0, None, ""
    return row[0] or 0, row[1], row[2]


def examine(*, head: int, mark: tuple[int | None, str], witness_dir: Path | None) -> Findings:
    """``head`` and ``mark`` as ``tail()`` read them together."""
    found = Findings(protection=protection.problems())
    mark, mark_hash = mark
    found.mark = mark
    last_hash = (
        Event.objects.filter(seq=head).values_list("hash", flat=True).first() if head else GENESIS_HASH
    )
    if mark is not None and mark == head and last_hash != mark_hash:
        found.problems.append(
            message(
                gettext_noop(
                    "event #%(head)s is not the event the high-water mark recorded: the tail was rewritten "
                    "and its hashes recomputed"
                ),
                head=head,
            )
        )
    if mark is not None and mark > head:
        removed = gettext_noop(
            "events #%(seq)s–#%(mark)s were removed: the ledger's high-water mark is #%(mark)s but its "
            "last event is #%(head)s"
        )
        found.problems.append(problem(head + 1, removed, mark=mark, head=head))
    elif mark is not None and mark < head:
        behind = gettext_noop(
            "event #%(seq)s is past the high-water mark #%(mark)s: it was inserted around the application, "
            "or the mark was lowered"
        )
        found.problems.append(problem(mark + 1, behind, mark=mark))
    found.witnessed, witness_problems = witness.load(witness_dir)
    found.problems += witness_problems
    if found.witnessed:
        rows = Event.objects.order_by("seq").values_list("seq", "hash").iterator(chunk_size=10000)
        differs = witness.compare(found.witnessed, rows)
        if differs is not None:
            found.witness_first = differs["seq"]
            found.problems.append(differs)
    unmet, found.claims = claims.check(head)
    if unmet is not None:
        found.problems.append(unmet)
    if found.protection:
        found.problems.append(
            message(
                gettext_noop("the ledger's protection is not in force: %(what)s"),
                what="; ".join(found.protection),
            )
        )
    return found
