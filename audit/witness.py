"""The witness log: every event's sequence number and hash, kept outside the database.

Right after each transaction that appended events commits, their ``seq hash`` lines are
appended to a file in ``SAHIH_LEDGER_WITNESS_DIR`` (one file per block of 2**17 events and
app server). A database owner who rewrites an event -- even recomputing every later hash --
or removes events, cannot change what the witness already holds: verification names the
first event whose hash differs from its witness line, or that was witnessed and is gone.

So the window a rewrite can hide in is no longer "since the last checkpoint" but "between an
event's commit and its witness line" -- a moment, unless the write failed (it is logged) or
the machine crashed before the line reached the disk. Like the checkpoints, the directory
protects only if the database's administrators cannot write it: put it on another machine
or storage with retention (docs/ledger.md, "The witness log").
"""

from __future__ import annotations

import logging
import os
import re
import socket
from pathlib import Path

from django.conf import settings

from .scan import gettext_noop, problem

logger = logging.getLogger(__name__)

BLOCK = 2**17
LINE = re.compile(r"^(\d+) ([0-9a-f]{64})$")


def directory() -> Path | None:
    configured = getattr(settings, "SAHIH_LEDGER_WITNESS_DIR", None)
    return Path(configured) if configured else None


def _file(base: Path, seq: int) -> Path:
    host = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname()) or "host"
    return base / f"witness-{(seq - 1) // BLOCK:06d}-{host}.log"


def write(entries: list[tuple[int, str]]) -> None:
    """Append ``(seq, hash)`` lines (after commit). Never raises: the decision is made."""
    base = directory()
    if base is None or not entries:
        return
    by_file: dict[Path, list[str]] = {}
    for seq, digest in entries:
        by_file.setdefault(_file(base, seq), []).append(f"{seq} {digest}\n")
    try:
        base.mkdir(parents=True, exist_ok=True)
        for path, lines in by_file.items():
            # O_APPEND and one write: lines from concurrent processes never interleave.
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(descriptor, "".join(lines).encode("ascii"))
            finally:
                os.close(descriptor)
    except OSError:
        logger.exception("ledger witness not written for events #%s-#%s", entries[0][0], entries[-1][0])


def load(base: Path | None) -> tuple[dict[int, str], list[dict]]:
    """Every witnessed ``seq -> hash`` in ``base`` (None: no witness), and the problems of
    the witness itself."""
    witnessed: dict[int, str] = {}
    problems: list[dict] = []
    if base is None or not base.is_dir():
        return witnessed, problems
    for path in sorted(base.glob("witness-*.log")):
        for text in path.read_text(encoding="ascii", errors="replace").splitlines():
            match = LINE.match(text)
            if match is None:
                continue  # a line cut by a crash; the next one is whole
            seq, digest = int(match.group(1)), match.group(2)
            if witnessed.setdefault(seq, digest) != digest:
                problems.append(
                    problem(seq, gettext_noop("event #%(seq)s: two witness lines give it different hashes"))
                )
    return witnessed, problems


def compare(witnessed: dict[int, str], rows) -> dict | None:
    """The first event (by sequence number) that differs from its witness line, or that was
    witnessed and is no longer in the ledger. ``rows`` are ``(seq, hash)`` in order."""
    if not witnessed:
        return None
    expected = iter(sorted(witnessed.items()))
    pending = next(expected, None)
    for seq, digest in rows:
        if pending is not None and pending[0] < seq:
            return problem(
                pending[0], gettext_noop("event #%(seq)s was witnessed when it was appended but is missing")
            )
        if pending is not None and pending[0] == seq:
            if pending[1] != digest:
                return problem(
                    seq,
                    gettext_noop(
                        "event #%(seq)s was changed: its hash differs from the one witnessed when it was "
                        "appended"
                    ),
                )
            pending = next(expected, None)
    if pending is not None:
        return problem(
            pending[0], gettext_noop("event #%(seq)s was witnessed when it was appended but is missing")
        )
    return None
