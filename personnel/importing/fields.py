"""Reading cells as agencies write them: dates in two orders, yes/no in Indonesian, ranks as
``III/b`` or ``32``, education as ``S-1`` or ``S1``. Each parser returns a value or raises
CellError with a stable code."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import EducationLevel, Employee, OrgUnit, Position
from ..nik import compact_nik, validate_nik
from ..nip import NipError, parse_nip
from ..ranks import RANKS
from .errors import CellError

MSG_DATE = _("“%(value)s” is not a date; write it as dd-mm-yyyy or yyyy-mm-dd.")
MSG_BOOL = _("“%(value)s” is not yes or no; write ya or tidak.")
MSG_INT = _("“%(value)s” is not a whole number of 0 or more.")
MSG_CHOICE = _("“%(value)s” is not one of: %(choices)s.")
MSG_RANK = _(
    "“%(value)s” is not a rank; write the golongan (for example III/b) or its code (for example 32)."
)
MSG_EDUCATION = _("“%(value)s” is not an education level; use one of: %(choices)s.")
MSG_GENDER = _("“%(value)s” is not a gender; write L or P (or 1 for male, 2 for female).")
MSG_NIP_AS_NUMBER = _(
    "The NIP was stored as a number and has lost digits (%(value)s); format the NIP column as text "
    "and export the file again."
)
MSG_NIK_AS_NUMBER = _(
    "The NIK was stored as a number and may have lost digits (%(value)s); format the NIK column as "
    "text and export the file again."
)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text with inner whitespace collapsed (spreadsheets keep stray spaces)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _key(value: Any) -> str:
    """A loose lookup key: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]+", "", text(value).lower())


_DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = text(value)
    normalised = raw.replace("/", "-").replace(".", "-")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(normalised, fmt).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    # "2015-05-01 00:00:00": a spreadsheet date exported as text.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]00:00(:00)?", normalised):
        return parse_date(normalised[:10])
    raise CellError(MSG_DATE, code="invalid_date", params={"value": raw})


_TRUE = {"ya", "y", "yes", "1", "true", "benar", "x", "v"}
_FALSE = {"tidak", "t", "no", "n", "0", "false", "salah", "bukan", "-"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = text(value).lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(MSG_BOOL, code="invalid_bool", params={"value": text(value)})


def parse_count(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError(MSG_INT, code="invalid_int", params={"value": text(value)})
    try:
        number = Decimal(text(value).replace(",", "."))
    except InvalidOperation:
        raise CellError(MSG_INT, code="invalid_int", params={"value": text(value)}) from None
    if number != number.to_integral_value() or number < 0 or number > 32767:
        raise CellError(MSG_INT, code="invalid_int", params={"value": text(value)})
    return int(number)


def parse_nip_cell(value: Any) -> str:
    """The NIP as 18 digits. A number cell from Excel has lost its last digits: say so."""
    if isinstance(value, float) or re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text(value)):
        raise CellError(MSG_NIP_AS_NUMBER, code="nip_as_number", params={"value": text(value)})
    raw = text(value).lstrip("'")
    try:
        return parse_nip(raw).value
    except NipError as error:
        raise CellError(error.messages[0], code=error.code) from None


def parse_nik_cell(value: Any) -> str:
    """The NIK as 16 digits. Excel keeps 15 significant digits of a number: a number cell is
    refused rather than trusted."""
    if isinstance(value, (int, float)) or re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text(value)):
        raise CellError(MSG_NIK_AS_NUMBER, code="nik_as_number", params={"value": text(value)})
    nik = compact_nik(text(value).lstrip("'"))
    try:
        validate_nik(nik)
    except ValidationError as error:
        raise CellError(error.messages[0], code=error.code) from None
    return nik


def choice_parser(aliases: dict[str, str], shown: str):
    """A parser that maps loose spellings (keys as ``_key`` makes them) onto choice values."""

    def parse(value: Any) -> str:
        found = aliases.get(_key(value))
        if found is None:
            raise CellError(
                MSG_CHOICE, code="invalid_choice", params={"value": text(value), "choices": shown}
            )
        return found

    return parse


def _choices_with_labels(choices, extra: dict[str, str]) -> dict[str, str]:
    aliases = {}
    for value, _label in choices:
        aliases[_key(value)] = value
    aliases.update({_key(alias): value for alias, value in extra.items()})
    return aliases


UNIT_KINDS = _choices_with_labels(
    OrgUnit.Kind.choices,
    {
        "pemerintah daerah": "region",
        "pemda": "region",
        "pemkot": "region",
        "pemkab": "region",
        "setda": "sekretariat_daerah",
        "sekretariat daerah": "sekretariat_daerah",
        "setwan": "sekretariat_dprd",
        "sekretariat dprd": "sekretariat_dprd",
        "bagian": "bagian",
        "bidang": "bagian",
        "subbagian": "bagian",
        "seksi": "bagian",
        "unit pelaksana teknis": "upt",
        "puskesmas": "upt",
    },
)
UNIT_KINDS_SHOWN = ", ".join(value for value, _label in OrgUnit.Kind.choices)

POSITION_KINDS = _choices_with_labels(
    Position.Kind.choices,
    {
        "kdh": "kepala_daerah",
        "wali kota": "kepala_daerah",
        "bupati": "kepala_daerah",
        "wakil wali kota": "wakil_kepala_daerah",
        "wakil bupati": "wakil_kepala_daerah",
        "wkdh": "wakil_kepala_daerah",
        "jpt": "jpt_pratama",
        "eselon ii": "jpt_pratama",
        "administrator": "administrator",
        "eselon iii": "administrator",
        "pengawas": "pengawas",
        "eselon iv": "pengawas",
        "jfu": "pelaksana",
        "jft": "fungsional",
        "jf": "fungsional",
        "functional": "fungsional",
    },
)
POSITION_KINDS_SHOWN = ", ".join(value for value, _label in Position.Kind.choices)

FUNCTIONAL_LEVELS = _choices_with_labels(Position.FunctionalLevel.choices, {})
FUNCTIONAL_LEVELS_SHOWN = ", ".join(value for value, _label in Position.FunctionalLevel.choices)

EMPLOYEE_STATUSES = _choices_with_labels(
    Employee.Status.choices,
    {
        "aktif": "active",
        "pensiun": "retired",
        "diberhentikan": "dismissed",
        "berhenti": "dismissed",
        "meninggal": "deceased",
        "meninggal dunia": "deceased",
        "wafat": "deceased",
        "pindah": "transferred_out",
        "pindah keluar": "transferred_out",
        "mutasi keluar": "transferred_out",
        "cpns": "cpns",
        "calon pns": "cpns",
        "diberhentikan sementara": "suspended",
        "pemberhentian sementara": "suspended",
        "berhenti sementara": "suspended",
    },
)
EMPLOYEE_STATUSES_SHOWN = (
    "aktif, cpns, diberhentikan sementara, pensiun, diberhentikan, meninggal, pindah keluar"
)

FAMILY_RELATIONS = {
    "istri": "wife",
    "isteri": "wife",
    "wife": "wife",
    "suami": "husband",
    "husband": "husband",
    "anak": "child",
    "anak kandung": "child",
    "anak angkat": "child",
    "child": "child",
}
FAMILY_RELATIONS_SHOWN = "istri, suami, anak"

parse_unit_kind = choice_parser(UNIT_KINDS, UNIT_KINDS_SHOWN)
parse_position_kind = choice_parser(POSITION_KINDS, POSITION_KINDS_SHOWN)
parse_functional_level = choice_parser(FUNCTIONAL_LEVELS, FUNCTIONAL_LEVELS_SHOWN)
parse_status = choice_parser(EMPLOYEE_STATUSES, EMPLOYEE_STATUSES_SHOWN)

_EDUCATION = {
    "sd": EducationLevel.SD,
    "smp": EducationLevel.SMP,
    "sltp": EducationLevel.SMP,
    "mts": EducationLevel.SMP,
    "slta": EducationLevel.SLTA,
    "sma": EducationLevel.SLTA,
    "smk": EducationLevel.SLTA,
    "smu": EducationLevel.SLTA,
    "ma": EducationLevel.SLTA,
    "stm": EducationLevel.SLTA,
    "smea": EducationLevel.SLTA,
    "d1": EducationLevel.D1,
    "di": EducationLevel.D1,
    "d2": EducationLevel.D2,
    "dii": EducationLevel.D2,
    "d3": EducationLevel.D3,
    "diii": EducationLevel.D3,
    "d4": EducationLevel.D4,
    "div": EducationLevel.D4,
    "s1": EducationLevel.S1,
    "sarjana": EducationLevel.S1,
    "s2": EducationLevel.S2,
    "magister": EducationLevel.S2,
    "s3": EducationLevel.S3,
    "doktor": EducationLevel.S3,
}
EDUCATION_SHOWN = "SD, SMP, SLTA, D-I, D-II, D-III, D-IV, S-1, S-2, S-3"


def parse_education(value: Any) -> str:
    found = _EDUCATION.get(_key(value))
    if found is None:
        raise CellError(
            MSG_EDUCATION, code="invalid_education", params={"value": text(value), "choices": EDUCATION_SHOWN}
        )
    return found.value


def parse_education_fields(value: Any) -> list[str]:
    """Several fields of study separated by ``;`` (or ``|``): commas occur inside names."""
    return [part for part in (text(p) for p in re.split(r"[;|\n]", str(value))) if part]


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_RANK_BY_KEY: dict[str, int] = {}
for _code, _golongan, _pangkat in RANKS:
    _RANK_BY_KEY[str(_code)] = _code
    _RANK_BY_KEY[_key(_golongan)] = _code  # "III/b" -> "iiib"
    _RANK_BY_KEY[_key(_pangkat)] = _code
    _roman, _letter = _golongan.lower().split("/")
    _RANK_BY_KEY[f"{_ROMAN[_roman]}{_letter}"] = _code  # "3b"
    _RANK_BY_KEY[_key(f"{_pangkat} {_golongan}")] = _code  # "Penata Muda Tingkat I, III/b"
    _RANK_BY_KEY[_key(_pangkat.replace("Tingkat", "Tk"))] = _code
    _RANK_BY_KEY[_key(f"{_pangkat.replace('Tingkat', 'Tk')} {_golongan}")] = _code


def parse_rank(value: Any) -> int:
    """A rank code (11..45) from ``III/b``, ``III-b``, ``3b``, ``32`` or the pangkat name."""
    found = _RANK_BY_KEY.get(_key(value))
    if found is None:
        raise CellError(MSG_RANK, code="unknown_rank", params={"value": text(value)})
    return found


_GENDER = {"l": "1", "lk": "1", "lakilaki": "1", "pria": "1", "1": "1", "m": "1"}
_GENDER |= {"p": "2", "pr": "2", "perempuan": "2", "wanita": "2", "2": "2", "f": "2", "w": "2"}


def parse_gender(value: Any) -> str:
    found = _GENDER.get(_key(value))
    if found is None:
        raise CellError(MSG_GENDER, code="invalid_gender", params={"value": text(value)})
    return found


def parse_code(value: Any) -> str:
    """Codes are compared upper-case without surrounding spaces."""
    return text(value).upper()


def parse_text(value: Any) -> str:
    return text(value)


def parse_functional_type(value: Any) -> str:
    """A JF type as SAHIH_POLICY names it: lower case, words joined by "_" ("Guru" -> guru)."""
    return "_".join(text(value).lower().split())
