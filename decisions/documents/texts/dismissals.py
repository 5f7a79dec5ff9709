"""Dismissals (pemberhentian, Peraturan BKN 3/2020): at retirement age, at own request, on
death, as a heavy disciplinary sanction, and as unfit for work.

Each states the TMT, whether the dismissal is honourable (all of these are "dengan hormat";
the disciplinary one "tidak atas permintaan sendiri"), and the pension rights. An own-request
dismissal that was postponed states the end of the postponement (PP 11/2017, max. 1 year).
"""

from __future__ import annotations

from datetime import date

from ..model import Dictum
from ..words import parse_day
from .common import (
    PERBKN_PEMBERHENTIAN,
    PNS,
    PP_DISIPLIN,
    UU_PENSIUN,
    Context,
    Parts,
    Person,
    bases,
    particulars,
    referred,
    subject,
    the_people,
)

# Own-request dismissal keeps a pension from this age and years of service (PP 11/2017) [R];
# a case may state the outcome itself in ``data["pension_rights"]``.
APS_PENSION_MIN_AGE = 45
APS_PENSION_MIN_YEARS = 20
WITH_PENSION = (
    "Kepada {who} diberikan hak pensiun sesuai dengan ketentuan peraturan perundang-undangan, yang "
    "pembayarannya dilaksanakan oleh PT TASPEN (Persero)."
)
WITHOUT_PENSION = (
    "{who} diberhentikan tanpa hak pensiun karena belum memenuhi persyaratan usia dan masa kerja, dan "
    "kepadanya diberikan hak kepegawaian lainnya sesuai dengan ketentuan peraturan perundang-undangan."
)


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def qualifies_for_pension(person: Person, on: date) -> bool:
    """Age and years of service read from the NIP (date of birth, TMT CPNS) on ``on``."""
    digits = person.nip.replace(" ", "")
    birth = parse_day(f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}")
    start = parse_day(f"{digits[8:12]}-{digits[12:14]}-01")
    if birth is None or start is None:
        return False
    return (
        _years_between(birth, on) >= APS_PENSION_MIN_AGE
        and _years_between(start, on) >= APS_PENSION_MIN_YEARS
    )


def _pension(ctx: Context, *, default: bool | None) -> Dictum:
    stated = ctx.data.get("pension_rights")
    rights = stated if isinstance(stated, bool) else default
    if rights is None:
        rights = all(qualifies_for_pension(p, ctx.case.effective_date) for p in ctx.people)
    return Dictum((WITH_PENSION if rights else WITHOUT_PENSION).format(who=referred(ctx)))


def _salary_until(ctx: Context) -> Dictum:
    return Dictum(
        f"Gaji dan penghasilan lain {referred(ctx)} dibayarkan sampai dengan akhir bulan sebelum tanggal "
        "pemberhentian sebagaimana dimaksud dalam Diktum KESATU."
    )


def _dismiss(ctx: Context, verb: str) -> Dictum:
    """KESATU: "Memberhentikan dengan hormat ..." for one person (with the TMT) or the annex."""
    if ctx.collective:
        return Dictum(
            f"{verb} {the_people(ctx)}, terhitung mulai tanggal sebagaimana tercantum dalam kolom 5."
        )
    return Dictum(f"{verb}:", details=particulars(ctx.person), after=f"terhitung mulai tanggal {ctx.tmt}.")


def _annex(ctx: Context, tmt_header: str) -> dict:
    return {
        "annex_headers": ("Jabatan dan Unit Kerja Terakhir", tmt_header),
        "annex_columns": lambda p: (p.old_post or "-", p.old_unit, ctx.tmt, ""),
    }


def retirement(ctx: Context) -> Parts:
    return Parts(
        title=f"Pemberhentian dengan Hormat {PNS} yang Mencapai Batas Usia Pensiun dengan Hak Pensiun",
        considering=(
            f"bahwa {subject(ctx)} telah mencapai Batas Usia Pensiun, sehingga perlu diberhentikan dengan "
            f"hormat sebagai {PNS} dengan hak pensiun;",
        ),
        legal_bases=bases(UU_PENSIUN, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(
                ctx,
                f"Memberhentikan dengan hormat sebagai {PNS} karena mencapai Batas Usia Pensiun, dengan hak "
                "pensiun,",
            ),
            _pension(ctx, default=True),
            _salary_until(ctx),
        ),
        **_annex(ctx, "TMT Pensiun"),
    )


def own_request(ctx: Context) -> Parts:
    postponed = ctx.day("postponed_until") if ctx.data.get("postponed_until") else ""
    request = f" dengan surat tanggal {ctx.day('request_date')}" if ctx.data.get("request_date") else ""
    assessment = (
        "bahwa terhadap permohonan sebagaimana dimaksud dalam huruf a tidak terdapat alasan untuk menolak"
    )
    if postponed:
        assessment += (
            f", namun karena kepentingan dinas mendesak pemberhentiannya perlu ditunda sampai dengan tanggal "
            f"{postponed}"
        )
    dictums = [_dismiss(ctx, f"Memberhentikan dengan hormat atas permintaan sendiri sebagai {PNS}")]
    if postponed:
        dictums.append(
            Dictum(
                "Pemberhentian sebagaimana dimaksud dalam Diktum KESATU ditunda karena kepentingan dinas "
                f"mendesak sampai dengan tanggal {postponed}; selama masa penundaan, {PNS} yang bersangkutan "
                "tetap melaksanakan tugas dan menerima gaji serta penghasilan lain sesuai dengan ketentuan "
                "peraturan perundang-undangan."
            )
        )
    dictums += [_pension(ctx, default=None), _salary_until(ctx)]
    return Parts(
        title=f"Pemberhentian dengan Hormat atas Permintaan Sendiri sebagai {PNS}",
        considering=(
            f"bahwa {subject(ctx)} telah mengajukan permohonan berhenti atas permintaan sendiri sebagai "
            f"{PNS}{request};",
            f"{assessment};",
        ),
        legal_bases=bases(UU_PENSIUN, PERBKN_PEMBERHENTIAN),
        dictums=tuple(dictums),
        **_annex(ctx, "TMT Pemberhentian"),
    )


def death(ctx: Context) -> Parts:
    certificate = ctx.data.get("death_certificate_number")
    evidence = (
        f" sebagaimana tercantum dalam Surat Keterangan Kematian Nomor {certificate}" if certificate else ""
    )
    female = not ctx.collective and ctx.person.female
    late = "almarhumah" if female else "almarhum"
    survivor = "duda" if female else "janda"
    if ctx.collective:
        late, survivor = "almarhum/almarhumah", "janda/duda"
    return Parts(
        title=f"Pemberhentian dengan Hormat {PNS} yang Meninggal Dunia",
        considering=(
            f"bahwa {subject(ctx)} telah meninggal dunia pada tanggal {ctx.day('date_of_death')}{evidence};",
        ),
        legal_bases=bases(UU_PENSIUN, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(ctx, f"Memberhentikan dengan hormat sebagai {PNS} karena meninggal dunia"),
            Dictum(
                f"Kepada {survivor} atau anak yang sah dari {late} diberikan hak pensiun {survivor} atau "
                "pensiun anak, uang duka wafat, dan hak kepegawaian lainnya sesuai dengan ketentuan peraturan "
                "perundang-undangan."
            ),
        ),
        **_annex(ctx, "TMT Pemberhentian"),
    )


def discipline(ctx: Context) -> Parts:
    number = ctx.data.get("sanction_decree_number") or "-"
    stated = ctx.data.get("pension_rights")
    if isinstance(stated, bool):
        pension = _pension(ctx, default=stated)
    else:
        pension = Dictum(
            f"Kepada {referred(ctx)} diberikan hak pensiun apabila memenuhi persyaratan usia dan masa kerja, "
            "serta hak kepegawaian lainnya, sesuai dengan ketentuan peraturan perundang-undangan."
        )
    return Parts(
        title=f"Pemberhentian dengan Hormat Tidak atas Permintaan Sendiri sebagai {PNS}",
        considering=(
            f"bahwa {subject(ctx)} telah dijatuhi hukuman disiplin berat berupa pemberhentian dengan hormat "
            f"tidak atas permintaan sendiri sebagai {PNS} berdasarkan Keputusan penjatuhan hukuman disiplin "
            f"Nomor {number}, sesuai dengan Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin {PNS};",
        ),
        legal_bases=bases(UU_PENSIUN, PP_DISIPLIN, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(ctx, f"Memberhentikan dengan hormat tidak atas permintaan sendiri sebagai {PNS}"),
            pension,
            _salary_until(ctx),
            Dictum(
                f"{referred(ctx)} dapat mengajukan upaya administratif sesuai dengan ketentuan peraturan "
                "perundang-undangan."
            ),
        ),
        **_annex(ctx, "TMT Pemberhentian"),
    )


def unfit(ctx: Context) -> Parts:
    number = ctx.data.get("health_certificate_number") or "-"
    return Parts(
        title=f"Pemberhentian dengan Hormat {PNS} karena Tidak Cakap Jasmani dan/atau Rohani",
        considering=(
            f"bahwa berdasarkan Surat Keterangan Tim Penguji Kesehatan Nomor {number}, {subject(ctx)} "
            "dinyatakan tidak dapat bekerja lagi dalam semua jabatan karena kesehatannya;",
        ),
        legal_bases=bases(UU_PENSIUN, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(
                ctx, f"Memberhentikan dengan hormat sebagai {PNS} karena tidak cakap jasmani dan/atau rohani"
            ),
            _pension(ctx, default=True),
            _salary_until(ctx),
        ),
        **_annex(ctx, "TMT Pemberhentian"),
    )
