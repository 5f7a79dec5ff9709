"""Corrections and revocations of a decree (UU 30/2014 on government administration).

A correction amends the named decree ("Mengubah ...": the rest stays in force) and the old
decree shows as superseded; a revocation revokes it ("Mencabut ...", UU 30/2014 Ps. 64:
a defect of authority, procedure or substance) and the old decree shows as revoked. Either
way the old decree keeps its number, which is never given again.
"""

from __future__ import annotations

from ..model import Dictum
from ..words import indonesian_date, title_words
from .common import UU_ADMINISTRASI, Context, Parts, bases


def target_reference(ctx: Context) -> str:
    """ "Keputusan Wali Kota Tanjungbalai Nomor ... tanggal ... tentang ..." """
    target = ctx.target
    if target is None:
        return f"Keputusan {ctx.issuer}"
    topic = (target.content or {}).get("short_title") or title_words(target.title)
    return f"Keputusan {ctx.issuer} Nomor {target.number} tanggal {indonesian_date(target.decree_date)} tentang {topic}"


def _short_reference(ctx: Context) -> str:
    number = ctx.target.number if ctx.target is not None else "-"
    return f"Keputusan {ctx.issuer} Nomor {number}"


def correction(ctx: Context) -> Parts:
    reference = target_reference(ctx)
    corrected = str(ctx.data.get("correction") or "").strip() or "-"
    return Parts(
        title=f"Perubahan atas {_short_reference(ctx)}",
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


def revocation(ctx: Context) -> Parts:
    reference = target_reference(ctx)
    return Parts(
        title=f"Pencabutan {_short_reference(ctx)}",
        considering=(
            f"bahwa terhadap {reference} terdapat cacat wewenang, prosedur, dan/atau substansi sebagaimana "
            "dimaksud dalam Pasal 64 Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan, "
            "sehingga Keputusan tersebut perlu dicabut;",
        ),
        legal_bases=bases(UU_ADMINISTRASI),
        dictums=(
            Dictum(f"Mencabut {reference}."),
            Dictum(
                "Dengan berlakunya Keputusan ini, Keputusan sebagaimana dimaksud dalam Diktum KESATU "
                "dinyatakan tidak berlaku."
            ),
        ),
    )
