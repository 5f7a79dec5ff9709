"""Reading the ledger fast, for scan.py: batches of columns, straight from the database.

PostgreSQL sends each batch of 4096 events as one row in binary COPY: one ``string_agg``
of every event's columns joined by the unit separator, so Python splits one string per
batch and slices the columns out instead of handling every event (a separator inside a
value only makes a batch fall back to the exact row-by-row path). SQLite sends a
``group_concat`` per column. Worker processes run ``python -m audit.sources``
with a JSON job on stdin: plain child processes never fork a process holding threads and
connections, nor re-import the caller's main module, as multiprocessing would.
"""

from __future__ import annotations

import codecs
import json
import os
import sqlite3
import struct
import sys
from collections.abc import Iterator, Sequence
from functools import partial

from .scan import GENESIS, Scanner

BATCH = 4096
# Benchmarks only (bench/ledger.py): a file where each worker appends the CPU seconds it and
# its PostgreSQL server process spent, read from /proc (a server on the same machine).
CPU_LOG = "SAHIH_VERIFY_CPU_LOG"
COLUMNS = (
    "seq::text",
    "prev_hash",
    "hash",
    "action",
    "object_type",
    "object_id",
    "actor_username",
    "{at}",
    "body",
)
# ISO text of the UTC time (DateStyle ISO); to_char would cost the server twice as much.
PG_AT = "replace((at AT TIME ZONE 'UTC')::text, ' ', 'T')"
PG_AT_ANY_DATESTYLE = "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
SQLITE_AT = "replace(at, ' ', 'T')"
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00"
_SEPARATOR = b"\x1f"


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_copy(pgconn, query: str) -> Iterator[bytes]:
    """The CopyData messages of ``COPY (query) TO STDOUT`` on a libpq connection."""
    from psycopg import pq

    pgconn.send_query(query.encode())
    result = pgconn.get_result()
    if result.status != pq.ExecStatus.COPY_OUT:
        message = result.error_message.decode(errors="replace")
        while pgconn.get_result() is not None:
            pass
        raise RuntimeError(f"cannot read the ledger: {message}")
    finished = False
    try:
        while True:
            size, data = pgconn.get_copy_data(0)
            if size < 0:
                finished = True
                return
            yield bytes(data)  # psycopg may hand out a memoryview
    finally:
        while not finished and pgconn.get_copy_data(0)[0] >= 0:  # drain a COPY left early
            pass
        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.COMMAND_OK:
                raise RuntimeError(result.error_message.decode(errors="replace"))


def _with_seqs(first, last, count, columns: list[list[bytes]]) -> list[list[bytes]]:
    """Prepend the seq column. A batch's sequence numbers are unique (the primary key), so
    its minimum, maximum and count tell whether they are exactly first..last; if not, the
    empty column sends the batch to the exact path."""
    if first is None or count != last - first + 1:
        return [[], *columns]
    return [list(map(b"%d".__mod__, range(first, last + 1))), *columns]


def pg_batches(pgconn, table: str, lo: int, hi: int, at_sql: str = PG_AT) -> Iterator[list[list[bytes]]]:
    """Events ``lo < seq <= hi`` as batches of nine columns (binary COPY, one row per batch).

    Each batch is one string: every event's eight columns joined by the unit separator, and
    the events joined by it too, so Python splits once and slices the columns out with a
    step of eight. One aggregate over one concatenation costs the server about a third
    less than an aggregate per column, and the client one split instead of eight. A
    separator inside a value (canonical JSON never holds one raw) changes the count of
    pieces: the batch then goes to the exact path."""
    row = f"concat_ws(E'\\x1f', {', '.join(c.format(at=at_sql) for c in COLUMNS[1:])})"
    aggregates = ["min(seq)::text", "max(seq)::text", "count(*)::text", f"string_agg({row}, E'\\x1f')"]
    # One row per batch: an ordered index range scan feeds the aggregate (integers and a
    # constant table name only are interpolated).
    ranges = f"generate_series({int(lo)}, {int(hi) - 1}, {BATCH}) AS g(lo)"
    events = (
        f"SELECT * FROM {table} WHERE seq > g.lo AND seq <= least(g.lo + {BATCH}, {int(hi)}) ORDER BY seq"  # noqa: S608
    )
    query = f"COPY (SELECT b.* FROM {ranges}, LATERAL (SELECT {', '.join(aggregates)} FROM ({events}) e) b) TO STDOUT (FORMAT binary)"  # noqa: S608
    width = len(COLUMNS) - 1
    for message in _pg_copy(pgconn, query):
        if message.startswith(_BINARY_HEADER):
            (extension,) = struct.unpack_from("!I", message, 15)
            message = message[19 + extension :]
        if message[:2] == b"\xff\xff":  # the trailer
            continue
        offset, fields = 2, []
        for _ in range(struct.unpack_from("!h", message)[0]):
            (length,) = struct.unpack_from("!i", message, offset)
            offset += 4
            fields.append(message[offset : offset + length] if length >= 0 else None)
            offset += max(length, 0)
        first, last, count = (int(value) if value is not None else None for value in fields[:3])
        pieces = fields[3].split(_SEPARATOR) if fields[3] else []
        if count is None or len(pieces) != width * count:
            yield [[] for _ in COLUMNS]  # a separator in a value: the exact path decides
            continue
        yield _with_seqs(first, last, count, [pieces[column::width] for column in range(width)])


def _copy_unescape(field: bytes) -> bytes:
    # COPY's text format writes only \\, \b, \f, \n, \r, \t and \v, all of which Python's
    # escape decoder reads back the same way.
    return codecs.escape_decode(field)[0] if b"\\" in field else field


def pg_rows(pgconn, table: str, lo: int, hi: int, at_sql: str = PG_AT) -> Iterator[list[bytes]]:
    """Events ``lo < seq <= hi`` one row at a time (text COPY), for the exact path."""
    columns = ", ".join(c.format(at=at_sql) for c in COLUMNS)
    query = f"COPY (SELECT {columns} FROM {table} WHERE seq > {int(lo)} AND seq <= {int(hi)} ORDER BY {table}.seq) TO STDOUT"  # noqa: S608
    for line in _pg_copy(pgconn, query):
        fields = line[:-1].split(b"\t", 8)
        yield [_copy_unescape(field) for field in fields] if b"\\" in line else fields


def pg_hash(pgconn, table: str, seq: int) -> bytes | None:
    rows = list(_pg_copy(pgconn, f"COPY (SELECT hash FROM {table} WHERE seq = {int(seq)}) TO STDOUT"))  # noqa: S608
    return rows[0][:-1] if rows else None


# --- SQLite -----------------------------------------------------------------------------------


def sqlite_rows(cursor, table: str, lo: int, hi: int) -> Iterator[tuple]:
    columns = ", ".join(f"CAST({c.replace('::text', '').format(at=SQLITE_AT)} AS BLOB)" for c in COLUMNS)
    cursor.execute(f"SELECT {columns} FROM {table} WHERE seq > ? AND seq <= ? ORDER BY {table}.seq", (lo, hi))  # noqa: S608
    while rows := cursor.fetchmany(BATCH):
        yield from rows


def sqlite_batches(cursor, table: str, lo: int, hi: int) -> Iterator[list[list[bytes]]]:
    aggregates = ["min(seq)", "max(seq)", "count(*)"]
    aggregates += [f"CAST(group_concat({c.format(at=SQLITE_AT)}, char(10)) AS BLOB)" for c in COLUMNS[1:]]
    query = (
        f"SELECT {', '.join(aggregates)} FROM (SELECT * FROM {table} WHERE seq > ? AND seq <= ? ORDER BY seq)"  # noqa: S608
    )
    for start in range(lo, hi, BATCH):
        first, last, count, *columns = cursor.execute(query, (start, min(start + BATCH, hi))).fetchone()
        yield _with_seqs(first, last, count, [value.split(b"\n") if value else [] for value in columns])


def sqlite_hash(cursor, table: str, seq: int) -> bytes | None:
    row = cursor.execute(f"SELECT hash FROM {table} WHERE seq = ?", (seq,)).fetchone()  # noqa: S608
    return row[0].encode() if row else None


# --- one range --------------------------------------------------------------------------------


def scan_range(
    kind: str,
    handle,
    table: str,
    lo: int,
    hi: int,
    marks: Sequence[int] = (),
    merkle: bool = True,
    at_sql: str = PG_AT,
) -> dict:
    """Check events ``lo < seq <= hi`` over an open connection (``kind``: postgresql/sqlite).

    On PostgreSQL ``at_sql`` renders the time; the default needs DateStyle ISO.
    """
    if kind == "postgresql":
        batches, rows, fetch_hash = (
            partial(pg_batches, at_sql=at_sql),
            partial(pg_rows, at_sql=at_sql),
            pg_hash,
        )
    else:
        batches, rows, fetch_hash = sqlite_batches, sqlite_rows, sqlite_hash
    before = before2 = None
    if lo > 0:
        # What the first event must link to (a missing one is reported by the range before).
        before = fetch_hash(handle, table, lo) or b"-"
        before2 = fetch_hash(handle, table, lo - 1) if lo > 1 else GENESIS
    scanner = Scanner(start=lo, before=before, before2=before2, marks=marks, merkle=merkle)
    position = lo
    while position < hi and scanner.found is None:
        doubtful = None
        stream = batches(handle, table, position, hi)
        try:
            for index, columns in enumerate(stream):
                batch_lo = position + index * BATCH
                if not scanner.batch(columns):
                    doubtful = (batch_lo, min(batch_lo + BATCH, hi))
                    break
        finally:
            stream.close()  # PostgreSQL: the COPY must end before another query
        if doubtful is None:
            break
        scanner.rows(rows(handle, table, *doubtful))  # the exact path for this batch only
        position = doubtful[1]
    if scanner.found is None and scanner.last < hi:
        scanner.rows(rows(handle, table, scanner.last, hi))
    if scanner.found is None and scanner.last < hi:
        scanner.found = {"seq": scanner.last + 1, "text": f"event #{scanner.last + 1} is missing"}
    return scanner.result()


def scan_source(source: dict, lo: int, hi: int, marks: Sequence[int] = (), merkle: bool = True) -> dict:
    """Open a connection from ``source`` (what verify.py hands a worker) and scan a range."""
    table = source["table"]
    if source["vendor"] == "postgresql":
        import psycopg

        with psycopg.connect(**source["params"], autocommit=True) as conn:
            conn.execute("SET jit = off")  # compiling costs more than it saves on these scans
            conn.execute("SET DateStyle TO ISO")
            result = scan_range("postgresql", conn.pgconn, table, lo, hi, marks, merkle)
            if os.environ.get(CPU_LOG):
                note_cpu(os.environ[CPU_LOG], conn.info.backend_pid)
            return result
    conn = sqlite3.connect(source["name"])
    try:
        return scan_range("sqlite", conn.cursor(), table, lo, hi, marks, merkle)
    finally:
        conn.close()


def process_cpu(pid: int) -> float | None:
    """User and system CPU seconds of process ``pid`` so far (Linux), or None."""
    try:
        with open(f"/proc/{int(pid)}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def note_cpu(path: str, backend_pid: int) -> None:
    """Append this worker's CPU seconds so far and its server process's to ``path``."""
    line = {"pid": os.getpid(), "client": process_cpu(os.getpid()), "server": process_cpu(backend_pid)}
    with open(path, "a") as log:
        log.write(json.dumps(line) + "\n")


# --- the worker process -----------------------------------------------------------------------


def to_json(result: dict) -> dict:
    return {
        **result,
        "peaks": [peak.hex() for peak in result["peaks"]],
        "marks": {
            str(size): [digest, [p.hex() for p in peaks]] for size, (digest, peaks) in result["marks"].items()
        },
    }


def from_json(result: dict) -> dict:
    return {
        **result,
        "peaks": [bytes.fromhex(peak) for peak in result["peaks"]],
        "marks": {
            int(size): (digest, [bytes.fromhex(p) for p in peaks])
            for size, (digest, peaks) in result["marks"].items()
        },
    }


def main() -> None:
    """Read {"source", "merkle", "ranges": [[lo, hi, marks], ...]} on stdin; print the results."""
    job = json.load(sys.stdin)
    results = [
        to_json(scan_source(job["source"], lo, hi, marks, job["merkle"])) for lo, hi, marks in job["ranges"]
    ]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
