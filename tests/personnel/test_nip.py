from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from personnel.models import Employee, Rank
from personnel.nip import NipError, format_nip, mask_nip, parse_nip

no_deadline = settings(deadline=None, max_examples=150)


@pytest.mark.parametrize(
    "raw, value, birth, tmt, gender, serial",
    [
        ("19860926 201505 1 001", "198609262015051001", date(1986, 9, 26), date(2015, 5, 1), "1", 1),
        ("198609262015051001", "198609262015051001", date(1986, 9, 26), date(2015, 5, 1), "1", 1),
        (" 19860926.201505.2.017 ", "198609262015052017", date(1986, 9, 26), date(2015, 5, 1), "2", 17),
        ("19860926-201505-1-999", "198609262015051999", date(1986, 9, 26), date(2015, 5, 1), "1", 999),
        ("19900101 200801 1 001", "199001012008011001", date(1990, 1, 1), date(2008, 1, 1), "1", 1),
        ("19900102 200802 2 001", "199001022008022001", date(1990, 1, 2), date(2008, 2, 1), "2", 1),
        ("20000229 201803 1 001", "200002292018031001", date(2000, 2, 29), date(2018, 3, 1), "1", 1),
    ],
)
def test_a_valid_nip_parses_into_its_parts(raw, value, birth, tmt, gender, serial):
    nip = parse_nip(raw)
    assert (nip.value, nip.birth_date, nip.tmt_cpns, nip.gender, nip.serial) == (
        value,
        birth,
        tmt,
        gender,
        serial,
    )
    assert str(nip) == format_nip(value)


@pytest.mark.parametrize(
    "raw, code",
    [
        ("", "nip_empty"),
        ("   ", "nip_empty"),
        ("19860926 201505 1 00A", "nip_not_digits"),
        ("19860926/201505/1/001", "nip_not_digits"),
        ("19860926 201505 1 01", "nip_length"),
        ("19860926 201505 1 0011", "nip_length"),
        ("19860231 201505 1 001", "nip_birth_date"),  # 31 February
        ("19861301 201505 1 001", "nip_birth_date"),
        ("19860900 201505 1 001", "nip_birth_date"),
        ("19010229 201505 1 001", "nip_birth_date"),  # 1901 is no leap year
        ("19860926 201500 1 001", "nip_tmt_month"),
        ("19860926 201513 1 001", "nip_tmt_month"),
        ("19900101 200712 1 001", "nip_tmt_too_early"),  # 17 years 11 months
        ("19900102 200801 1 001", "nip_tmt_too_early"),  # one day short of 18 on 1 January
        ("20000229 201802 1 001", "nip_tmt_too_early"),  # leap-day birth: 18 only at the end of February
        ("19860926 201505 3 001", "nip_gender"),
        ("19860926 201505 0 001", "nip_gender"),
        ("19860926 201505 1 000", "nip_serial"),
    ],
)
def test_a_wrong_nip_is_refused_with_a_code_naming_the_fault(raw, code):
    with pytest.raises(NipError) as caught:
        parse_nip(raw)
    assert caught.value.code == code
    assert caught.value.messages[0]


def test_the_eighteen_year_rule_holds_exactly_at_its_boundary():
    assert parse_nip("19900101 200801 1 001").tmt_cpns == date(2008, 1, 1)
    with pytest.raises(NipError):
        parse_nip("19900101 200712 1 001")
    # Born on the 2nd: 18 on 2 January, so a TMT of 1 January is a day early; February is fine.
    with pytest.raises(NipError):
        parse_nip("19900102 200801 1 001")
    assert parse_nip("19900102 200802 1 001")


def test_format_and_mask_show_the_spaced_form():
    assert format_nip("198609262015051001") == "19860926 201505 1 001"
    assert format_nip("19860926 201505 1 001") == "19860926 201505 1 001"
    assert format_nip("123") == "123"
    assert mask_nip("198609262015051001") == "1986**** 201505 1 ***"
    assert mask_nip("bad") == "*" * 18


# --- property-based ---------------------------------------------------------------------


@st.composite
def valid_nips(draw):
    birth = draw(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 12, 31)))
    try:
        adult = birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        adult = date(birth.year + 18, 2, 28)
    # The first TMT allowed: the first of the month in which the person is 18 on the 1st.
    first = adult.year * 12 + adult.month - 1 + (0 if adult.day == 1 else 1)
    months = draw(st.integers(min_value=0, max_value=40 * 12))
    index = first + months
    tmt = date(index // 12, index % 12 + 1, 1)
    assume(tmt.year <= 2099)
    gender = draw(st.sampled_from("12"))
    serial = draw(st.integers(min_value=1, max_value=999))
    return f"{birth:%Y%m%d}{tmt:%Y%m}{gender}{serial:03d}", birth, tmt, gender, serial


@no_deadline
@given(valid_nips())
def test_generated_valid_nips_parse_and_round_trip_to_the_spaced_form(case):
    value, birth, tmt, gender, serial = case
    nip = parse_nip(value)
    assert (nip.birth_date, nip.tmt_cpns, nip.gender, nip.serial) == (birth, tmt, gender, serial)
    spaced = format_nip(value)
    assert spaced == f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
    assert parse_nip(spaced) == nip
    assert format_nip(parse_nip(spaced).value) == spaced


@no_deadline
@given(
    valid_nips(),
    st.lists(st.integers(min_value=0, max_value=17), max_size=5),
    st.sampled_from([" ", ".", "-", "  "]),
)
def test_spacing_anywhere_does_not_change_the_nip(case, cuts, separator):
    value = case[0]
    text = value
    for cut in sorted(set(cuts), reverse=True):
        text = text[:cut] + separator + text[cut:]
    assert parse_nip(text).value == value


# The field each digit belongs to, and the codes a change there may produce. Changing a date
# digit may also leave a valid but different date that breaks the 18-year rule.
FIELD_CODES = {
    **dict.fromkeys(range(0, 8), {"nip_birth_date", "nip_tmt_too_early"}),
    **dict.fromkeys(range(8, 12), {"nip_tmt_too_early"}),
    **dict.fromkeys(range(12, 14), {"nip_tmt_month", "nip_tmt_too_early"}),
    14: {"nip_gender"},
    **dict.fromkeys(range(15, 18), {"nip_serial"}),
}


@no_deadline
@given(valid_nips(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789"))
def test_a_single_digit_change_is_either_a_valid_nip_or_refused_for_its_own_field(case, position, digit):
    value = case[0]
    assume(value[position] != digit)
    changed = value[:position] + digit + value[position + 1 :]
    try:
        nip = parse_nip(changed)
    except NipError as error:
        assert error.code in FIELD_CODES[position]
    else:
        assert nip.value == changed


def _replace(value: str, start: int, text: str) -> str:
    return value[:start] + text + value[start + len(text) :]


CORRUPTIONS = {
    "nip_not_digits": lambda v, d: _replace(
        v, d.draw(st.integers(0, 17)), d.draw(st.sampled_from("AOlI/?x"))
    ),
    "nip_length": lambda v, d: d.draw(st.sampled_from([v[:-1], v + "1", v[:10], v + v[:3]])),
    "nip_birth_date": lambda v, d: _replace(v, 4, d.draw(st.sampled_from(["00", "13", "19", "99"]))),
    "nip_tmt_month": lambda v, d: _replace(v, 12, d.draw(st.sampled_from(["00", "13", "20", "99"]))),
    "nip_tmt_too_early": lambda v, d: _replace(v, 8, f"{int(v[:4]) + d.draw(st.integers(0, 17)):04d}"),
    "nip_gender": lambda v, d: _replace(v, 14, d.draw(st.sampled_from("03456789"))),
    "nip_serial": lambda v, d: _replace(v, 15, "000"),
}


@pytest.mark.parametrize("code", sorted(CORRUPTIONS))
@no_deadline
@given(case=valid_nips(), data=st.data())
def test_every_corruption_class_is_refused_with_its_code(code, case, data):
    corrupted = CORRUPTIONS[code](case[0], data)
    if code == "nip_birth_date":
        # Day 00 or 32..39 is never a date, whatever the month.
        corrupted = _replace(corrupted, 6, data.draw(st.sampled_from(["00", "32", "39"])))
    with pytest.raises(NipError) as caught:
        parse_nip(corrupted)
    assert caught.value.code == code


def _first_tmt(birth: date) -> date:
    """The earliest TMT CPNS: the first of a month on which the person is already 18."""
    year, month, day = birth.year + 18, birth.month, birth.day
    if day == 1:
        return date(year, month, 1)
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


@no_deadline
@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2007, 12, 31)))
def test_the_eighteen_year_rule_boundary_for_any_birth_date(birth):
    first = _first_tmt(birth)
    assert parse_nip(f"{birth:%Y%m%d}{first:%Y%m}1001").tmt_cpns == first
    month_before = date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)
    with pytest.raises(NipError) as caught:
        parse_nip(f"{birth:%Y%m%d}{month_before:%Y%m}1001")
    assert caught.value.code == "nip_tmt_too_early"


@no_deadline
@given(st.integers(min_value=1940 // 4, max_value=2004 // 4).map(lambda n: date(n * 4, 2, 29)))
def test_leap_day_births_follow_the_same_rule(birth):
    adult_year = birth.year + 18
    with pytest.raises(NipError) as caught:
        parse_nip(f"{birth:%Y%m%d}{adult_year}021001")
    assert caught.value.code == "nip_tmt_too_early"
    assert parse_nip(f"{birth:%Y%m%d}{adult_year}031001").tmt_cpns == date(adult_year, 3, 1)


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("birth_date", date(1986, 9, 27), "birth_date_mismatch"),
        ("tmt_cpns", date(2015, 6, 1), "tmt_cpns_mismatch"),
        ("gender", "2", "gender_mismatch"),
    ],
)
def test_an_employee_must_agree_with_their_nip(db, field, value, code):
    employee = Employee(
        nip="19860926 201505 1 001",
        name="Budi Santoso",
        birth_date=date(1986, 9, 26),
        gender="1",
        tmt_cpns=date(2015, 5, 1),
        rank=Rank.objects.get(code=32),
        rank_since=date(2019, 4, 1),
        education_level="S1",
    )
    employee.full_clean()
    assert employee.nip == "198609262015051001"
    setattr(employee, field, value)
    with pytest.raises(Exception) as caught:
        employee.full_clean()
    assert [error.code for error in caught.value.error_dict[field]] == [code]
