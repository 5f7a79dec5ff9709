"""The arithmetic a retirement decree states for PT TASPEN, and the dates the law derives: pure
functions, checked against the published figures they come from."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from decisions import pension
from decisions.documents.texts.common import first_pay_day
from decisions.documents.words import number_words
from decisions.policy.dates import survivors_pension_start

# The lowest and highest basic salary of every golongan as published with PP 5/2024 (ranges
# reported from its Lampiran, e.g. bisnis.com 30-01-2024 and tribunnews 14-03-2024).
PUBLISHED_RANGES = {
    "I/a": (1685700, 2522600),
    "I/b": (1840800, 2670700),
    "I/c": (1918700, 2783700),
    "I/d": (1999900, 2901400),
    "II/a": (2184000, 3643400),
    "II/b": (2385000, 3797500),
    "II/c": (2485900, 3958200),
    "II/d": (2591100, 4125600),
    "III/a": (2785700, 4575200),
    "III/b": (2903600, 4768800),
    "III/c": (3026400, 4970500),
    "III/d": (3154400, 5180700),
    "IV/a": (3287800, 5399900),
    "IV/b": (3426900, 5628300),
    "IV/c": (3571900, 5866400),
    "IV/d": (3723000, 6114500),
    "IV/e": (3880400, 6373200),
}


@pytest.mark.parametrize("golongan", PUBLISHED_RANGES)
def test_the_salary_table_spans_the_published_range_of_each_golongan_and_rises_at_every_step(golongan):
    """PP 5/2024 (Perubahan Kesembilan Belas atas PP 7/1977), Lampiran."""
    steps, amounts = pension._SALARIES[golongan]
    assert (amounts[0], amounts[-1]) == PUBLISHED_RANGES[golongan]
    assert list(amounts) == sorted(set(amounts))
    assert len(steps) == len(amounts)


def test_the_basic_salary_is_the_one_of_the_last_step_reached():
    assert pension.basic_salary("III/d", 0) == 3154400
    assert pension.basic_salary("III/d", 27) == pension.basic_salary("III/d", 26) == 4720500
    assert pension.basic_salary("III/d", 40) == 5180700  # past the last step
    assert pension.basic_salary("II/b", 2) == 2385000  # rows of II/b start at 3 years


def _compute(**kwargs):
    values = {
        "birth_date": date(1968, 2, 10),
        "tmt_cpns": date(1994, 3, 1),
        "golongan": "III/d",
        "rank_since": date(2022, 4, 1),
        "mkg_at_rank": (24, 0),
        "bup_age": 58,
        "starts": date(2026, 3, 1),
    }
    return pension.compute(**{**values, **kwargs})


def test_the_pension_is_two_and_a_half_percent_a_year_of_the_last_basic_salary_at_most_75_percent():
    """UU 11/1969 Pasal 11 ayat (1) huruf a: 2.5% of the pension base per year of service, at
    most 75%; the base is the last basic salary, by golongan and service in grade."""
    result = _compute()
    assert result.service == (32, 0)
    assert result.mkg == (27, 11)  # 24 years on 1 April 2022, and 3 years 11 months since
    assert result.last_salary == 4720500
    assert result.percent == 75
    assert result.amount == 3540375
    assert (result.bup_birthday, result.starts) == (date(2026, 2, 10), date(2026, 3, 1))


def test_a_shorter_career_earns_its_share_and_half_a_year_counts_as_a_year_where_configured(settings):
    """UU 11/1969 Pasal 11 ayat (1); counting six months or more as a year is a setting [R]."""
    result = _compute(tmt_cpns=date(2005, 9, 1))  # 20 years 6 months
    assert result.service == (20, 6)
    assert result.percent == 52.5
    settings.SAHIH_DECREE = {**settings.SAHIH_DECREE, "pension": {"round_half_year_up": False}}
    assert _compute(tmt_cpns=date(2005, 9, 1)).percent == 50


def test_the_pension_is_never_below_the_lowest_basic_salary(settings):
    """UU 11/1969 Pasal 11 ayat (1) huruf c: not less than the lowest basic salary of the salary
    regulation in force (I/a at 0 years under PP 5/2024), unless the region sets another floor."""
    low = _compute(golongan="I/a", tmt_cpns=date(2016, 3, 1), rank_since=date(2016, 3, 1), mkg_at_rank=(0, 0))
    assert low.percent == 25 and low.last_salary == 1968400  # 25% of it is Rp492.100
    assert low.amount == 1685700
    settings.SAHIH_DECREE = {**settings.SAHIH_DECREE, "pension": {"minimum": 1748100}}
    assert (
        _compute(
            golongan="I/a", tmt_cpns=date(2016, 3, 1), rank_since=date(2016, 3, 1), mkg_at_rank=(0, 0)
        ).amount
        == 1748100
    )


def test_without_the_service_in_grade_there_is_no_salary_to_state():
    result = _compute(mkg_at_rank=None)
    assert not result.complete and result.amount is None and result.percent == 75


def _member(relation, name, born, **extra):
    return SimpleNamespace(
        relation=relation,
        name=name,
        birth_date=born,
        marriage_date=extra.get("married_on"),
        ended_on=extra.get("ended_on"),
        married=extra.get("married", False),
        earning=extra.get("earning", False),
    )


def test_the_spouse_and_the_children_under_25_unmarried_and_without_income_are_entitled():
    """UU 11/1969 Pasal 18: a child is entitled until 25, while unmarried and without an income
    of their own; a spouse while the marriage lasts."""
    on = date(2026, 3, 1)
    family = [
        _member("child", "Genap Dua Puluh Lima", date(2001, 3, 1)),
        _member("child", "Putri", date(2003, 9, 9)),
        _member("child", "Menikah", date(2004, 1, 1), married=True),
        _member("child", "Bekerja", date(2005, 1, 1), earning=True),
        _member("wife", "Rosmawati", date(1971, 6, 3), married_on=date(1995, 8, 20)),
        _member("wife", "Bercerai", date(1970, 1, 1), ended_on=date(1994, 1, 1)),
        _member("child", "Bungsu", date(2010, 5, 5)),
    ]
    lines = pension.entitled(family, on)
    assert [(line.relation, line.name) for line in lines] == [
        ("Istri", "Rosmawati"),
        ("Anak", "Putri"),
        ("Anak", "Bungsu"),
    ]
    assert lines[0].marriage_date == date(1995, 8, 20)


@pytest.mark.parametrize(
    ("died", "starts"),
    [
        (date(2026, 11, 18), date(2026, 12, 1)),
        (date(2026, 11, 1), date(2026, 12, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
    ],
)
def test_the_survivors_pension_and_the_dismissal_on_death_start_the_next_month(died, starts):
    """UU 11/1969 Pasal 24: the survivors' pension is paid from the month after the death."""
    assert survivors_pension_start(died) == starts


@pytest.mark.parametrize(
    ("tmt", "holidays", "pay"),
    [
        (date(2026, 3, 1), set(), date(2026, 3, 1)),
        (date(2026, 3, 16), set(), date(2026, 4, 1)),
        (date(2026, 12, 31), set(), date(2027, 1, 1)),
        (date(2027, 1, 4), {date(2027, 1, 1)}, date(2027, 1, 1)),  # Fri 1 Jan a holiday, then a weekend
        (date(2027, 1, 5), {date(2027, 1, 1)}, date(2027, 2, 1)),
    ],
)
def test_pay_follows_a_change_from_the_first_day_of_a_month(tmt, holidays, pay):
    """Perka BKN 31/2007 (structural) and 39/2007 (functional allowances): paid from the month
    after the inauguration, or its own month when it falls on the 1st or, the 1st being a
    holiday, on the next working day."""
    assert first_pay_day(tmt, lambda start, end: holidays) == pay


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (58, "lima puluh delapan"),
        (11, "sebelas"),
        (100, "seratus"),
        (1001, "seribu satu"),
        (3540375, "tiga juta lima ratus empat puluh ribu tiga ratus tujuh puluh lima"),
    ],
)
def test_amounts_are_written_in_words_as_legal_texts_do(n, words):
    assert number_words(n) == words


def test_amounts_are_written_in_rupiah():
    assert pension.rupiah(3540375) == "Rp3.540.375,00"
