"""What every kind's text shares: the facts a composer reads (``Context``), what it returns
(``Parts``), the laws decrees cite, and the phrases all kinds use.

Laws are cited by number, year and name without their Lembaran Negara citations: a wrong
citation in a signed decree is worse than none, and each region's legal section configures
the full wording in ``settings.SAHIH_DECREE["legal_bases"]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..model import DEFAULT_ANNEX_HEADERS, AnnexRow, Dictum
from ..words import indonesian_date, parse_day, spaced_nip

# --- laws, in the order of the hierarchy (UU, PP, ministerial and agency regulations) ----
UU_PENSIUN = "Undang-Undang Nomor 11 Tahun 1969 tentang Pensiun Pegawai dan Pensiun Janda/Duda Pegawai"
UU_PEMDA = (
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah diubah beberapa "
    "kali, terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah "
    "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang"
)
UU_ADMINISTRASI = "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan"
UU_ASN = "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara"
PP_MANAJEMEN = (
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah "
    "diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020 tentang Perubahan atas Peraturan Pemerintah "
    "Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil"
)
PP_KINERJA = "Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil"
PP_DISIPLIN = "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil"
PERMENPANRB_JPT = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 15 Tahun 2019 tentang "
    "Pengisian Jabatan Pimpinan Tinggi secara Terbuka dan Kompetitif di Lingkungan Instansi Pemerintah"
)
PERBKN_MUTASI = "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi"
PERBKN_PEMBERHENTIAN = (
    "Peraturan Badan Kepegawaian Negara Nomor 3 Tahun 2020 tentang Petunjuk Teknis Pemberhentian "
    "Pegawai Negeri Sipil"
)
PERMENPANRB_JF = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 1 Tahun 2023 tentang "
    "Jabatan Fungsional"
)
HIERARCHY = (
    UU_PENSIUN,
    UU_PEMDA,
    UU_ADMINISTRASI,
    UU_ASN,
    PP_MANAJEMEN,
    PP_KINERJA,
    PP_DISIPLIN,
    PERMENPANRB_JPT,
    PERBKN_MUTASI,
    PERBKN_PEMBERHENTIAN,
    PERMENPANRB_JF,
)
COMMON_BASES = (UU_PEMDA, UU_ASN, PP_MANAJEMEN)


def bases(*extra: str) -> tuple[str, ...]:
    """The common bases plus ``extra``, in the order of the hierarchy."""
    chosen = set(COMMON_BASES) | set(extra)
    return tuple(law for law in HIERARCHY if law in chosen)


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


NUMBER_WORDS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def counted(n: int) -> str:
    """ "3 (tiga)" -- numbers in legal texts are written in figures and words."""
    return f"{n} ({NUMBER_WORDS[n]})" if 0 <= n < len(NUMBER_WORDS) else str(n)
