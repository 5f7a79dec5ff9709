"""The holiday calendar read once per decision (issue 15 §1): ``read_once`` answers exactly what
the table says, from one read of its span, and reads the table as usual outside it."""

from __future__ import annotations

from datetime import date

from personnel.holidays import PublicHoliday, holidays_between, read_once

# Far from the days the migrations load, so the table holds only these around them.
NEW_YEAR = date(2031, 1, 1)
IDUL_FITRI = date(2031, 1, 24)
LATER = date(2031, 3, 3)


def _calendar():
    for day in (NEW_YEAR, IDUL_FITRI, LATER):
        PublicHoliday.objects.create(date=day, name=f"Libur {day}")


def test_within_its_span_every_lookup_is_answered_from_one_read(db, django_assert_num_queries):
    _calendar()
    with read_once(date(2030, 12, 20), date(2031, 2, 10)):
        with django_assert_num_queries(1):
            assert holidays_between(date(2031, 1, 1), date(2031, 1, 31)) == {NEW_YEAR, IDUL_FITRI}
            assert holidays_between(date(2030, 12, 20), date(2030, 12, 31)) == set()
            assert holidays_between(date(2031, 1, 2), date(2031, 1, 24)) == {IDUL_FITRI}
            assert holidays_between(NEW_YEAR, NEW_YEAR) == {NEW_YEAR}


def test_a_lookup_beyond_the_span_reads_the_table(db, django_assert_num_queries):
    _calendar()
    with read_once(date(2030, 12, 20), date(2031, 2, 10)):
        with django_assert_num_queries(1):
            assert holidays_between(date(2031, 1, 1), date(2031, 3, 31)) == {NEW_YEAR, IDUL_FITRI, LATER}


def test_nothing_is_kept_after_the_block(db, django_assert_num_queries):
    _calendar()
    with read_once(date(2030, 12, 20), date(2031, 2, 10)):
        assert holidays_between(date(2031, 1, 1), date(2031, 1, 31)) == {NEW_YEAR, IDUL_FITRI}
    PublicHoliday.objects.filter(date=IDUL_FITRI).delete()
    with django_assert_num_queries(1):
        assert holidays_between(date(2031, 1, 1), date(2031, 1, 31)) == {NEW_YEAR}
    with read_once(date(2030, 12, 20), date(2031, 2, 10)):
        assert holidays_between(date(2031, 1, 1), date(2031, 1, 31)) == {NEW_YEAR}
