"""The appointment of CPNS as PNS (pengangkatan CPNS menjadi PNS, PP 11/2017 Ps. 34-36):
usually one decree for a whole intake, with the collective annex; each new PNS gets their
extract (petikan).

The CPNS has served the year's probation, passed the basic training (pelatihan dasar) and is
healthy in body and mind; the decree appoints them PNS in the rank and post they hold, from
the TMT, and reminds them of the oath of office (sumpah/janji PNS) they must take.
"""

from __future__ import annotations

from ..model import Dictum
from .common import PNS, PP_KINERJA, Context, Parts, bases, particulars

CPNS = f"Calon {PNS}"


def _who(ctx: Context) -> str:
    if ctx.collective:
        return f"{CPNS} yang namanya tercantum dalam Lampiran Keputusan ini"
    return ctx.person.reference


def appointment(ctx: Context) -> Parts:
    if ctx.collective:
        first = Dictum(
            f"Mengangkat {CPNS} yang namanya tercantum dalam kolom 2 Lampiran Keputusan ini menjadi {PNS} "
            "dengan pangkat/golongan ruang sebagaimana tercantum dalam kolom 3, dalam jabatan dan unit kerja "
            f"sebagaimana tercantum dalam kolom 4, terhitung mulai tanggal {ctx.tmt}."
        )
    else:
        first = Dictum(
            f"Mengangkat {CPNS} sebagaimana tersebut di bawah ini:",
            details=particulars(ctx.person),
            after=f"menjadi {PNS} terhitung mulai tanggal {ctx.tmt}.",
        )
    who = f"{PNS} sebagaimana dimaksud dalam Diktum KESATU"
    return Parts(
        title=f"Pengangkatan {CPNS} menjadi {PNS} di Lingkungan {ctx.government}",
        considering=(
            f"bahwa {_who(ctx)} telah menjalani masa percobaan, lulus pendidikan dan pelatihan dasar, "
            "dinyatakan sehat jasmani dan rohani, serta memperoleh predikat kinerja paling rendah baik;",
            f"bahwa {CPNS} yang telah memenuhi persyaratan sebagaimana dimaksud dalam huruf a diangkat menjadi "
            f"{PNS} oleh Pejabat Pembina Kepegawaian;",
        ),
        legal_bases=bases(PP_KINERJA),
        dictums=(
            first,
            Dictum(
                f"Kepada {who} diberikan gaji pokok penuh menurut pangkat/golongan ruangnya, ditambah tunjangan "
                "dan penghasilan lain yang sah sesuai dengan ketentuan peraturan perundang-undangan."
            ),
            Dictum(
                f"{who} wajib mengucapkan sumpah/janji {PNS} sesuai dengan ketentuan peraturan "
                "perundang-undangan."
            ),
        ),
        annex_headers=("Jabatan dan Unit Kerja", "TMT PNS"),
        annex_columns=lambda p: (p.old_post or "-", p.old_unit, ctx.tmt, ""),
    )
