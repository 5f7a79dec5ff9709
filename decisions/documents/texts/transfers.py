"""Transfers (mutasi, Peraturan BKN 5/2019): between units of the region, out to another
region, and in from another region.

Between regions the final transfer SK is the Gubernur's or the Mendagri's (SE Kepala BKN
3/SE/VIII/2019, reference/domain.md §1d): the region of origin releases the employee and the
receiving region places them, each naming who issues the transfer itself.
"""

from __future__ import annotations

from ..model import Dictum
from .common import (
    PERBKN_MUTASI,
    PNS,
    PP_DISIPLIN,
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
        f"mulai tanggal {ctx.tmt}."
    )


def transfer(ctx: Context) -> Parts:
    between_units = any(p.old_opd != p.new_opd for p in ctx.people)
    scope = "Antarperangkat Daerah " if between_units else ""
    title = f"Pemindahan {PNS} {scope}di Lingkungan {ctx.government}"
    if ctx.collective:
        first = Dictum(
            f"Memindahkan {the_people(ctx)} dari jabatan dan unit kerja sebagaimana tercantum dalam kolom 4 "
            "ke jabatan dan unit kerja sebagaimana tercantum dalam kolom 5."
        )
    else:
        first = Dictum(f"Memindahkan {the_people(ctx)}:", details=particulars(ctx.person, new=True))
    between = "antarperangkat daerah " if between_units else ""
    if between_units:
        second = _salary(ctx)
    else:
        second = Dictum(f"Pemindahan {referred(ctx)} berlaku terhitung mulai tanggal {ctx.tmt}.")
    return Parts(
        title=title,
        considering=(
            "bahwa dalam rangka pemenuhan kebutuhan pegawai sesuai analisis jabatan dan analisis beban "
            f"kerja serta pengembangan karier, perlu dilakukan pemindahan {PNS} {between}di lingkungan "
            f"{ctx.government};",
        ),
        legal_bases=bases(PP_DISIPLIN, PERBKN_MUTASI),
        dictums=(first, second, Dictum(REPORT_FOR_DUTY.format(who=referred(ctx)))),
    )


def transfer_out(ctx: Context) -> Parts:
    destination = ctx.data.get("destination_region") or "-"
    final_issuer = ctx.data.get("final_issuer") or "-"
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


def transfer_in(ctx: Context) -> Parts:
    origin = ctx.data.get("origin_region") or "-"
    final_issuer = ctx.data.get("final_issuer") or "-"
    own = _issues_itself(ctx, final_issuer)
    if own:
        title = f"Pemindahan {PNS} dari {origin} ke Lingkungan {ctx.government}"
        verb = f"Memindahkan {the_people(ctx)} dari {origin} ke lingkungan {ctx.government}"
    else:
        title = f"Penempatan {PNS} Pindahan dari {origin} di Lingkungan {ctx.government}"
        verb = (
            f"Menempatkan {the_people(ctx)}, pindahan dari {origin} yang pemindahannya ditetapkan dengan "
            f"Keputusan {final_issuer}"
        )
    if ctx.collective:
        first = Dictum(f"{verb}, dalam jabatan dan unit kerja sebagaimana tercantum dalam kolom 5.")
    else:
        person = ctx.person
        first = Dictum(
            f"{verb}:",
            details=(*particulars(person, old=False), ("Instansi asal", origin)),
            after=f"dalam jabatan {person.new_post} pada {person.new_unit}.",
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
        annex_headers=("Instansi Asal", "Jabatan dan Unit Kerja Baru"),
        annex_columns=lambda p: (origin, "", p.new_post, p.new_unit),
    )
