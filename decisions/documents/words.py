"""Small pieces of Indonesian official writing: dates, diktum ordinals, enumerations, names."""

from __future__ import annotations

import re
from datetime import date

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
ORDINALS = (
    "KESATU",
    "KEDUA",
    "KETIGA",
    "KEEMPAT",
    "KELIMA",
    "KEENAM",
    "KETUJUH",
    "KEDELAPAN",
    "KESEMBILAN",
    "KESEPULUH",
    "KESEBELAS",
    "KEDUA BELAS",
    "KETIGA BELAS",
    "KEEMPAT BELAS",
)
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

# Academic titles written before a name (Permendagri 1/2023 Ps. 44: a signer writes none).
# Religious and honorific titles such as "H." or "Hj." are not academic and stay.
_FRONT_TITLES = re.compile(r"^(?:(?:Prof|Dr|Drs|Dra|Ir|dr|drg|drh)\.\s*)+", re.IGNORECASE)


_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((1_000_000_000_000, "triliun"), (1_000_000_000, "miliar"), (1_000_000, "juta"))


def number_words(n: int) -> str:
    """A whole number in Indonesian words, as legal texts write amounts ("terbilang"):
    58 -> "lima puluh delapan", 1_100 -> "seribu seratus"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 10:
        return _UNITS[n]
    if n < 20:
        return {10: "sepuluh", 11: "sebelas"}.get(n) or f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {number_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        head = "seribu" if thousands == 1 else f"{number_words(thousands)} ribu"
        return head + (f" {number_words(rest)}" if rest else "")
    for scale, word in _SCALES:
        if n >= scale:
            big, rest = divmod(n, scale)
            return f"{number_words(big)} {word}" + (f" {number_words(rest)}" if rest else "")
    raise AssertionError(n)  # unreachable: every n >= 1_000_000 meets a scale


def indonesian_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if n <= len(ORDINALS) else f"KE-{n}"


def month_roman(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def letters_reference(count: int) -> str:
    """How the last Menimbang item names the ones before it: "huruf a dan huruf b"."""
    letters = [f"huruf {chr(ord('a') + i)}" for i in range(count)]
    if len(letters) <= 1:
        return "".join(letters)
    if len(letters) == 2:
        return " dan ".join(letters)
    return ", ".join(letters[:-1]) + ", dan " + letters[-1]


def without_academic_titles(name: str) -> str:
    """ "Dr. Ahmad Fauzi, S.H., M.Si." -> "Ahmad Fauzi" (titles after the name follow a comma)."""
    name = (name or "").split(",")[0].strip()
    return _FRONT_TITLES.sub("", name).strip()


def spaced_nip(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == 18 else nip


def parse_day(value) -> date | None:
    """A date from case data (ISO text or a date); None when absent or unreadable."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None


def terminated(text: str, mark: str = ";") -> str:
    """An enumerated item ends with a semicolon (or the mark given), never with two."""
    text = text.strip()
    return text if text.endswith((";", ".", ":")) else text + mark


# Words written in lower case inside a title (Permendagri 1/2023 writes "Pemindahan Pegawai
# Negeri Sipil di Lingkungan ...").
_SMALL_WORDS = {
    "di",
    "ke",
    "dari",
    "dan",
    "atau",
    "yang",
    "untuk",
    "dalam",
    "atas",
    "pada",
    "dengan",
    "tentang",
}
_SMALL_WORDS |= {"sebagai", "karena", "secara", "oleh", "antar", "serta", "bagi", "terhadap", "melalui"}


def title_words(text: str) -> str:
    """A title in capitals as written inside a sentence: "PEMINDAHAN PNS DI ..." -> "Pemindahan PNS di ..."."""
    words = []
    for index, word in enumerate(text.split()):
        lower = word.lower()
        if index and lower in _SMALL_WORDS:
            words.append(lower)
        elif "/" in word:
            words.append("/".join(part.capitalize() for part in lower.split("/")))
        else:
            words.append(lower.capitalize())
    return " ".join(words)
