"""The performance rule on the calendar's awkward days, through the service and the API: a
decision asks for the ratings already set on its own date, never for a year not yet rated."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from decisions.policy import PolicyBlocked
from decisions.services import ItemInput, case_create
from personnel.models import PositionHistory, SkpRating
from workflows.services import case_submit

JUSTIFICATION = "Mutasi mendesak; predikat kinerja 2026 baru ditetapkan akhir Januari."
REASON = "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja BPKAD."


def on(day: date):
    """The clock stopped at 09:00 in the region on ``day``."""
    return time_machine.travel(
        datetime.combine(day, time(9), tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=False
    )


def rate(employee, *years):
    """Only these years rated good, and in post since 2022 (whatever the real day is)."""
    employee.position_since = date(2022, 1, 3)
    employee.save(update_fields=["position_since"])
    PositionHistory.objects.filter(employee=employee).update(start=employee.position_since)
    SkpRating.objects.filter(employee=employee).delete()
    SkpRating.objects.bulk_create(SkpRating(employee=employee, year=y, rating="baik") for y in years)


def transfer(city, tmt: date):
    return case_create(
        actor=city.clerk,
        kind="transfer",
        items=[ItemInput(employee=city.subject, to_position=city.target)],
        effective_date=tmt,
        reason=REASON,
    )


@pytest.mark.parametrize("day", [date(2026, 12, 2), date(2026, 12, 31)])
def test_a_december_submission_of_a_january_transfer_is_not_blocked_by_next_years_rating(city, day):
    """Issue 11 §1: a transfer decided in December with its TMT in January needs the 2024 and
    2025 ratings, set by then (PermenPANRB 6/2022; PP 11/2017 Ps. 54) -- not a 2026 one."""
    rate(city.subject, 2024, 2025)
    with on(day):
        case = case_submit(case_id=transfer(city, date(2027, 1, 4)).pk, actor=city.clerk)
    assert case.status == "in_review"
    assert [f["rule"] for f in case.evaluations.get().findings] == []


def test_in_january_a_missing_rating_of_last_year_must_be_justified_at_submission(city):
    """Until 31 January the 2026 rating may still be set (SAHIH_POLICY skp_rating_due,
    PermenPANRB 6/2022): a warning that needs a written justification, then the case goes on."""
    rate(city.subject, 2024, 2025)
    with on(date(2027, 1, 12)):
        draft = transfer(city, date(2027, 2, 1))
        with pytest.raises(PolicyBlocked) as raised:
            case_submit(case_id=draft.pk, actor=city.clerk)
        assert raised.value.code == "justification_required"
        assert raised.value.extra["unjustified"] == ["performance#1"]
        case = case_submit(case_id=draft.pk, actor=city.clerk, overrides={"performance#1": JUSTIFICATION})
    assert case.status == "in_review"
    assert case.overrides.get().justification == JUSTIFICATION


def test_after_the_deadline_the_missing_rating_blocks_at_submission(city):
    """From 1 February the 2026 rating must be on record: a block, fixed by recording it."""
    rate(city.subject, 2024, 2025)
    with on(date(2027, 2, 1)):
        draft = transfer(city, date(2027, 3, 1))
        with pytest.raises(PolicyBlocked) as raised:
            case_submit(case_id=draft.pk, actor=city.clerk)
        assert raised.value.extra["unresolved"] == ["performance#1"]
        SkpRating.objects.create(employee=city.subject, year=2026, rating="sangat_baik")
        assert case_submit(case_id=draft.pk, actor=city.clerk).status == "in_review"


def test_the_live_check_reports_the_grace_period_warning(api, city):
    """POST /api/policy/check/ on 15 January 2027: the 2026 rating is pending, not demanded."""
    rate(city.subject, 2024, 2025)
    body = {
        "kind": "transfer",
        "effective_date": "2027-02-01",
        "items": [{"employee": city.subject.nip, "target_position": city.target.code}],
    }
    with on(date(2027, 1, 15)):
        response = api(city.clerk).post("/api/policy/check/", body, format="json")
    assert response.status_code == 200, response.json()
    [finding] = response.json()["findings"]
    assert (finding["rule"], finding["severity"], finding["justification_required"]) == (
        "performance",
        "warn",
        True,
    )
    assert finding["facts"]["pending"] == 2026 and finding["facts"]["pending_due"] == "2027-01-31"
