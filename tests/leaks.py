"""Where a secret must never end up, searched for real: every column of every table (the
ledger included), every stored file, every captured log record, every text an exception
gives (its message, its traceback, Django's error report with the frames' variables)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.views.debug import ExceptionReporter


def in_database(value: str) -> list[str]:
    """``table.column`` of every cell holding ``value`` (text, JSON or bytes)."""
    needle, found = value.encode(), []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 -- names from the catalogue
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, cell in zip(columns, row, strict=True):
                    raw = bytes(cell) if isinstance(cell, (bytes, memoryview)) else str(cell).encode()
                    if needle in raw:
                        found.append(f"{table}.{column}")
    return found


def in_files(value: str, root: Path | None = None) -> list[str]:
    """Every file under MEDIA_ROOT (stored decrees, attachments) holding ``value``."""
    root = Path(root or settings.MEDIA_ROOT)
    needle = value.encode()
    return [str(path) for path in root.rglob("*") if path.is_file() and needle in path.read_bytes()]


def in_logs(value: str, records: Iterable[logging.LogRecord]) -> list[str]:
    found = []
    for record in records:
        texts = [record.getMessage(), repr(record.args), record.exc_text or ""]
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
        if any(value in text for text in texts):
            found.append(f"{record.name}: {record.getMessage()[:80]}")
    return found


def in_exception(value: str, error: BaseException) -> list[str]:
    """What an exception shows anywhere: str, repr, args, the formatted chain, and the error
    report Django would mail or show (its HTML form lists every frame's local variables)."""
    reporter = ExceptionReporter(None, type(error), error, error.__traceback__)
    # The report trims long values; the variables are searched whole, as its filter gives them.
    variables = [
        repr(value)
        for frame in reporter.get_traceback_frames()
        for _name, value in reporter.filter.get_traceback_frame_variables(None, frame["tb"].tb_frame)
    ]
    texts = {
        "str": str(error),
        "repr": repr(error),
        "args": repr(error.args),
        "traceback": "".join(traceback.format_exception(error)),
        "report": reporter.get_traceback_text() + reporter.get_traceback_html() + "".join(variables),
    }
    return [name for name, text in texts.items() if value in text]
