"""A fresh demo has public statistics to show and feedback at each step of its route."""

from __future__ import annotations

from public import demo, statistics
from public.models import Feedback
from tests.personnel.conftest import _demo_for_module  # noqa: F401  (the demo, seeded once)


def test_the_demo_has_feedback_and_enough_decisions_for_every_statistics_table(_demo_for_module, db):  # noqa: F811
    assert demo.seed_decisions() == demo.TRANSFERS
    assert demo.seed_feedback() == len(demo.FEEDBACK)
    assert set(Feedback.objects.values_list("status", flat=True)) == {
        "received",
        "with_unit",
        "closing",
        "closed",
    }
    tables = statistics.compute()["tables"]
    assert all(tables[name] for name in ("decisions", "durations", "stages", "retirements", "vacancies"))
    # A second run adds nothing.
    assert (demo.seed_decisions(), demo.seed_feedback()) == (0, 0)
