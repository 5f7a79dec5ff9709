"""Corrections and revocations of a decree (UU 30/2014 on government administration).

A correction amends the named decree ("Mengubah ...": the rest stays in force) and the old
decree shows as superseded; a revocation revokes it ("Mencabut ...") and the old decree shows
as revoked. Either way the old decree keeps its number, which is never given again, and the
title names the old decree by number and by what it was about (its TENTANG).

A revocation states its ground as recorded in the case: which defect of UU 30/2014 Pasal 64
ayat (1) -- authority (huruf a), procedure (huruf b), substance (huruf c) -- and what it was;
and what follows for the people of the revoked decree: a move is undone (they return to their
former post and are paid there again), a dismissal is undone (they are reinstated and paid).
"""

from __future__ import annotations

from ..model import Dictum
from ..words import indonesian_date, title_words
from .common import PNS, UU_ADMINISTRASI, Context, Parts, bases

# UU 30/2014 Pasal 64 ayat (1): "cacat: a. wewenang; b. prosedur; dan/atau c. substansi".
DEFECTS = {"wewenang": "a", "prosedur": "b", "substansi": "c"}
MOVES = ("transfer", "transfer_in", "appointment_structural", "appointment_functional", "appointment_jpt")


def _topic(ctx: Context) -> str:
    target = ctx.target
    if target is None:
        return ""
    return (target.content or {}).get("short_title") or title_words(target.title)


def target_reference(ctx: Context) -> str:
    """ "Keputusan Wali Kota Tanjungbalai Nomor ... tanggal ... tentang ..." """
    target = ctx.target
    if target is None:
        return f"Keputusan {ctx.issuer}"
    return (
        f"Keputusan {ctx.issuer} Nomor {target.number} tanggal {indonesian_date(target.decree_date)} "
        f"tentang {_topic(ctx)}"
    )


def _short_reference(ctx: Context) -> str:
    number = ctx.target.number if ctx.target is not None else "-"
    return f"Keputusan {ctx.issuer} Nomor {number}"


def _titled_reference(ctx: Context) -> str:
    """What a title names: the decree's number and its TENTANG."""
    topic = _topic(ctx)
    return f"{_short_reference(ctx)} tentang {topic}" if topic else _short_reference(ctx)


def correction(ctx: Context) -> Parts:
    reference = target_reference(ctx)
    corrected = str(ctx.data.get("correction") or "").strip() or "-"
    return Parts(
        title=f"Perubahan atas {_titled_reference(ctx)}",
        considering=(
            f"bahwa dalam {reference} terdapat kekeliruan, sehingga perlu diadakan perbaikan sebagaimana "
            "mestinya;",
        ),
        legal_bases=bases(UU_ADMINISTRASI),
        dictums=(
            Dictum(f"Mengubah {reference}, sebagai berikut:", after=corrected),
            Dictum(
                f"Ketentuan lain dalam {_short_reference(ctx)} yang tidak diubah dengan Keputusan ini "
                "dinyatakan tetap berlaku."
            ),
        ),
    )


def defects(ctx: Context) -> list[str]:
    """The defects recorded in the case, in the order of Pasal 64 ayat (1)."""
    recorded = ctx.data.get("revocation_defect") or []
    recorded = [recorded] if isinstance(recorded, str) else list(recorded)
    return [defect for defect in DEFECTS if defect in recorded]


def _ground(ctx: Context) -> str:
    found = defects(ctx) or list(DEFECTS)
    named = " dan ".join(f"cacat {defect}" for defect in found)
    letters = " dan ".join(f"huruf {DEFECTS[defect]}" for defect in found)
    reason = str(ctx.data.get("revocation_reason") or "").strip().rstrip(".;")
    what = f", yaitu {reason}" if reason else ""
    return (
        f"bahwa {target_reference(ctx)} mengandung {named} sebagaimana dimaksud dalam Pasal 64 ayat (1) "
        f"{letters} Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan{what}, sehingga "
        "Keputusan tersebut perlu dicabut;"
    )


def _consequence(ctx: Context) -> Dictum:
    """What follows for the people of the revoked decree."""
    stated = str(ctx.data.get("revocation_consequence") or "").strip()
    if stated:
        return Dictum(stated)
    kind = ctx.target.case.kind if ctx.target is not None else ""
    who = f"{PNS} yang namanya tercantum dalam {_short_reference(ctx)}"
    if kind in MOVES:
        before = {p.nip: p for p in ctx.target_people}
        person = before.get(ctx.person.nip) if ctx.people and not ctx.collective else None
        if person is not None and person.old_post:
            back = f"dikembalikan pada jabatan {person.old_post} pada {person.old_unit}"
        else:
            back = "dikembalikan pada jabatan dan unit kerja semula"
        return Dictum(
            f"{who} {back}, dan gaji serta penghasilan lainnya dibayarkan melalui perangkat daerah semula "
            f"terhitung mulai tanggal {ctx.pay_tmt}."
        )
    if kind.startswith("dismissal"):
        return Dictum(
            f"{who} dipulihkan kedudukannya sebagai {PNS}, dan kepadanya dibayarkan kembali gaji serta "
            f"penghasilan lainnya terhitung mulai tanggal {ctx.pay_tmt} sesuai dengan ketentuan peraturan "
            "perundang-undangan."
        )
    return Dictum(
        f"Segala akibat hukum {_short_reference(ctx)} terhadap {who} dipulihkan seperti keadaan semula sesuai "
        "dengan ketentuan peraturan perundang-undangan."
    )


def revocation(ctx: Context) -> Parts:
    reference = target_reference(ctx)
    return Parts(
        title=f"Pencabutan {_titled_reference(ctx)}",
        considering=(_ground(ctx),),
        legal_bases=bases(UU_ADMINISTRASI),
        dictums=(
            Dictum(f"Mencabut {reference}."),
            Dictum(
                "Dengan berlakunya Keputusan ini, Keputusan sebagaimana dimaksud dalam Diktum KESATU "
                "dinyatakan tidak berlaku."
            ),
            _consequence(ctx),
        ),
    )
