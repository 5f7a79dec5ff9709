"""The demo city's organisation as data: units, their position maps, and the people's names.

Rank windows follow the eselon table of reference/domain.md §3 (PP 13/2002, still the
yardstick) and the usual ranges of the functional levels. Position names follow the 2023
simplification of pelaksana titles (Pengadministrasi Perkantoran, Penata Layanan
Operasional, ...). All people are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Eselon -> (lowest, highest) rank code.
ESELON_RANKS = {
    "II.a": (43, 44),
    "II.b": (42, 43),
    "III.a": (41, 42),
    "III.b": (34, 41),
    "IV.a": (33, 34),
    "IV.b": (32, 33),
}
FUNCTIONAL_RANKS = {
    "pemula": (21, 21),
    "terampil": (22, 24),
    "mahir": (31, 32),
    "penyelia": (33, 34),
    "ahli_pertama": (31, 32),
    "ahli_muda": (33, 34),
    "ahli_madya": (41, 43),
    "ahli_utama": (44, 45),
}


@dataclass(frozen=True)
class Post:
    """A position template; ``fill`` is how many holders the demo seats (None: random)."""

    suffix: str
    name: str
    kind: str
    eselon: str = ""
    level: str = ""
    education: str = ""
    fields: tuple[str, ...] = ()
    capacity: int = 1
    fill: int | None = None
    jtype: str = ""  # the JF's type where its own law sets the retirement age (guru, dosen...)


@dataclass(frozen=True)
class Division:
    """A child unit (bidang, bagian, inspektorat pembantu, kelurahan) with its head and posts."""

    suffix: str
    name: str
    kind: str
    head: Post
    posts: tuple[Post, ...] = ()


@dataclass(frozen=True)
class Opd:
    code: str
    slug: str  # for usernames: clerk.<slug>, kepala.<slug>
    name: str
    kind: str
    head: Post
    fields: tuple[str, ...]  # fields of study that fit this OPD's technical posts
    posts: tuple[Post, ...] = ()
    divisions: tuple[Division, ...] = ()
    functional: tuple[Post, ...] = field(default=())


def jpt(suffix, name, eselon="II.b", fill=None):
    return Post(suffix, name, "jpt_pratama", eselon=eselon, education="S1", fill=fill)


def admin(suffix, name, eselon="III.b", fill=None):
    return Post(suffix, name, "administrator", eselon=eselon, education="S1", fill=fill)


def supervisor(suffix, name, eselon="IV.a", fill=None):
    return Post(suffix, name, "pengawas", eselon=eselon, education="D3", fill=fill)


def jf(suffix, name, level, education, fields=(), capacity=1, fill=None, jtype=""):
    return Post(
        suffix,
        name,
        "fungsional",
        level=level,
        education=education,
        fields=tuple(fields),
        capacity=capacity,
        fill=fill,
        jtype=jtype,
    )


def staff(suffix, name, education, capacity, fields=(), fill=None):
    return Post(
        suffix, name, "pelaksana", education=education, fields=tuple(fields), capacity=capacity, fill=fill
    )


def office_staff(fields, *, pp=2, plo=3, pdi=1, fill_pp=None):
    """The pelaksana posts every OPD has."""
    return (
        staff("PP", "Pengadministrasi Perkantoran", "SLTA", pp, fill=fill_pp if fill_pp is not None else pp),
        staff("PLO", "Penata Layanan Operasional", "S1", plo),
        staff("PDI", "Pengolah Data dan Informasi", "D3", pdi),
        staff("PTK", "Penelaah Teknis Kebijakan", "S1", 1, fields=fields),
    )


def secretariat_posts():
    return (
        admin("SEK", "Sekretaris", eselon="III.a"),
        supervisor("KSB-UMPEG", "Kepala Subbagian Umum dan Kepegawaian"),
        supervisor("KSB-KEU", "Kepala Subbagian Perencanaan dan Keuangan"),
    )


def bidang(suffix, name, *sections, head_name=None, fill=None, kind="bagian", section_title="Kepala Seksi"):
    return Division(
        suffix,
        name,
        kind,
        head=admin("KABID", head_name or f"Kepala {name}", fill=fill),
        posts=tuple(
            supervisor(f"KASI{i}", f"{section_title} {title}") for i, title in enumerate(sections, 1)
        ),
    )


def subbidang(suffix, name, *sections, fill=None):
    return bidang(suffix, name, *sections, fill=fill, section_title="Kepala Subbidang")


def kecamatan(code, slug, name, kelurahan):
    fields = ("Ilmu Pemerintahan", "Administrasi Negara", "Sosiologi")
    return Opd(
        code=code,
        slug=slug,
        name=f"Kecamatan {name}",
        kind="kecamatan",
        head=admin("CAMAT", f"Camat {name}", eselon="III.a"),
        fields=fields,
        posts=(
            admin("SEKCAM", "Sekretaris Kecamatan", eselon="III.b"),
            supervisor("KASI-PEM", "Kepala Seksi Pemerintahan"),
            supervisor("KASI-TRANTIB", "Kepala Seksi Ketenteraman dan Ketertiban Umum"),
            supervisor("KSB-UMUM", "Kepala Subbagian Umum dan Kepegawaian", eselon="IV.b"),
            staff("PP", "Pengadministrasi Perkantoran", "SLTA", 2, fill=2),
            staff("PLO", "Penata Layanan Operasional", "S1", 1),
        ),
        divisions=tuple(
            Division(
                f"KEL{i}",
                f"Kelurahan {kel}",
                "kelurahan",
                head=supervisor("LURAH", f"Lurah {kel}"),
                posts=(
                    supervisor("SEKLUR", f"Sekretaris Kelurahan {kel}", eselon="IV.b"),
                    staff("PP", "Pengadministrasi Perkantoran", "SLTA", 2),
                ),
            )
            for i, kel in enumerate(kelurahan, 1)
        ),
    )
