"""A decree's content as plain data: what the PDF shows, stored with the decree as JSON so
the same document can be rendered again byte for byte."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

DEFAULT_ANNEX_HEADERS = ("Jabatan dan Unit Kerja Lama", "Jabatan dan Unit Kerja Baru")


@dataclass(frozen=True)
class AnnexRow:
    """One person of the decree: a row of the Lampiran, and what the public page lists."""

    number: int  # the row number printed in the Lampiran (1, 2, ... without gaps)
    name: str
    nip: str
    rank: str
    old_post: str
    old_unit: str
    new_post: str
    new_unit: str
    note: str = "-"
    item: int = 0  # CaseItem.position_in_case, to find a person's row for their PETIKAN
    # What the Lampiran says of this person beyond the table ("Gaji pokok terakhir : ..."),
    # printed under it; a PETIKAN carries only its own person's.
    particulars: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> AnnexRow:
        data = dict(data)
        data["particulars"] = tuple(tuple(pair) for pair in data.get("particulars", ()))
        return cls(**data)


@dataclass(frozen=True)
class Dictum:
    """One diktum (KESATU, KEDUA, ...): a sentence, optionally the particulars of a person
    ("Nama : ...", "NIP : ...") and a sentence after them."""

    text: str
    details: tuple[tuple[str, str], ...] = ()
    after: str = ""

    @classmethod
    def from_data(cls, data) -> Dictum:
        if isinstance(data, str):
            return cls(text=data)
        return cls(
            text=data["text"],
            details=tuple((label, value) for label, value in data.get("details", ())),
            after=data.get("after", ""),
        )


@dataclass(frozen=True)
class Signature:
    """The signature block, already in its legal form (Permendagri 1/2023 Ps. 44).

    ``lines`` are the title lines above the signature ("a.n. WALI KOTA TANJUNGBALAI",
    "SEKRETARIS DAERAH,"); ``name`` has no academic titles; ``rank`` and ``nip`` are empty
    for the regional head, the deputy, the Sekda and the acting officials of the head.
    """

    lines: tuple[str, ...]
    name: str
    rank: str = ""
    nip: str = ""
    form: str = "holder"  # holder, an, plt, plh, pj


@dataclass(frozen=True)
class Paraf:
    """An official's initial on the konsep (paraf koordinasi): who, in which post, when."""

    name: str
    position: str
    date: date
    stage: str = ""


@dataclass(frozen=True)
class DecreeDocument:
    heading: tuple[str, ...]
    issuer: str  # "WALI KOTA TANJUNGBALAI"
    number: str
    title: str  # what follows TENTANG, in capitals
    considering: tuple[str, ...]
    legal_bases: tuple[str, ...]
    noting: tuple[str, ...]
    decides: str  # "KEPUTUSAN WALI KOTA TENTANG ..."
    dictums: tuple[Dictum, ...]
    place: str
    date: date
    signature: Signature
    copies: tuple[str, ...]
    # Every person the decree is about. Printed as the Lampiran when ``annex_refers`` (the
    # dictums refer to its columns); otherwise the dictums name the person themselves.
    annex: tuple[AnnexRow, ...] = ()
    annex_refers: bool = False
    annex_headers: tuple[str, str] = DEFAULT_ANNEX_HEADERS
    verify_url: str = ""
    footer: str = ""
    emblem: str = ""  # path to an image; empty draws the marked placeholder (blocks.emblem)
    short_title: str = ""  # the title as written inside sentences ("Pemindahan Pegawai ...")
    extract_for: int | None = field(default=None)  # a PETIKAN carries only this annex row
    # Who certifies a PETIKAN ("Salinan sesuai dengan aslinya"), as they were on the decree's day.
    certifier: Signature | None = None
    # The konsep (draft) that travels before the signature: marked KONSEP, without number,
    # date or signature, with the officials' parafs. Never stored with a decree.
    draft: bool = False
    parafs: tuple[Paraf, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        # A signed decree's stored content stays as it was before konsep existed.
        if not self.draft:
            del data["draft"], data["parafs"]
        else:
            data["parafs"] = [{**paraf, "date": paraf["date"].isoformat()} for paraf in data["parafs"]]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> DecreeDocument:
        data = dict(data)
        data["date"] = date.fromisoformat(data["date"])
        data["signature"] = Signature(**{**data["signature"], "lines": tuple(data["signature"]["lines"])})
        data["annex"] = tuple(AnnexRow.from_data(row) for row in data.get("annex", ()))
        if data.get("certifier"):
            data["certifier"] = Signature(**{**data["certifier"], "lines": tuple(data["certifier"]["lines"])})
        data["dictums"] = tuple(Dictum.from_data(item) for item in data["dictums"])
        data["parafs"] = tuple(
            Paraf(**{**paraf, "date": date.fromisoformat(paraf["date"])}) for paraf in data.get("parafs", ())
        )
        if "annex_headers" in data:
            data["annex_headers"] = tuple(data["annex_headers"])
        for key in ("heading", "considering", "legal_bases", "noting", "copies"):
            data[key] = tuple(data[key])
        return cls(**data)

    def person_row(self, item: int) -> AnnexRow | None:
        """The annex row of the case item numbered ``item``."""
        return next((row for row in self.annex if row.item == item), None)

    def as_extract(self, row_number: int) -> DecreeDocument:
        """The PETIKAN for one annex row: the decree, but only that person's row."""
        return replace(self, extract_for=row_number)
