"""Composing a decree's text from a case: the legal frame every Keputusan shares.

The words of each kind are in texts/ (one module per family). Here: the closing Menimbang
item, Memperhatikan from the facts on file (case data), the configured legal bases, the
closing diktum, the signature block by its rules (Permendagri 1/2023 Ps. 44), the copies.
Legal bases and copies are configured per kind (``settings.SAHIH_DECREE``) because each
region cites its own regulations; the defaults in texts/ are what a region starts from.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings

from ..models import Case
from .model import DecreeDocument, Dictum, Signature
from .texts import COMPOSERS
from .texts.common import CLOSING_DICTUM, Context, Parts, annex_row, person_from_snapshot
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
# Copies a kind adds to every region's list (settings.SAHIH_DECREE["copies_by_kind"] overrides).
DEFAULT_COPIES_BY_KIND = {kind: ("Kepala Kantor Cabang PT TASPEN (Persero)",) for kind in DISMISSALS}


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
            _numbered(
                "Pertimbangan Teknis Kepala Badan Kepegawaian Negara", ctx, "pertek_number", "pertek_date"
            )
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


def _copies(ctx: Context, kind: str) -> tuple[str, ...]:
    r = ctx.region
    place = f"{r['kind']} {r['name']}"
    copies = [
        *settings.SAHIH_DECREE["copies_before"],
        f"Inspektur {place}",
        f"Kepala Badan Pengelolaan Keuangan dan Aset Daerah {place}",
        f"Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia {place}",
    ]
    for opd in sorted({p.old_opd for p in ctx.people} | {p.new_opd for p in ctx.people} - {""}):
        if not any(copy.startswith(f"Kepala {opd}") for copy in copies):
            copies.append(f"Kepala {opd}")
    for key in ("origin_region", "destination_region"):
        if ctx.data.get(key) and kind in ("transfer_in", "transfer_out"):
            copies.append(f"Pejabat Pembina Kepegawaian {ctx.data[key]}")
    by_kind = settings.SAHIH_DECREE.get("copies_by_kind", {})
    copies += list(by_kind.get(kind, DEFAULT_COPIES_BY_KIND.get(kind, ())))
    copies.append(
        "Ahli waris yang bersangkutan"
        if kind == "dismissal_death"
        else "Pegawai Negeri Sipil yang bersangkutan"
    )
    copies.append("Arsip")
    return tuple(
        terminated(copy) if i < len(copies) - 1 else terminated(copy, ".") for i, copy in enumerate(copies)
    )


def compose(
    *, case: Case, number: str, decree_date: date, signature: Signature, verify_url: str
) -> DecreeDocument:
    """The decree of ``case``: its active items, as frozen at submission, are its people."""
    items = list(case.items.filter(status="active").order_by("position_in_case"))
    people = tuple(person_from_snapshot(item.position_in_case, item.snapshot) for item in items)
    ctx = Context(case=case, people=people, region=region(), target=case.target_decree)
    return compose_context(
        ctx,
        kind=case.kind,
        number=number,
        decree_date=decree_date,
        signature=signature,
        verify_url=verify_url,
    )


def compose_context(
    ctx: Context, *, kind: str, number: str, decree_date: date, signature: Signature, verify_url: str
) -> DecreeDocument:
    """The decree from a composer's context (the benchmark builds one without a database)."""
    people = ctx.people
    parts = COMPOSERS[kind](ctx)
    head = ctx.head
    considering = (
        *parts.considering,
        f"bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam {letters_reference(len(parts.considering))}, "
        f"perlu menetapkan Keputusan {head} tentang {parts.title};",
    )
    configured = settings.SAHIH_DECREE["legal_bases"].get(kind)
    legal_bases = tuple(configured) if configured else parts.legal_bases
    r = ctx.region
    return DecreeDocument(
        heading=(issuer(), f"PROVINSI {r['province'].upper()}"),
        issuer=issuer(),
        number=number,
        title=parts.title.upper(),
        short_title=parts.title,
        considering=tuple(terminated(item) for item in considering),
        legal_bases=tuple(terminated(item) for item in legal_bases),
        noting=noting(ctx, parts),
        decides=f"KEPUTUSAN {head.upper()} TENTANG {parts.title.upper()}.",
        dictums=(*parts.dictums, Dictum(CLOSING_DICTUM)),
        place=r["capital"],
        date=decree_date,
        signature=signature,
        copies=_copies(ctx, kind),
        annex=tuple(annex_row(n, person, parts) for n, person in enumerate(people, 1)),
        # A correction or revocation names the decree it changes, not a list of people.
        annex_refers=ctx.collective and kind not in ("correction", "revocation"),
        annex_headers=parts.annex_headers,
        verify_url=verify_url,
        footer=FOOTER,
        emblem=r.get("emblem", ""),
    )
