"""The ledger's one table.

An event's ``body`` is its canonical JSON (see canonical.py) and is what the hash covers:
``hash = SHA-256(prev_hash as 32 raw bytes || body as UTF-8)``. The other columns repeat
parts of the body so the ledger can be searched; audit_verify checks that they agree.
No column refers to another table: the ledger outlives every other model and nothing cascades
into it. The database refuses UPDATE, DELETE and TRUNCATE (see the migrations).
"""

from __future__ import annotations

import json
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class LedgerIsAppendOnly(Exception):
    """Raised when code tries to change or remove a ledger event."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerIsAppendOnly("ledger events cannot be changed")

    def delete(self):
        raise LedgerIsAppendOnly("ledger events cannot be deleted")


class Event(models.Model):
    seq = models.BigIntegerField(_("sequence"), primary_key=True)
    at = models.DateTimeField(_("recorded at"), db_index=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=40)
    actor_username = models.CharField(_("actor"), max_length=150, blank=True, db_index=True)
    body = models.TextField(_("canonical body"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger event")
        verbose_name_plural = _("ledger events")
        indexes = [models.Index(fields=["object_type", "object_id", "seq"])]
        # Only what the ledger needs; Django's default change/delete permissions would be lies.
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerIsAppendOnly("ledger events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("ledger events cannot be deleted")

    @cached_property
    def content(self) -> dict:
        """The body as data: what the inspector reads (the hashed truth, not the columns)."""
        return json.loads(self.body)

    @property
    def actor(self) -> dict | None:
        return self.content.get("actor")

    @property
    def data(self) -> dict:
        return self.content.get("data", {})


class LedgerHead(models.Model):
    """The highest sequence number ever appended, and that event's hash: one row, moved
    forward in the same transaction as every append and never back (triggers refuse a lower
    ``seq``, a DELETE and a TRUNCATE). Numbering continues from it, so events removed from
    the tail leave a visible gap instead of being silently renumbered, and verification
    compares it with the ledger's last row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(_("sequence"), default=0)
    hash = models.CharField(_("hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("ledger high-water mark")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"#{self.seq}"
