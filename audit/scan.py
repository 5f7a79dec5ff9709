"""The fast pass over the ledger: hashes, links, sequence, columns and Merkle peaks.

Kept free of Django so worker processes start cheaply (see sources.py). Events arrive in
batches of columns -- nine lists of byte strings: seq, prev_hash, hash, action, object_type,
object_id, actor_username, at ("YYYY-MM-DDTHH:MM:SS.ffffff", UTC) and body -- so almost all
work runs in C through ``map``: a batch that passes every check costs little more than its
SHA-256s. A batch that fails any check is scanned again row by row (``Scanner.rows``),
which finds the first bad event and says what is wrong with it (docs/ledger.md,
"Verification").
"""

from __future__ import annotations

import binascii
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import add, methodcaller, not_, sub

try:  # CPython's built-in SHA-256 costs less per call than OpenSSL's on 33- and 65-byte inputs
    from _sha2 import sha256 as _small_sha256  # Python >= 3.12
except ImportError:  # pragma: no cover - depends on the interpreter
    try:
        from _sha256 import sha256 as _small_sha256  # Python 3.11
    except ImportError:
        _small_sha256 = hashlib.sha256

GENESIS = b"0" * 64
_DIGEST = methodcaller("digest")


def gettext_noop(template: str) -> str:
    """Mark a message for Django's catalogue (makemessages finds it) without importing Django."""
    return template


def message(template: str, **params) -> dict:
    """What is wrong, in English for logs and the API, and as template and values to translate."""
    return {"text": template % params, "template": template, "params": params}


def problem(seq: int, template: str, **params) -> dict:
    """What is wrong with event ``seq`` (the template names it as ``%(seq)s``)."""
    return {"seq": seq, **message(template, seq=seq, **params)}


# --- single events (the exact, slow path) -----------------------------------------------------


def _decode_at(text) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def column_problem(seq: int, action, object_type, object_id, username, at, body) -> dict | None:
    """Which column disagrees with the hashed body, if any (parses the body)."""
    try:
        content = json.loads(body)
    except ValueError:
        return problem(seq, gettext_noop("event #%(seq)s: the body is not JSON"))
    if not isinstance(content, dict):
        return problem(seq, gettext_noop("event #%(seq)s: the body is not a JSON object"))
    actor = content.get("actor") if isinstance(content.get("actor"), dict) else {}
    checks = (
        ("seq", content.get("seq") == seq),
        ("action", content.get("action") == action.decode()),
        ("object", content.get("object") == {"type": object_type.decode(), "id": object_id.decode()}),
        ("actor", (actor.get("username") or "") == username.decode()),
        ("at", _decode_at(content.get("at")) == _decode_at(at.decode()) is not None),
    )
    wrong = [name for name, ok in checks if not ok]
    if not wrong:
        return None
    return problem(
        seq,
        gettext_noop("event #%(seq)s: the %(columns)s column disagrees with the hashed body"),
        columns=", ".join(wrong),
    )


def broken_link(seq: int, prev_b: bytes, prev_prev: bytes | None, hash_b: bytes, body: bytes) -> dict:
    """Why the row stored as ``seq`` does not link to the one before it: name the culprit."""
    if seq > 1 and prev_b == prev_prev:
        return problem(
            seq - 1,
            gettext_noop("event #%(seq)s was inserted: event #%(next)s links past it"),
            next=seq,
        )
    try:
        recorded_seq = json.loads(body).get("seq")
    except (ValueError, AttributeError):
        recorded_seq = None
    if isinstance(recorded_seq, int) and recorded_seq != seq:
        return problem(
            seq,
            gettext_noop(
                "event #%(seq)s is missing or moved: the row stored as #%(seq)s is the event recorded as #%(recorded)s"
            ),
            recorded=recorded_seq,
        )
    try:
        self_consistent = (
            binascii.hexlify(hashlib.sha256(binascii.unhexlify(prev_b) + body).digest()) == hash_b
        )
    except (binascii.Error, ValueError):
        self_consistent = False
    if self_consistent and seq > 1:
        return problem(
            seq - 1,
            gettext_noop("event #%(seq)s was changed: event #%(next)s recorded another hash for it"),
            next=seq,
        )
    return problem(seq, gettext_noop("event #%(seq)s does not link to event #%(before)s"), before=seq - 1)


def _full_time(at: bytes) -> bytes:
    """PostgreSQL and Django drop trailing zeros of the fraction; the body always has six."""
    return at + b".000000" if len(at) == 19 else (at + b"00000")[:26]


def columns_agree(bodies, actions, object_types, object_ids, usernames, ats, seqs) -> bool:
    """Whether every body has exactly its columns' values where canonical JSON puts them.

    True proves agreement for valid canonical bodies (docs/ledger.md explains why); False
    only means "look row by row". Every step is a ``map`` over the batch.
    """
    plain = b"".join(actions) + b"".join(object_types) + b"".join(object_ids) + b"".join(usernames)
    if b'"' in plain or b"\\" in plain or b"\n" in plain:
        return False
    if set(map(len, ats)) != {26}:
        ats = [at if len(at) == 26 else _full_time(at) for at in ats]
    if not all(
        map(
            bytes.startswith,
            bodies,
            map(b"".join, zip(repeat(b'{"action":"'), actions, repeat(b'","actor":'))),
        )
    ):
        return False
    suffixes = zip(
        repeat(b',"object":{"id":"'),
        object_ids,
        repeat(b'","type":"'),
        object_types,
        repeat(b'"},"seq":'),
        seqs,
        repeat(b',"v":1}'),
        strict=False,
    )
    if not all(map(bytes.endswith, bodies, map(b"".join, suffixes))):
        return False
    actor_at = list(map(add, repeat(21), map(len, actions)))  # len('{"action":""') + len('","actor":')
    # Events without an actor: "null" and then the time.
    nobody = list(map(not_, usernames))
    expected = map(b"".join, zip(repeat(b'null,"at":"'), compress(ats, nobody), repeat(b'+00:00","data":')))
    if not all(map(bytes.startswith, compress(bodies, nobody), expected, compress(actor_at, nobody))):
        return False
    # Events with an actor: a flat object whose last member is the username, then the time.
    named = list(compress(bodies, usernames))
    if not named:
        return True
    starts = list(compress(actor_at, usernames))
    at_keys = list(map(bytes.find, named, repeat(b',"at":"'), starts))
    names = list(compress(usernames, usernames))
    tails = zip(
        repeat(b'"username":"'),
        names,
        repeat(b'"},"at":"'),
        compress(ats, usernames),
        repeat(b'+00:00","data":'),
    )
    return (
        min(at_keys) > 0
        and all(map(bytes.startswith, named, repeat(b"{"), starts))
        and set(map(bytes.count, named, repeat(b"{"), starts, at_keys)) == {1}
        and all(
            map(
                bytes.startswith,
                named,
                map(b"".join, tails),
                map(sub, at_keys, map(add, repeat(14), map(len, names))),
            )
        )
    )


# --- the scanner ------------------------------------------------------------------------------


class Scanner:
    """Walks consecutive events after ``start``, keeping the chain's and the tree's state."""

    def __init__(
        self,
        *,
        start: int = 0,
        before: bytes | None = None,
        before2: bytes | None = None,
        marks: Sequence[int] = (),
        merkle: bool = True,
    ):
        self.start = self.last = start
        self.prev_hex = before if before is not None else GENESIS
        self.prev_prev = before2
        try:
            self.prev_raw = binascii.unhexlify(self.prev_hex)
        except (binascii.Error, ValueError):
            self.prev_raw = b""
        self.merkle = merkle
        self.stack: list[bytes] = []
        self.wanted = sorted((m for m in marks if m > start), reverse=True)
        self.snapshots: dict[int, tuple[str, list[bytes]]] = {}
        self.found: dict | None = None

    # The tree: peaks of complete subtrees, merged as the count of leaves grows.
    def _push(self, node: bytes, width: int) -> None:
        self.stack.append(node)
        units = (self.last - self.start) // width
        while not units & 1:
            right = self.stack.pop()
            self.stack[-1] = _small_sha256(b"\x01" + self.stack[-1] + right).digest()
            units >>= 1

    def batch(self, columns: Sequence[list[bytes]]) -> bool:
        """Check a batch given as columns; False (nothing consumed) on any doubt: the caller
        then passes the same events to ``rows()``. The seq column must be consecutive
        numbers (sources.py derives it from the batch's minimum, maximum and count)."""
        if self.found is not None:
            return True
        seqs, prevs, hashes, actions, object_types, object_ids, usernames, ats, bodies = columns
        count = len(bodies)
        digests = None
        if (
            count
            and all(len(column) == count for column in columns)
            and int(seqs[0]) == self.last + 1
            and int(seqs[-1]) == self.last + count  # sources give consecutive numbers or none
            and prevs[0] == self.prev_hex
            and prevs[1:] == hashes[:-1]
        ):
            digests = list(
                map(_DIGEST, map(hashlib.sha256, map(add, map(binascii.unhexlify, prevs), bodies)))
            )
            if list(map(binascii.hexlify, digests)) != hashes or not columns_agree(
                bodies, actions, object_types, object_ids, usernames, ats, seqs
            ):
                digests = None
        if digests is None:
            return False
        first = self.last
        if self.merkle:
            self._tree(first, digests, hashes)
        self.last = first + count
        self.prev_prev = hashes[-2] if count > 1 else self.prev_hex
        self.prev_hex, self.prev_raw = hashes[-1], digests[-1]
        return True

    def _tree(self, first: int, digests: list[bytes], hashes: list[bytes]) -> None:
        count = len(digests)
        level = list(map(_DIGEST, map(_small_sha256, map(add, repeat(b"\x00"), digests))))
        aligned = count & (count - 1) == 0 and (first - self.start) % count == 0
        marks = []
        while self.wanted and self.wanted[-1] <= first + count:
            marks.append(self.wanted.pop())
        if not aligned:
            for offset, leaf in enumerate(level):
                self.last = first + offset + 1
                self._push(leaf, 1)
                if marks and marks[0] == self.last:
                    self.snapshots[marks.pop(0)] = (hashes[offset].decode(), list(self.stack))
            return
        levels = [level]
        while len(level) > 1:
            level = list(
                map(
                    _DIGEST, map(_small_sha256, map(add, repeat(b"\x01"), map(add, level[0::2], level[1::2])))
                )
            )
            levels.append(level)
        for mark in marks:
            within, offset, peaks = mark - first, 0, list(self.stack)
            for height in range(len(levels) - 1, -1, -1):
                if within >> height & 1:
                    peaks.append(levels[height][offset >> height])
                    offset += 1 << height
            self.snapshots[mark] = (hashes[mark - first - 1].decode(), peaks)
        self.last = first + count
        self._push(level[0], count)

    def rows(self, rows: Iterable[Sequence[bytes]]) -> None:
        """The exact path: one event at a time, stopping at the first problem."""
        sha, hexlify = hashlib.sha256, binascii.hexlify
        for row in rows:
            if self.found is not None:
                return
            expected = self.last + 1
            if len(row) != 9:
                self.found = problem(expected, gettext_noop("event #%(seq)s: the row cannot be read"))
                return
            seq_b, prev_b, hash_b, action, object_type, object_id, username, at, body = row
            seq = int(seq_b)
            if seq != expected:
                self.found = problem(
                    expected,
                    gettext_noop("event #%(seq)s is missing (the next stored event is #%(next)s)"),
                    next=seq,
                )
                return
            if prev_b != self.prev_hex:
                self.found = broken_link(seq, prev_b, self.prev_prev, hash_b, body)
                if self.found["seq"] < seq:  # the event before is to blame: it is not sound
                    self.last, self.prev_hex = self.last - 1, self.prev_prev or GENESIS
                return
            digest = sha(self.prev_raw + body).digest()
            if hexlify(digest) != hash_b:
                self.found = problem(seq, gettext_noop("event #%(seq)s: the hash does not match its content"))
                return
            if not columns_agree([body], [action], [object_type], [object_id], [username], [at], [seq_b]):
                wrong = column_problem(seq, action, object_type, object_id, username, at, body)
                if wrong:
                    self.found = wrong
                    return
            self.last = seq
            if self.merkle:
                self._push(_small_sha256(b"\x00" + digest).digest(), 1)
                if self.wanted and self.wanted[-1] == seq:
                    self.snapshots[self.wanted.pop()] = (hash_b.decode(), list(self.stack))
            self.prev_prev, self.prev_hex, self.prev_raw = self.prev_hex, hash_b, digest

    def result(self) -> dict:
        return {
            "start": self.start,
            "count": self.last - self.start,
            "last_hash": self.prev_hex.decode(),
            "peaks": self.stack,
            "marks": self.snapshots,
            "problem": self.found,
        }


def scan(rows: Iterable[Sequence[bytes]], **options) -> dict:
    """Check rows (nine byte strings each) one by one; see ``Scanner`` for the options."""
    scanner = Scanner(**options)
    scanner.rows(rows)
    return scanner.result()
