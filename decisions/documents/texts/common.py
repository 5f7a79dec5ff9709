"""What every kind's text shares: the facts a composer reads (``Context``), what it returns
(``Parts``), the laws decrees cite, and the phrases all kinds use.

Laws are named by their keys in laws.py, which holds each full citation with its gazette
numbers; compose resolves and orders them (a region may replace any citation in settings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from personnel.workdays import HolidayLookup, is_working_day, no_holidays

from ..model import DEFAULT_ANNEX_HEADERS, AnnexRow, Dictum
from ..words import indonesian_date, number_words, parse_day, spaced_nip

# --- laws, by their keys in laws.py (compose resolves and orders them) -----------------------
UU_PENSIUN = "UU 11/1969"
UU_PEMDA = "UU 23/2014"
UU_ADMINISTRASI = "UU 30/2014"
UU_PILKADA = "UU 10/2016"
UU_ASN = "UU 20/2023"
PP_GAJI = "PP 7/1977"
PP_MANAJEMEN = "PP 11/2017"
PP_KINERJA = "PP 30/2019"
PP_DISIPLIN = "PP 94/2021"
PERMENPANRB_JPT = "PermenPANRB 15/2019"
PERBKN_MUTASI = "Peraturan BKN 5/2019"
PERBKN_PEMBERHENTIAN = "Peraturan BKN 3/2020"
PERMENPANRB_JF = "PermenPANRB 1/2023"
COMMON_BASES = (UU_PEMDA, UU_ASN, PP_MANAJEMEN)


def bases(*extra: str) -> tuple[str, ...]:
    """The bases every personnel decree rests on plus ``extra`` (keys of laws.LAWS or full
    citations); compose adds the region's own, resolves the keys and orders them."""
    return tuple(dict.fromkeys((*COMMON_BASES, *extra)))


CLOSING_DICTUM = (
    "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di kemudian "
    "hari terdapat kekeliruan akan diadakan perbaikan sebagaimana mestinya."
)
PNS = "Pegawai Negeri Sipil"


@dataclass(frozen=True)
class Person:
    """One employee as the decree shows them (from the item's snapshot at submission)."""

    item: int
    name: str  # with academic titles, as in the annex
    nip: str  # spaced
    rank: str  # "Penata Muda Tingkat I, III/b"
    old_post: str
    old_unit: str
    new_post: str
    new_unit: str
    old_opd: str = ""
    new_opd: str = ""
    new_kind: str = ""  # Position.Kind of the new post ("administrator", "pengawas", ...)

    @property
    def female(self) -> bool:
        return self.nip.replace(" ", "")[14:15] == "2"

    @property
    def reference(self) -> str:
        """ "Sdr. Budi Santoso, S.E., NIP 19880412 201101 1 003" """
        return f"Sdr. {self.name}, NIP {self.nip}"


def _post(post: dict | None) -> tuple[str, str]:
    if not post:
        return "", ""
    unit, opd = post.get("unit") or "", post.get("opd") or ""
    return post.get("name") or "", opd if unit in ("", opd) else f"{unit}, {opd}"


def person_from_snapshot(item: int, snapshot: dict) -> Person:
    old_post, old_unit = _post(snapshot.get("from"))
    new_post, new_unit = _post(snapshot.get("to"))
    return Person(
        item=item,
        name=snapshot["full_name"],
        nip=spaced_nip(snapshot["nip"]),
        rank=f"{snapshot['rank']}, {snapshot['golongan']}",
        old_post=old_post,
        old_unit=old_unit,
        new_post=new_post,
        new_unit=new_unit,
        old_opd=(snapshot.get("from") or {}).get("opd") or "",
        new_opd=(snapshot.get("to") or {}).get("opd") or "",
        new_kind=(snapshot.get("to") or {}).get("kind") or "",
    )


@dataclass(frozen=True)
class Context:
    """What a composer reads: the case, its people, the region."""

    case: object  # decisions.models.Case
    people: tuple[Person, ...]
    region: dict
    target: object = None  # the decree corrected or revoked (decisions.models.Decree)
    decree_date: date | None = None  # the day of signing: recitals must be true on it
    holidays: HolidayLookup = no_holidays
    # Facts from the registry (documents/facts.py): the Taspen particulars of each retiring
    # person (item -> decisions.pension.Pension), the family entitled after a death (item ->
    # FamilyLine tuple), the regulations of the functional posts entered, the people of the
    # decree a correction changes.
    pensions: dict = field(default_factory=dict)
    families: dict = field(default_factory=dict)
    regulations: tuple[str, ...] = ()
    target_people: tuple[Person, ...] = ()

    @property
    def collective(self) -> bool:
        return len(self.people) > 1

    @property
    def person(self) -> Person:
        return self.people[0]

    @property
    def head(self) -> str:
        return self.region["head_title"]  # "Wali Kota"

    @property
    def government(self) -> str:
        return f"Pemerintah {self.region['kind']} {self.region['name']}"

    @property
    def issuer(self) -> str:
        return f"{self.head} {self.region['name']}"  # "Wali Kota Tanjungbalai"

    @property
    def data(self) -> dict:
        return self.case.data

    @property
    def tmt(self) -> str:
        return indonesian_date(self.case.effective_date)

    @property
    def pay_tmt(self) -> str:
        """When pay and allowances change: the first of the month after the TMT, or of the TMT's
        own month when the TMT is its first working day (Perka BKN 31/2007 and 39/2007: an
        allowance is paid from the month after the inauguration, or that month when it falls on
        the 1st or, the 1st being a holiday, the next working day)."""
        return indonesian_date(first_pay_day(self.case.effective_date, self.holidays))

    def day(self, key: str) -> str:
        """A date from the case data in words, or the raw value if it is not a date."""
        value = self.data.get(key)
        parsed = parse_day(value)
        return indonesian_date(parsed) if parsed else str(value or "")

    def day_value(self, key: str) -> date | None:
        return parse_day(self.data.get(key))


@dataclass(frozen=True)
class Parts:
    """A kind's words. ``considering`` stops before the closing "bahwa berdasarkan ..." item
    and ``dictums`` before the closing diktum; compose adds both."""

    title: str  # as written inside sentences; compose capitalises it for the heading
    considering: tuple[str, ...]
    legal_bases: tuple[str, ...]
    dictums: tuple[Dictum, ...]
    noting: tuple[str, ...] = ()
    annex_headers: tuple[str, str] = DEFAULT_ANNEX_HEADERS
    # The annex's two last columns for a person; None prints their old and new posts.
    annex_columns: Callable[[Person], tuple[str, str, str, str]] | None = field(default=None)
    # What the Lampiran says of a person under the table (a retirement's pension particulars).
    annex_particulars: Callable[[Person], tuple[tuple[str, str], ...]] | None = field(default=None)


def particulars(person: Person, *, new: bool = False, old: bool = True) -> tuple[tuple[str, str], ...]:
    """ "Nama : ...", "NIP : ..." -- a person named inside a diktum."""
    rows = [("Nama", person.name), ("NIP", person.nip), ("Pangkat/Golongan Ruang", person.rank)]
    if old and person.old_post:
        label = "lama" if new else ""
        rows += [
            (f"Jabatan {label}".strip(), person.old_post),
            (f"Unit Kerja {label}".strip(), person.old_unit),
        ]
    if new:
        rows += [("Jabatan baru", person.new_post), ("Unit Kerja baru", person.new_unit)]
    return tuple(rows)


def annex_row(number: int, person: Person, parts: Parts) -> AnnexRow:
    if parts.annex_columns is not None:
        old_post, old_unit, new_post, new_unit = parts.annex_columns(person)
    else:
        old_post, old_unit = person.old_post or "-", person.old_unit
        new_post, new_unit = person.new_post, person.new_unit
    return AnnexRow(
        number=number,
        name=person.name,
        nip=person.nip,
        rank=person.rank,
        old_post=old_post,
        old_unit=old_unit,
        new_post=new_post,
        new_unit=new_unit,
        item=person.item,
        particulars=parts.annex_particulars(person) if parts.annex_particulars else (),
    )


def the_people(ctx: Context, *, column: int = 2) -> str:
    """How a diktum names who it is about: one person, or the annex's column."""
    if ctx.collective:
        return f"{PNS} yang namanya tercantum dalam kolom {column} Lampiran Keputusan ini"
    return f"{PNS} sebagaimana tersebut di bawah ini"


def referred(ctx: Context, dictum: str = "KESATU") -> str:
    return f"{PNS} sebagaimana dimaksud dalam Diktum {dictum}"


def subject(ctx: Context) -> str:
    """Who a Menimbang item speaks of: the person by name and NIP, or the annex."""
    if ctx.collective:
        return f"{PNS} yang namanya tercantum dalam Lampiran Keputusan ini"
    return ctx.person.reference


def counted(n: int) -> str:
    """ "3 (tiga)", "58 (lima puluh delapan)" -- numbers in legal texts are written in figures
    and words."""
    return f"{n} ({number_words(n)})"


def first_pay_day(tmt: date, holidays: HolidayLookup = no_holidays) -> date:
    """The first day of the month from which pay follows a change that takes effect on ``tmt``."""
    first = tmt.replace(day=1)
    before = holidays(first, tmt)
    if all(not is_working_day(first + timedelta(days=n), before) for n in range((tmt - first).days)):
        return first
    return (first + timedelta(days=32)).replace(day=1)
