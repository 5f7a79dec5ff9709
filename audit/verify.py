"""Verifying the ledger: every hash, link, sequence number and column, against the checkpoints.

One pass over the rows (audit/scan.py) checks the chain and computes the Merkle root at the
head and at every checkpoint's size. Large ledgers are cut into aligned ranges of 2**k events
checked by worker processes, each with its own connection: a range needs nothing from the
others except the hashes just before it, and the Merkle peaks of aligned ranges combine
into the whole tree's (docs/ledger.md, "Verification").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext

from . import sources
from .merkle import Peaks, root_from_peaks
from .models import GENESIS_HASH, Event
from .protection import installed as protection_installed  # noqa: F401 - re-exported
from .scan import gettext_noop, message

DEFAULT = object()
# Ranges of 2**17 events: big enough that a worker's setup is noise, small enough to share
# a million events fairly between a few processes.
CHUNK = 2**17
PARALLEL_FROM = 2 * CHUNK


def in_language(found: dict | None) -> str:
    """A problem from the scan or a checkpoint in the reader's language (the templates are in the catalogue)."""
    if not found:
        return ""
    text = gettext(found["template"]) % found["params"]
    return f"{found['checkpoint']}: {text}" if found.get("checkpoint") else text


@dataclass(frozen=True)
class CheckpointResult:
    name: str
    ok: bool
    size: int | None = None
    at: str = ""
    problem: str = ""  # in English, for logs and the API
    found: dict | None = field(default=None, repr=False)  # the same, translatable

    @property
    def problem_text(self) -> str:
        return in_language(self.found)

    @property
    def signed_at(self) -> datetime | None:
        return datetime.fromisoformat(self.at) if self.at else None


@dataclass(frozen=True)
class LedgerReport:
    ok: bool
    entries: int
    head: str
    root: str = ""
    first_bad_seq: int | None = None
    problem: str = ""  # in English, for logs and the API
    checkpoints: list[CheckpointResult] = field(default_factory=list)
    found: dict | None = field(default=None, repr=False)  # the same, translatable
    mark: int | None = None  # the high-water mark: the highest sequence number ever appended
    witnessed: int = 0  # events the witness log holds
    claims: int = 0  # records of the application checked for their event
    protection: list[str] = field(default_factory=list)  # what weakens the triggers now
    problems: list[str] = field(default_factory=list)  # every problem found, first first

    @property
    def problem_text(self) -> str:
        return in_language(self.found)

    def as_dict(self) -> dict:
        """The shape of ``GET /api/audit/verify/``: problems in English, without the templates."""
        shape = asdict(self)
        for part in (shape, *shape["checkpoints"]):
            del part["found"]
        return shape


# Kept for callers of the first version.
ChainReport = LedgerReport


def verify_ledger(
    *,
    checkpoint_dir: Path | str | None | object = DEFAULT,
    public_key: bytes | None = None,
    workers: int | None = None,
    chunk: int = CHUNK,
    parallel_from: int = PARALLEL_FROM,
    merkle: bool | None = None,
    witness_dir: Path | str | None | object = DEFAULT,
    completeness: bool = True,
) -> LedgerReport:
    """Check the whole ledger and every checkpoint in ``checkpoint_dir`` (None: none), and
    -- unless ``completeness`` is off -- the high-water mark, the witness log in
    ``witness_dir``, the application's records and the protection (completeness.py).

    The Merkle root at the head is computed when there are checkpoints or ``merkle`` asks
    for it; otherwise the report's ``root`` is empty.
    """
    from . import checkpoints as cp
    from . import completeness as more
    from . import witness

    head, mark, mark_hash = more.tail()
    directory = cp.checkpoint_dir() if checkpoint_dir is DEFAULT else checkpoint_dir
    loaded = cp.load_checkpoints(directory) if directory is not None else []
    if loaded and public_key is None:
        public_key = cp.public_key_raw(cp.private_key(create=False)) if cp.key_path().exists() else b""
    marks = sorted({doc["size"] for _name, doc, _why in loaded if doc and 0 < doc["size"] <= head})
    merkle = bool(loaded) if merkle is None else merkle
    result = _scan(head, marks, merkle, workers=workers, chunk=chunk, parallel_from=parallel_from)
    if not merkle:
        result["root"] = ""
    findings = None
    if completeness:
        witnesses = witness.directory() if witness_dir is DEFAULT else witness_dir
        findings = more.examine(
            head=head, mark=(mark, mark_hash), witness_dir=Path(witnesses) if witnesses else None
        )
    return _report(result, loaded, public_key or b"", cp.signature_valid, findings)


def verify_chain(*, batch_size: int = 0) -> LedgerReport:
    """The chain alone: no checkpoints, witness, records or protection (the first version's
    entry point)."""
    return verify_ledger(checkpoint_dir=None, completeness=False)


# --- scanning ------------------------------------------------------------------------------


def _source() -> dict | None:
    """How a worker process reaches this database, or None when it cannot (in-memory)."""
    table = Event._meta.db_table
    if connection.vendor == "postgresql":
        params = {
            key: value
            for key, value in connection.get_connection_params().items()
            if isinstance(value, str | int) and key not in {"cursor_factory", "context"}
        }
        return {"vendor": "postgresql", "params": params, "table": table}
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return {"vendor": "sqlite", "name": str(connection.settings_dict["NAME"]), "table": table}
    return None


def _worker_count(workers: int | None) -> int:
    configured = workers or getattr(settings, "SAHIH_LEDGER_VERIFY_WORKERS", 0)
    return max(1, configured or os.cpu_count() or 1)


def _scan(head: int, marks: list[int], merkle: bool, *, workers, chunk, parallel_from) -> dict:
    """The scan results of all ranges, stitched together."""
    if chunk < 1 or chunk & (chunk - 1):
        raise ValueError("ranges must hold a power of two of events")
    source, count = _source(), _worker_count(workers)
    if head < parallel_from or count == 1 or source is None or connection.in_atomic_block:
        # In-process: small ledgers, one worker, in-memory databases, uncommitted rows (tests).
        return _stitch([_in_process(head, marks, merkle)])
    bounds = [
        [lo, min(lo + chunk, head), [m for m in marks if lo < m <= lo + chunk]]
        for lo in range(0, head, chunk)
    ]
    return _stitch(_run_workers(source, bounds, merkle, min(count, len(bounds))))


def _run_workers(source: dict, bounds: list, merkle: bool, count: int) -> list[dict]:
    """Scan the ranges in ``count`` child processes (range i goes to process i mod count)."""
    root = str(Path(sources.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    children = []
    for index in range(count):
        errors = tempfile.TemporaryFile()  # a file, not a pipe: a chatty child cannot block on it
        child = subprocess.Popen(  # noqa: S603 - our own interpreter running our own module
            [sys.executable, "-m", "audit.sources"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            cwd=root,
        )
        job = {"source": source, "merkle": merkle, "ranges": bounds[index::count]}
        child.stdin.write(json.dumps(job).encode())
        child.stdin.close()
        children.append((child, errors))
    results: list[dict | None] = [None] * len(bounds)
    for index, (child, errors) in enumerate(children):
        with child.stdout:
            output = child.stdout.read()
        failed = child.wait() != 0
        errors.seek(0)
        message = errors.read().decode(errors="replace")[-2000:]
        errors.close()
        if failed:
            raise RuntimeError(f"ledger verification worker failed: {message}")
        for offset, result in enumerate(json.loads(output)):
            results[index + offset * count] = sources.from_json(result)
    return results


def _in_process(head: int, marks: list[int], merkle: bool) -> dict:
    connection.ensure_connection()
    table = Event._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW DateStyle")
            iso = cursor.fetchone()[0].upper().startswith("ISO")
        at_sql = sources.PG_AT if iso else sources.PG_AT_ANY_DATESTYLE
        pgconn = connection.connection.pgconn
        return sources.scan_range("postgresql", pgconn, table, 0, head, marks, merkle, at_sql)
    cursor = connection.connection.cursor()
    try:
        return sources.scan_range("sqlite", cursor, table, 0, head, marks, merkle)
    finally:
        cursor.close()


def _stitch(parts: list[dict]) -> dict:
    """Combine aligned ranges: the first problem, the last good hash, the root at every mark.

    Ranges are checked independently, so everything after the first range with a problem is
    ignored: the report speaks about the longest prefix that is sound.
    """
    chunk_peaks = Peaks()
    entries, head, marks, found, last_peaks = 0, GENESIS_HASH, {}, None, []
    for index, part in enumerate(parts):
        for size, (digest, peaks) in part["marks"].items():
            marks[size] = (digest, root_from_peaks(chunk_peaks.hashes + peaks).hex())
        entries, head, found = part["start"] + part["count"], part["last_hash"], part["problem"]
        if found is not None or index == len(parts) - 1:
            last_peaks = part["peaks"]
            break
        if part["peaks"]:  # a full aligned range: one complete subtree (none without Merkle)
            chunk_peaks.add(part["peaks"][0])
    root = root_from_peaks(chunk_peaks.hashes + last_peaks).hex()
    return {"entries": entries, "head": head, "root": root, "marks": marks, "problem": found}


# --- judging the checkpoints ---------------------------------------------------------------


def _report(result: dict, loaded, public_key: bytes, signature_valid, findings=None) -> LedgerReport:
    found = result["problem"]
    first_bad = found["seq"] if found else None
    worst = found  # the problem reported for the ledger: the earliest one
    entries = result["entries"]
    results: list[CheckpointResult] = []
    everything = [found] if found else []
    vouched = 0  # events proven unchanged by a checkpoint that still matches
    for name, document, why in sorted(loaded, key=lambda item: (item[1] or {}).get("size", -1)):
        if document is None:
            results.append(CheckpointResult(name=name, ok=False, problem=why["text"], found=why))
            everything.append(why)
            continue
        size, at = document["size"], document.get("at", "")
        wrong, bad_seq = _judge(document, result, public_key, signature_valid, found, vouched, findings)
        if wrong:
            results.append(
                CheckpointResult(name=name, ok=False, size=size, at=at, problem=wrong["text"], found=wrong)
            )
            named = {**wrong, "text": f"{name}: {wrong['text']}", "checkpoint": name, "seq": bad_seq}
            everything.append(named)
            earlier = bad_seq is not None and (first_bad is None or bad_seq < first_bad)
            if earlier or not worst:
                worst = named
            if earlier:
                first_bad = bad_seq
        else:
            results.append(CheckpointResult(name=name, ok=True, size=size, at=at))
            vouched = max(vouched, size)
    for extra in findings.problems if findings else []:
        everything.append(extra)
        seq = extra.get("seq")
        earlier = seq is not None and (first_bad is None or seq < first_bad)
        if earlier or not worst:
            worst = extra
        if earlier:
            first_bad = seq
    ok = not everything and all(item.ok for item in results)
    return LedgerReport(
        ok=ok,
        entries=entries,
        head=result["head"],
        root=result["root"] if found is None else "",
        first_bad_seq=first_bad,
        problem=worst["text"] if worst else "",
        checkpoints=results,
        found=worst,
        mark=findings.mark if findings else None,
        witnessed=len(findings.witnessed) if findings else 0,
        claims=findings.claims if findings else 0,
        protection=findings.protection if findings else [],
        problems=[item["text"] for item in sorted(everything, key=lambda item: item.get("seq") or 2**62)],
    )


def _judge(
    document, result, public_key, signature_valid, found, vouched, findings=None
) -> tuple[dict | None, int | None]:
    """What is wrong with one checkpoint, and the first sequence number it puts in doubt."""
    if not public_key:
        return message(gettext_noop("no public key to check the signature with")), None
    if not signature_valid(document, public_key):
        return message(gettext_noop("the signature does not verify (forged or altered checkpoint)")), None
    size = document["size"]
    if found is not None and found["seq"] <= size:
        return message(gettext_noop("not comparable: the chain breaks at #%(seq)s"), seq=found["seq"]), None
    if size > result["entries"]:
        removed = gettext_noop(
            "covers %(size)s events but the ledger ends at #%(entries)s: events #%(first)s–#%(size)s were removed"
        )
        first = result["entries"] + 1
        return message(removed, size=size, entries=result["entries"], first=first), first
    if size == 0:
        return None, None
    digest, root = result["marks"].get(size, ("", ""))
    if digest != document["head"] or root != document["root"]:
        first = vouched + 1
        named = findings.witness_first if findings else None
        # The witness log names the event: everything before it matches its witness lines.
        if named is not None and first <= named <= size and findings.covered(first, named - 1):
            differs = gettext_noop(
                "the ledger's first %(size)s events differ from the signed checkpoint: event #%(seq)s is the "
                "first that differs (the witness log holds its original hash)"
            )
            return message(differs, size=size, seq=named), named
        rewritten = gettext_noop(
            "the ledger's first %(size)s events differ from the signed checkpoint "
            "(rewritten somewhere in #%(first)s–#%(size)s)"
        )
        return message(rewritten, size=size, first=first), first
    return None, None
