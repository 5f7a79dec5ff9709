"""The ledger codes this app records, in one place (for the event registry)."""

from __future__ import annotations

FEEDBACK_RECEIVED = "feedback.received"
FEEDBACK_TRIAGED = "feedback.triaged"
FEEDBACK_UNIT_RESPONDED = "feedback.unit_responded"
FEEDBACK_CLOSED = "feedback.closed"
FEEDBACK_REMINDED = "feedback.reminded"
FEEDBACK_ESCALATED = "feedback.escalated"

CODES = (
    FEEDBACK_RECEIVED,
    FEEDBACK_TRIAGED,
    FEEDBACK_UNIT_RESPONDED,
    FEEDBACK_CLOSED,
    FEEDBACK_REMINDED,
    FEEDBACK_ESCALATED,
)
