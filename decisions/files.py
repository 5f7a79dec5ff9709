"""Files that belong to rows of a transaction: written before it, removed if it does not commit.

Writing to storage can be slow (a network disk, an object store), and a file written inside
the transaction that holds the case row locked keeps everyone else waiting on that case for
as long. So the services write a file *before* their transaction (``FieldFile.save`` with
``save=False``: no row yet) and open the transaction around ``removed_on_failure``: if the
transaction raises, it rolled back, and the file goes with it.

Why not write after the commit (``transaction.on_commit``)? The row would then name a file
that does not exist yet, and a process that dies between the commit and the write leaves a
decree or an attachment without its content, which nothing can make again (the signed PDF and
the upload are in memory only). A file without a row, the other way round, is harmless and
is not left behind. Django has no on-rollback hook; hence the block around the *outermost*
transaction: the caller that opens the transaction also owns its files.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.fields.files import FieldFile

log = logging.getLogger(__name__)


def remove(file: FieldFile) -> None:
    """Delete the file from its storage; a failure is logged, not raised (the caller is
    already handling the error that made the file useless)."""
    if not file.name:
        return
    try:
        file.storage.delete(file.name)
    except OSError:
        log.exception("could not remove %s after a rollback", file.name)


@contextmanager
def removed_on_failure(*files: FieldFile) -> Iterator[None]:
    """Around the outermost transaction that saves the rows naming ``files`` (already written):
    if the block raises, the transaction did not commit, so the files are removed."""
    try:
        yield
    except BaseException:
        for file in files:
            remove(file)
        raise
