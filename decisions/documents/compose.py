"""Composing a decree's text from a case: the legal frame every Keputusan shares.

The words of each kind are in texts/ (one module per family). Here: the closing Menimbang
item, Mengingat (the kind's bases with the region's own and, where the Minister approved a
replacement in an election period, the election law; each with its gazette numbers, in the
order of the hierarchy), Memperhatikan from the facts on file (case data), the closing
diktum, the signature block by its rules (Permendagri 1/2023 Ps. 44), the copies (Tembusan)
in the order of the hierarchy. What applies to every decree lives here, so a kind added later
gets it too.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from ..models import Case
from .facts import certifier_on, decree_context
from .model import DecreeDocument, Dictum, Signature
from .texts import COMPOSERS
from .texts.common import CLOSING_DICTUM, UU_PILKADA, Context, Parts, annex_row
from .texts.laws import cite, in_hierarchy, region_bases
from .words import indonesian_date, letters_reference, parse_day, terminated, without_academic_titles

FOOTER = (
    "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik. "
    "Keaslian dokumen dapat diperiksa melalui kode QR atau alamat verifikasi. UU ITE Pasal 5 ayat (1)."
)
ACTING_PREFIX = {"plt": "Plt.", "plh": "Plh.", "pj": "Pj."}
DISMISSALS = (
    "dismissal_retirement",
    "dismissal_own_request",
    "dismissal_death",
    "dismissal_discipline",
    "dismissal_unfit",
)
# Heads of OPDs whose title is not "Kepala <unit>".
HEAD_TITLES = (
    ("Sekretariat Daerah", "Sekretaris Daerah"),
    ("Sekretariat DPRD", "Sekretaris DPRD"),
    ("Sekretariat Dewan Perwakilan Rakyat Daerah", "Sekretaris Dewan Perwakilan Rakyat Daerah"),
    ("Inspektorat", "Inspektur"),
    ("Kecamatan ", "Camat "),
    ("Kelurahan ", "Lurah "),
)
# The head of another region, from how the case names it ("Pemerintah Kota Medan").
REGION_HEADS = (("Kota ", "Wali Kota "), ("Kabupaten ", "Bupati "), ("Provinsi ", "Gubernur "))


def region() -> dict:
    return settings.SAHIH_REGION


def issuer() -> str:
    r = region()
    return f"{r['head_title']} {r['name']}".upper()


def _acting_kind(value) -> str:
    if isinstance(value, dict):
        return value.get("kind", "")
    return value or ""


def signature_for(assignment: dict, *, signer_employee=None) -> Signature:
    """The signature block for the person who signs, by the basis they sign on.

    - the regional head: "WALI KOTA TANJUNGBALAI," and the name (no NIP, no rank);
    - an acting head (basis "plt", "plh", "pj"): "Plt. WALI KOTA TANJUNGBALAI," (no NIP, no rank);
    - delegated signing (basis "delegated"): "a.n. WALI KOTA TANJUNGBALAI" and the office; the
      Sekda writes no NIP, other officials (the Head of BKPSDM, an acting Sekda) their rank and
      NIP. ``office_title`` names the office, ``acting`` ("plt"/"plh") an acting officer of it,
      ``via`` an intermediate office for "u.b." (further delegation).
    Names never carry academic titles.
    """
    head = issuer()
    basis = assignment.get("basis", "elected")
    if signer_employee is not None:
        name = signer_employee.name
    else:
        name = assignment.get("name") or ""
    name = without_academic_titles(name)
    if basis in ACTING_PREFIX:
        return Signature(lines=(f"{ACTING_PREFIX[basis]} {head},",), name=name, form=basis)
    if basis == "delegated":
        acting = _acting_kind(assignment.get("acting"))
        office_title = (assignment.get("office_title") or "").upper()
        if not office_title and signer_employee is not None and signer_employee.position is not None:
            office_title = signer_employee.position.name.upper()
        office_title = office_title or "SEKRETARIS DAERAH"
        office_line = (
            f"{ACTING_PREFIX[acting]} {office_title}," if acting in ACTING_PREFIX else f"{office_title},"
        )
        lines = [f"a.n. {head}"]
        if assignment.get("via"):
            lines += [f"{assignment['via'].upper()},", "u.b."]
        lines.append(office_line)
        # The Sekda writes no NIP (Ps. 44); whoever acts for the Sekda is another official.
        show_nip = signer_employee is not None and (
            assignment.get("office") != "secretariat" or acting in ACTING_PREFIX
        )
        return Signature(
            lines=tuple(lines),
            name=name,
            rank=signer_employee.rank.pangkat if show_nip else "",
            nip=signer_employee.nip_display if show_nip else "",
            form="an",
        )
    return Signature(lines=(f"{head},",), name=name, form="holder")


def _competency(value) -> str:
    if isinstance(value, dict):
        text = "Hasil uji kompetensi"
        if value.get("number"):
            text += f" Nomor {value['number']}"
        day = parse_day(value.get("date"))
        return text + (f" tanggal {indonesian_date(day)}" if day else "")
    day = parse_day(value)
    if day:
        return f"Hasil uji kompetensi tanggal {indonesian_date(day)}"
    return "Hasil uji kompetensi" + (f" {value}" if isinstance(value, str) and value.strip() else "")


def _numbered(text: str, ctx: Context, number_key: str, date_key: str) -> str:
    text = f"{text} Nomor {ctx.data[number_key]}"
    return text + (f" tanggal {ctx.day(date_key)}" if ctx.data.get(date_key) else "")


def pertek_issuer(ctx: Context) -> str:
    """Whoever issued the recorded pertek (for this city usually the Head of Kanreg VI BKN)."""
    return str(ctx.data.get("pertek_issuer") or settings.SAHIH_DECREE["pertek_issuer"]).strip()


def noting(ctx: Context, parts: Parts) -> tuple[str, ...]:
    """Memperhatikan: the advice, results and approvals on file (case data), then the kind's own."""
    data = ctx.data
    notes = []
    if data.get("committee_date"):
        notes.append(
            f"Pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil tanggal {ctx.day('committee_date')}"
        )
    if data.get("selection_date"):
        notes.append(
            "Hasil seleksi terbuka Jabatan Pimpinan Tinggi Pratama oleh Panitia Seleksi tanggal "
            f"{ctx.day('selection_date')}"
        )
    if data.get("competency_test") not in (None, "", False, {}):
        notes.append(_competency(data["competency_test"]))
    if data.get("pertek_number"):
        notes.append(
            _numbered(f"Pertimbangan Teknis {pertek_issuer(ctx)}", ctx, "pertek_number", "pertek_date")
        )
    if data.get("minister_approval_number"):
        notes.append(
            _numbered(
                "Persetujuan tertulis Menteri Dalam Negeri",
                ctx,
                "minister_approval_number",
                "minister_approval_date",
            )
        )
    return tuple(terminated(note) for note in (*notes, *parts.noting))


def legal_bases(ctx: Context, kind: str, parts: Parts) -> tuple[str, ...]:
    """Mengingat: the region's own bases and the kind's, plus the election law when the Minister
    approved a replacement of officials (UU 10/2016 Pasal 71 ayat (2)); each cited in full, in
    the order of the hierarchy. A list configured for the kind replaces all of it."""
    configured = settings.SAHIH_DECREE["legal_bases"].get(kind)
    if configured:
        return tuple(configured)
    election = (UU_PILKADA,) if ctx.data.get("minister_approval_number") else ()
    return in_hierarchy(cite(law) for law in (*region_bases(), *parts.legal_bases, *election))


def head_title(opd: str, place: str) -> str:
    """ "Kepala Dinas Perhubungan Kota Tanjungbalai", "Camat Datuk Bandar Kota Tanjungbalai" """
    title = next((head + opd[len(prefix) :] for prefix, head in HEAD_TITLES if opd.startswith(prefix)), None)
    title = title or f"Kepala {opd}"
    return title if title.endswith(place) else f"{title} {place}"


def region_head(name: str) -> str:
    """ "Pemerintah Kota Medan" -> "Wali Kota Medan"; otherwise the PPK of what is named."""
    bare = name.removeprefix("Pemerintah ").strip()
    for prefix, head in REGION_HEADS:
        if bare.startswith(prefix):
            return head + bare[len(prefix) :]
    return f"Pejabat Pembina Kepegawaian {name}"


def _units(ctx: Context, kind: str) -> set[str]:
    """The OPDs whose heads get a copy: those the decree moves people out of or into; for a
    correction or revocation, those its people stood in under the decree it changes."""
    people = ctx.people
    if kind in ("correction", "revocation"):
        named = {person.nip for person in people}
        people = tuple(person for person in ctx.target_people if person.nip in named) or people
    return {p.old_opd for p in people} | {p.new_opd for p in people} - {""}


def copies(ctx: Context, kind: str) -> tuple[str, ...]:
    """Tembusan, in the order of the hierarchy: the Governor, another region's head (a transfer
    between regions), the BKN regional office (``copies_before``); then the region's own
    offices and the heads of the units concerned; PT TASPEN for a dismissal; the employee (or,
    after a death, the heirs); the archive."""
    r = ctx.region
    place = f"{r['kind']} {r['name']}"
    external = list(settings.SAHIH_DECREE["copies_before"])
    other = ctx.data.get("destination_region") or ctx.data.get("origin_region")
    if other and kind in ("transfer_in", "transfer_out"):
        after_governor = next((i + 1 for i, c in enumerate(external) if c.startswith("Gubernur")), 0)
        external.insert(after_governor, region_head(str(other)))
    internal = [
        f"Inspektur {place}",
        f"Kepala Badan Pengelolaan Keuangan dan Aset Daerah {place}",
        f"Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia {place}",
    ]
    for opd in sorted(_units(ctx, kind)):
        title = head_title(opd, place)
        if title not in internal:
            internal.append(title)
    by_kind = settings.SAHIH_DECREE.get("copies_by_kind", {})
    extra = by_kind.get(kind)
    if extra is None:
        extra = (settings.SAHIH_DECREE["taspen_office"],) if kind in DISMISSALS else ()
    subject = (
        "Ahli waris yang bersangkutan"
        if kind == "dismissal_death"
        else "Pegawai Negeri Sipil yang bersangkutan"
    )
    lines = [*external, *internal, *extra, subject, "Arsip"]
    return tuple(
        terminated(line) if i < len(lines) - 1 else terminated(line, ".") for i, line in enumerate(lines)
    )


def compose(
    *, case: Case, number: str, decree_date: date, signature: Signature, verify_url: str
) -> DecreeDocument:
    """The decree of ``case``: its active items, as frozen at submission, are its people."""
    return compose_context(
        decree_context(case, decree_date=decree_date),
        kind=case.kind,
        number=number,
        decree_date=decree_date,
        signature=signature,
        verify_url=verify_url,
        certifier=certifier_on(decree_date),
    )


def compose_context(
    ctx: Context,
    *,
    kind: str,
    number: str,
    decree_date: date,
    signature: Signature,
    verify_url: str,
    certifier: Signature | None = None,
) -> DecreeDocument:
    """The decree from a composer's context (the benchmark builds one without a database)."""
    parts = COMPOSERS[kind](ctx)
    head = ctx.head
    considering = (
        *parts.considering,
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam {letters_reference(len(parts.considering))}, "
        f"perlu menetapkan Keputusan {head} tentang {parts.title};",
    )
    r = ctx.region
    return DecreeDocument(
        heading=(issuer(), f"PROVINSI {r['province'].upper()}"),
        issuer=issuer(),
        number=number,
        title=parts.title.upper(),
        short_title=parts.title,
        considering=tuple(terminated(item) for item in considering),
        legal_bases=tuple(terminated(item) for item in legal_bases(ctx, kind, parts)),
        noting=noting(ctx, parts),
        decides=f"KEPUTUSAN {head.upper()} TENTANG {parts.title.upper()}.",
        dictums=(*parts.dictums, Dictum(CLOSING_DICTUM)),
        place=r["capital"],
        date=decree_date,
        signature=signature,
        copies=copies(ctx, kind),
        annex=tuple(annex_row(n, person, parts) for n, person in enumerate(ctx.people, 1)),
        # A correction or revocation names the decree it changes, not a list of people.
        annex_refers=ctx.collective and kind not in ("correction", "revocation"),
        annex_headers=parts.annex_headers,
        verify_url=verify_url,
        footer=FOOTER,
        emblem=r.get("emblem", ""),
        certifier=certifier,
    )
