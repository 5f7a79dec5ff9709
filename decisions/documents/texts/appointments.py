"""Appointments to a post (pengangkatan dalam jabatan): administrator and supervisor posts
after the Tim Penilai Kinerja's advice, functional posts by one of the routes of PermenPANRB
1/2023, and JPT pratama posts after an open selection (PP 11/2017 Ps. 127).

Every appointment says "Mengangkat ... dalam jabatan ..." and adds a diktum on the
inauguration and oath of office. The allowance of the post is paid from the first day of a
month (``Context.pay_tmt``); a functional appointment also cites the regulation of that JF.
"""

from __future__ import annotations

from ..model import Dictum
from .common import (
    PERMENPANRB_JF,
    PERMENPANRB_JPT,
    PNS,
    PP_KINERJA,
    Context,
    Parts,
    bases,
    counted,
    particulars,
    referred,
    subject,
    the_people,
)

OATH = (
    "{who} sebelum melaksanakan tugas jabatannya wajib dilantik dan mengangkat sumpah/janji jabatan "
    "menurut agama atau kepercayaannya kepada Tuhan Yang Maha Esa."
)
STRUCTURAL_NAMES = {
    "administrator": "Administrator",
    "pengawas": "Pengawas",
    "jpt_pratama": "Pimpinan Tinggi Pratama",
}
FUNCTIONAL_ROUTES = {
    "pengangkatan_pertama": "Pengangkatan Pertama",
    "perpindahan": "Perpindahan dari Jabatan Lain",
    "penyesuaian": "Penyesuaian",
    "promosi": "Promosi",
}


def _appoint(ctx: Context, *, post_phrase: str, column_phrase: str) -> Dictum:
    """KESATU: "Mengangkat ... dalam jabatan ..." for one person or for the annex."""
    if ctx.collective:
        return Dictum(f"Mengangkat {the_people(ctx)} {column_phrase}.")
    return Dictum(f"Mengangkat {the_people(ctx)}:", details=particulars(ctx.person), after=f"{post_phrase}.")


def _takes_effect(ctx: Context, *, allowance: str) -> Dictum:
    old = (
        ", dan sejak tanggal itu yang bersangkutan diberhentikan dari jabatan lamanya"
        if any(p.old_post for p in ctx.people)
        else ""
    )
    return Dictum(
        f"Pengangkatan {referred(ctx)} berlaku terhitung mulai tanggal {ctx.tmt}{old}; kepadanya diberikan "
        f"{allowance} terhitung mulai tanggal {ctx.pay_tmt} sesuai dengan ketentuan peraturan "
        "perundang-undangan."
    )


def structural(ctx: Context) -> Parts:
    kinds = sorted({p.new_kind for p in ctx.people if p.new_kind in ("administrator", "pengawas")})
    jabatan = " dan ".join(STRUCTURAL_NAMES[k] for k in kinds) or "Administrator dan Pengawas"
    person = ctx.person
    return Parts(
        title=f"Pengangkatan {PNS} dalam Jabatan {jabatan} di Lingkungan {ctx.government}",
        considering=(
            f"bahwa dalam rangka mengisi jabatan {jabatan} yang lowong di lingkungan {ctx.government} dan "
            f"untuk kelancaran pelaksanaan tugas pemerintahan, perlu mengangkat {PNS} yang memenuhi "
            "persyaratan dalam jabatan tersebut;",
            f"bahwa {subject(ctx)} telah memenuhi persyaratan jabatan dan, berdasarkan pertimbangan Tim "
            f"Penilai Kinerja {PNS}, dipandang cakap untuk diangkat dalam jabatan {jabatan};",
        ),
        legal_bases=bases(PP_KINERJA),
        dictums=(
            _appoint(
                ctx,
                post_phrase=f"dalam jabatan {person.new_post} pada {person.new_unit}",
                column_phrase="dalam jabatan dan unit kerja sebagaimana tercantum dalam kolom 5",
            ),
            Dictum(OATH.format(who=referred(ctx))),
            _takes_effect(ctx, allowance="tunjangan jabatan"),
        ),
    )


def functional(ctx: Context) -> Parts:
    route_key = str(ctx.data.get("functional_route") or "")
    route = FUNCTIONAL_ROUTES.get(route_key, route_key.replace("_", " ").title() or "-")
    person = ctx.person
    named = "" if ctx.collective else f" {person.new_post}"
    return Parts(
        title=f"Pengangkatan {PNS} dalam Jabatan Fungsional{named} melalui {route}",
        considering=(
            "bahwa untuk memenuhi kebutuhan Jabatan Fungsional sesuai dengan analisis jabatan dan analisis "
            f"beban kerja di lingkungan {ctx.government}, perlu mengangkat {PNS} dalam Jabatan Fungsional "
            f"melalui {route.lower()};",
            f"bahwa {subject(ctx)} telah memenuhi persyaratan jabatan dan dinyatakan lulus uji kompetensi, "
            "sehingga dipandang cakap untuk diangkat dalam Jabatan Fungsional;",
        ),
        legal_bases=bases(PP_KINERJA, PERMENPANRB_JF, *ctx.regulations),
        dictums=(
            _appoint(
                ctx,
                post_phrase=f"dalam Jabatan Fungsional {person.new_post} pada {person.new_unit} melalui {route}",
                column_phrase=(
                    f"dalam Jabatan Fungsional dan unit kerja sebagaimana tercantum dalam kolom 5 melalui {route}"
                ),
            ),
            Dictum(OATH.format(who=referred(ctx))),
            _takes_effect(ctx, allowance="tunjangan jabatan fungsional"),
            Dictum(
                f"{referred(ctx)} wajib melaksanakan tugas Jabatan Fungsional dan memenuhi target kinerja "
                "sesuai dengan ketentuan peraturan perundang-undangan."
            ),
        ),
    )


def jpt(ctx: Context) -> Parts:
    shortlist = ctx.data.get("shortlist")
    candidates = len(shortlist) if isinstance(shortlist, list | tuple) and shortlist else 3
    person = ctx.person
    post = "jabatan sebagaimana tercantum dalam kolom 5" if ctx.collective else person.new_post
    return Parts(
        title=f"Pengangkatan dalam Jabatan Pimpinan Tinggi Pratama di Lingkungan {ctx.government}",
        considering=(
            "bahwa berdasarkan hasil seleksi terbuka pengisian Jabatan Pimpinan Tinggi Pratama di "
            f"lingkungan {ctx.government}, Panitia Seleksi telah menyampaikan {counted(candidates)} nama "
            f"calon terbaik kepada {ctx.head} selaku Pejabat Pembina Kepegawaian;",
            f"bahwa {ctx.head} selaku Pejabat Pembina Kepegawaian telah memilih {subject(ctx)} untuk "
            f"diangkat dalam Jabatan Pimpinan Tinggi Pratama sebagai {post};",
        ),
        legal_bases=bases(PERMENPANRB_JPT),
        dictums=(
            _appoint(
                ctx,
                post_phrase=f"dalam Jabatan Pimpinan Tinggi Pratama sebagai {person.new_post}",
                column_phrase="dalam Jabatan Pimpinan Tinggi Pratama sebagaimana tercantum dalam kolom 5",
            ),
            Dictum(OATH.format(who=referred(ctx))),
            Dictum(
                f"{referred(ctx)} wajib menandatangani perjanjian kinerja dan melaksanakan tugas jabatan "
                "dengan penuh tanggung jawab."
            ),
            _takes_effect(ctx, allowance="tunjangan jabatan"),
        ),
    )
