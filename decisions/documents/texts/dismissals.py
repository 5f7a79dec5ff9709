"""Dismissals (pemberhentian, Peraturan BKN 3/2020): at retirement age, at own request, on
death, as a heavy disciplinary sanction, and as unfit for work.

Each states the TMT, whether the dismissal is honourable (all of these are "dengan hormat";
the disciplinary one "tidak atas permintaan sendiri"), and the pension rights. An own-request
dismissal that was postponed states the end of the postponement (PP 11/2017, max. 1 year).

A retirement decree also carries what PT TASPEN needs to pay the pension (decisions/pension.py):
the years of service, the last basic salary, the basic pension and its first month, and the
family entitled after the pensioner -- for one person in its dictums, for several in the
Lampiran under each person's row. Its recital is true on the day of signing: before the
birthday that reaches the retirement age it says the employee *will* reach it.
"""

from __future__ import annotations

from datetime import date

from ...pension import SALARY_REGULATION, Pension, rupiah
from ..model import Dictum
from ..words import indonesian_date, number_words, parse_day
from .common import (
    PERBKN_PEMBERHENTIAN,
    PNS,
    PP_DISIPLIN,
    PP_GAJI,
    UU_PENSIUN,
    Context,
    Parts,
    Person,
    bases,
    counted,
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


def _dismiss(ctx: Context, verb: str, *, qualifier: str = "") -> Dictum:
    """KESATU: "Memberhentikan dengan hormat ..." for one person (with the TMT) or the annex;
    ``qualifier`` ("dengan hak pensiun") follows the person, before the TMT."""
    lead = f"{qualifier}, " if qualifier else ""
    if ctx.collective:
        return Dictum(
            f"{verb} {the_people(ctx)}, {lead}terhitung mulai tanggal sebagaimana tercantum dalam kolom 5."
        )
    return Dictum(
        f"{verb}:", details=particulars(ctx.person), after=f"{lead}terhitung mulai tanggal {ctx.tmt}."
    )


def _annex(ctx: Context, tmt_header: str) -> dict:
    return {
        "annex_headers": ("Jabatan dan Unit Kerja Terakhir", tmt_header),
        "annex_columns": lambda p: (p.old_post or "-", p.old_unit, ctx.tmt, ""),
    }


def _reaches(pension: Pension, signed: date | None) -> str:
    """ "akan mencapai" before the birthday that reaches the retirement age, else "telah mencapai"."""
    return "akan mencapai" if signed is not None and signed < pension.bup_birthday else "telah mencapai"


def _recital(ctx: Context) -> str:
    pensions = [ctx.pensions[p.item] for p in ctx.people if p.item in ctx.pensions]
    if ctx.collective or len(pensions) != len(ctx.people):
        verbs = {_reaches(pension, ctx.decree_date) for pension in pensions} or {"telah mencapai"}
        verb = verbs.pop() if len(verbs) == 1 else "telah atau akan mencapai"
        return (
            f"bahwa {subject(ctx)} {verb} Batas Usia Pensiun pada tanggal sebagaimana tercantum dalam "
            f"Lampiran Keputusan ini, sehingga perlu diberhentikan dengan hormat sebagai {PNS} dengan hak "
            "pensiun;"
        )
    pension = pensions[0]
    return (
        f"bahwa {subject(ctx)}, lahir tanggal {indonesian_date(pension.birth_date)}, "
        f"{_reaches(pension, ctx.decree_date)} Batas Usia Pensiun {counted(pension.bup_age)} tahun pada "
        f"tanggal {indonesian_date(pension.bup_birthday)}, sehingga perlu diberhentikan dengan hormat sebagai "
        f"{PNS} dengan hak pensiun terhitung mulai tanggal {ctx.tmt};"
    )


def _years(span: tuple[int, int]) -> str:
    years, months = span
    return f"{years} tahun {months} bulan"


def pension_particulars(pension: Pension) -> tuple[tuple[str, str], ...]:
    """The Taspen particulars of one person, as the decree lists them."""
    percent = f"{pension.percent.normalize():f}".replace(".", ",")
    return (
        (
            "Gaji pokok terakhir",
            f"{rupiah(pension.last_salary)}, golongan ruang {pension.golongan}, masa kerja golongan "
            f"{_years(pension.mkg)} ({SALARY_REGULATION})",
        ),
        ("Masa kerja pensiun", _years(pension.service)),
        ("Persentase", f"{percent}% (2,5% untuk setiap tahun masa kerja, paling tinggi 75%)"),
        ("Pensiun pokok sebulan", f"{rupiah(pension.amount)} ({number_words(pension.amount)} rupiah)"),
        ("Mulai diberikan", indonesian_date(pension.starts)),
    )


def family_particulars(lines) -> tuple[tuple[str, str], ...]:
    """ "Istri : Siti Aminah, lahir 3 Maret 1970, menikah 4 Mei 1992" """
    rows = []
    for line in lines:
        text = f"{line.name}, lahir {indonesian_date(line.birth_date)}"
        if line.marriage_date:
            text += f", menikah {indonesian_date(line.marriage_date)}"
        rows.append((line.relation, text))
    return tuple(rows)


def _pension_dictums(ctx: Context) -> tuple[Dictum, ...]:
    """The pension granted and the family entitled after the pensioner (UU 11/1969)."""
    if ctx.collective:
        return (
            Dictum(
                f"Kepada {referred(ctx)} diberikan pensiun pokok sebulan yang besarnya, beserta istri/suami dan "
                "anak yang berhak menerima pensiun janda/duda atau pensiun anak, sebagaimana tercantum dalam "
                "Lampiran Keputusan ini, yang pembayarannya dilaksanakan oleh PT TASPEN (Persero)."
            ),
        )
    pension = ctx.pensions.get(ctx.person.item)
    if pension is None or not pension.complete:
        return (Dictum(WITH_PENSION.format(who=referred(ctx))),)
    granted = Dictum(
        f"Kepada {referred(ctx)} diberikan pensiun pokok sebulan, dengan perincian:",
        details=pension_particulars(pension),
        after="yang pembayarannya dilaksanakan oleh PT TASPEN (Persero).",
    )
    if not pension.family:
        return (
            granted,
            Dictum(
                f"{referred(ctx)} tidak mempunyai istri/suami atau anak yang terdaftar berhak menerima pensiun "
                "janda/duda atau pensiun anak."
            ),
        )
    family = Dictum(
        f"Apabila {referred(ctx)} meninggal dunia, kepada istri/suami dan anak di bawah ini diberikan pensiun "
        "janda/duda atau pensiun anak sesuai dengan ketentuan peraturan perundang-undangan:",
        details=family_particulars(pension.family),
    )
    return granted, family


def _retirement_annex(ctx: Context) -> dict:
    def particulars_of(person: Person) -> tuple[tuple[str, str], ...]:
        pension = ctx.pensions.get(person.item)
        if pension is None:
            return ()
        reached = (
            "Batas Usia Pensiun",
            f"{counted(pension.bup_age)} tahun, dicapai tanggal {indonesian_date(pension.bup_birthday)}",
        )
        money = pension_particulars(pension) if pension.complete else ()
        return (reached, *money, *family_particulars(pension.family))

    return {**_annex(ctx, "TMT Pensiun"), "annex_particulars": particulars_of}


def retirement(ctx: Context) -> Parts:
    return Parts(
        title=f"Pemberhentian dengan Hormat {PNS} yang Mencapai Batas Usia Pensiun dengan Hak Pensiun",
        considering=(_recital(ctx),),
        legal_bases=bases(UU_PENSIUN, PP_GAJI, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(
                ctx,
                f"Memberhentikan dengan hormat sebagai {PNS} karena mencapai Batas Usia Pensiun",
                qualifier="dengan hak pensiun",
            ),
            *_pension_dictums(ctx),
            _salary_until(ctx),
        ),
        **_retirement_annex(ctx),
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
    """The TMT is the first day of the month after the death, when the survivors' pension
    starts (UU 11/1969 Pasal 24); the rule death_tmt refuses any other date."""
    certificate = ctx.data.get("death_certificate_number")
    evidence = (
        f" sebagaimana tercantum dalam Surat Keterangan Kematian Nomor {certificate}" if certificate else ""
    )
    female = not ctx.collective and ctx.person.female
    late = "almarhumah" if female else "almarhum"
    survivor = "duda" if female else "janda"
    if ctx.collective:
        late, survivor = "almarhum/almarhumah", "janda/duda"
    family = () if ctx.collective else ctx.families.get(ctx.person.item, ())
    if family:
        survivors = Dictum(
            f"Kepada {survivor} dan/atau anak dari {late} yang tercantum di bawah ini diberikan pensiun {survivor} "
            f"atau pensiun anak terhitung mulai tanggal {ctx.tmt}, uang duka wafat, dan hak kepegawaian lainnya "
            "sesuai dengan ketentuan peraturan perundang-undangan:",
            details=family_particulars(family),
        )
    else:
        survivors = Dictum(
            f"Kepada {survivor} atau anak yang sah dari {late} diberikan hak pensiun {survivor} atau pensiun anak "
            f"terhitung mulai tanggal {ctx.tmt}, uang duka wafat, dan hak kepegawaian lainnya sesuai dengan "
            "ketentuan peraturan perundang-undangan."
        )
    return Parts(
        title=f"Pemberhentian dengan Hormat {PNS} yang Meninggal Dunia",
        considering=(
            f"bahwa {subject(ctx)} telah meninggal dunia pada tanggal {ctx.day('date_of_death')}{evidence};",
        ),
        legal_bases=bases(UU_PENSIUN, PERBKN_PEMBERHENTIAN),
        dictums=(
            _dismiss(ctx, f"Memberhentikan dengan hormat sebagai {PNS} karena meninggal dunia"),
            survivors,
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
