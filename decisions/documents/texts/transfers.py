"""Transfers (mutasi, Peraturan BKN 5/2019): between units of the region, out to another
region, and in from another region.

Between regions the final transfer SK is the Gubernur's or the Mendagri's (SE Kepala BKN
3/SE/VIII/2019, reference/domain.md §1d): the region of origin releases the employee and the
receiving region places them, each naming who issues the transfer itself; the receiving
region cites that decision by number and date.

The move takes effect on its TMT, which KESATU states; pay follows from the first day of a
month (``Context.pay_tmt``).
"""

from __future__ import annotations

from ..model import Dictum
from .common import (
    PERBKN_MUTASI,
    PNS,
    Context,
    Parts,
    bases,
    particulars,
    referred,
    subject,
    the_people,
)

REPORT_FOR_DUTY = (
    "{who} wajib melaksanakan tugas pada unit kerja yang baru paling lambat 7 (tujuh) hari kerja sejak "
    "Keputusan ini diterima dan menyampaikan Surat Pernyataan Melaksanakan Tugas."
)


def _salary(ctx: Context) -> Dictum:
    return Dictum(
        f"Gaji dan penghasilan lain {referred(ctx)} dibebankan pada Anggaran Pendapatan dan Belanja "
        f"Daerah {ctx.region['kind']} {ctx.region['name']} melalui perangkat daerah yang baru terhitung "
        f"mulai tanggal {ctx.pay_tmt}."
    )


def issuer_name(ctx: Context, value: str | None) -> str:
    """Who issues an inter-region transfer, as the decree names them: the coded choices of the
    request form ("gubernur", "mendagri") or a name written out."""
    value = (value or "").strip()
    coded = {"gubernur": f"Gubernur {ctx.region['province']}", "mendagri": "Menteri Dalam Negeri"}
    return coded.get(value.lower(), value) or "-"


def transfer(ctx: Context) -> Parts:
    between_units = any(p.old_opd != p.new_opd for p in ctx.people)
    scope = "Antarperangkat Daerah " if between_units else ""
    title = f"Pemindahan {PNS} {scope}di Lingkungan {ctx.government}"
    if ctx.collective:
        first = Dictum(
            f"Memindahkan {the_people(ctx)} dari jabatan dan unit kerja sebagaimana tercantum dalam kolom 4 "
            f"ke jabatan dan unit kerja sebagaimana tercantum dalam kolom 5, terhitung mulai tanggal {ctx.tmt}."
        )
    else:
        first = Dictum(
            f"Memindahkan {the_people(ctx)}:",
            details=particulars(ctx.person, new=True),
            after=f"terhitung mulai tanggal {ctx.tmt}.",
        )
    between = "antarperangkat daerah " if between_units else ""
    dictums = [first]
    if between_units:
        dictums.append(_salary(ctx))
    dictums.append(Dictum(REPORT_FOR_DUTY.format(who=referred(ctx))))
    return Parts(
        title=title,
        considering=(
            "bahwa dalam rangka pemenuhan kebutuhan pegawai sesuai analisis jabatan dan analisis beban "
            f"kerja serta pengembangan karier, perlu dilakukan pemindahan {PNS} {between}di lingkungan "
            f"{ctx.government};",
        ),
        legal_bases=bases(PERBKN_MUTASI),
        dictums=tuple(dictums),
    )


def transfer_out(ctx: Context) -> Parts:
    destination = ctx.data.get("destination_region") or "-"
    final_issuer = issuer_name(ctx, ctx.data.get("final_issuer"))
    return Parts(
        title=f"Pelepasan {PNS} untuk Pindah ke {destination}",
        considering=(
            f"bahwa {subject(ctx)} telah mengajukan permohonan pindah ke {destination} dan telah mendapat "
            "persetujuan Pejabat Pembina Kepegawaian instansi penerima;",
            f"bahwa pemindahan {PNS} antardaerah ditetapkan oleh {final_issuer} setelah mendapat "
            f"pertimbangan teknis Kepala Badan Kepegawaian Negara, sehingga {PNS} yang bersangkutan perlu "
            f"dilepas dari lingkungan {ctx.government};",
        ),
        legal_bases=bases(PERBKN_MUTASI),
        dictums=(
            Dictum(
                f"Melepas {the_people(ctx)}" + ("" if ctx.collective else ":"),
                details=() if ctx.collective else particulars(ctx.person),
                after=f"untuk pindah ke {destination}.",
            ),
            Dictum(
                f"Pemindahan {referred(ctx)} ditetapkan dengan Keputusan {final_issuer} setelah mendapat "
                "pertimbangan teknis Kepala Badan Kepegawaian Negara."
            ),
            Dictum(
                f"{referred(ctx)} tetap melaksanakan tugas pada unit kerja asal, dan gaji serta penghasilan "
                f"lainnya tetap dibayarkan oleh {ctx.government}, sampai dengan ditetapkannya Keputusan "
                "sebagaimana dimaksud dalam Diktum KEDUA; selanjutnya kepadanya diberikan Surat Keterangan "
                "Pemberhentian Pembayaran."
            ),
        ),
        annex_headers=("Jabatan dan Unit Kerja", "Instansi Tujuan"),
        annex_columns=lambda p: (p.old_post or "-", p.old_unit, destination, ""),
    )


def _issues_itself(ctx: Context, final_issuer: str) -> bool:
    """Whether the receiving region's own head issues the transfer (e.g. from a central agency)."""
    return final_issuer.strip().lower() in (ctx.issuer.lower(), f"{ctx.head} {ctx.region['name']}".lower())


def origin_decision(ctx: Context, final_issuer: str) -> str:
    """ "Keputusan Gubernur Sumatera Utara Nomor ... tanggal ..." -- the decision that transfers
    the employee, as recorded in the case."""
    text = f"Keputusan {final_issuer}"
    if ctx.data.get("origin_decree_number"):
        text += f" Nomor {ctx.data['origin_decree_number']}"
    if ctx.data.get("origin_decree_date"):
        text += f" tanggal {ctx.day('origin_decree_date')}"
    return text


def transfer_in(ctx: Context) -> Parts:
    origin = ctx.data.get("origin_region") or "-"
    final_issuer = issuer_name(ctx, ctx.data.get("final_issuer"))
    own = _issues_itself(ctx, final_issuer)
    noting = ()
    if own:
        title = f"Pemindahan {PNS} dari {origin} ke Lingkungan {ctx.government}"
        verb = f"Memindahkan {the_people(ctx)} dari {origin} ke lingkungan {ctx.government}"
    else:
        title = f"Penempatan {PNS} Pindahan dari {origin} di Lingkungan {ctx.government}"
        verb = (
            f"Menempatkan {the_people(ctx)}, pindahan dari {origin} yang pemindahannya ditetapkan dengan "
            f"{origin_decision(ctx, final_issuer)}"
        )
        noting = (f"{origin_decision(ctx, final_issuer)} tentang Pemindahan {PNS};",)
    if ctx.collective:
        first = Dictum(
            f"{verb}, dalam jabatan dan unit kerja sebagaimana tercantum dalam kolom 5, terhitung mulai "
            f"tanggal {ctx.tmt}."
        )
    else:
        person = ctx.person
        first = Dictum(
            f"{verb}:",
            details=(*particulars(person, old=False), ("Instansi asal", origin)),
            after=f"dalam jabatan {person.new_post} pada {person.new_unit}, terhitung mulai tanggal {ctx.tmt}.",
        )
    return Parts(
        title=title,
        considering=(
            f"bahwa {subject(ctx)} telah dilepas oleh Pejabat Pembina Kepegawaian {origin} untuk pindah ke "
            f"{ctx.government} dan telah mendapat pertimbangan teknis Kepala Badan Kepegawaian Negara;",
            "bahwa untuk memenuhi kebutuhan pegawai sesuai analisis jabatan dan analisis beban kerja, "
            f"{PNS} yang bersangkutan perlu ditempatkan dalam jabatan pada perangkat daerah di lingkungan "
            f"{ctx.government};",
        ),
        legal_bases=bases(PERBKN_MUTASI),
        dictums=(first, _salary(ctx), Dictum(REPORT_FOR_DUTY.format(who=referred(ctx)))),
        noting=noting,
        annex_headers=("Instansi Asal", "Jabatan dan Unit Kerja Baru"),
        annex_columns=lambda p: (origin, "", p.new_post, p.new_unit),
    )
