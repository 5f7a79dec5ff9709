"""The laws decrees cite (Mengingat), with their gazette numbers, and the order they are cited in.

Each law has a short key ("UU 20/2023") and its full citation. The gazette numbers below were
checked against published texts that cite them (docs/decrees.md, "Sources"); where a number
could not be confirmed it is left out rather than guessed, and the region's legal section
completes it in ``settings.SAHIH_DECREE["citations"]`` (key -> full citation), which replaces
the text here for every decree.

Mengingat lists laws in the order of the hierarchy of UU 12/2011 Pasal 7-8 (Undang-Undang,
Peraturan Pemerintah, Peraturan Presiden, ministerial and agency regulations, Peraturan Daerah),
and within one level by year and number. The order is read from the citation itself, so a
citation configured by the region (its formation law, its Perda on the perangkat daerah) takes
its place among the others.
"""

from __future__ import annotations

import re

from django.conf import settings

LN = "Lembaran Negara Republik Indonesia"
TLN = "Tambahan Lembaran Negara Republik Indonesia"

LAWS = {
    # Confirmed: LN 1969/42, TLN 2906 (Mengingat of PP 15/1980).
    "UU 11/1969": (
        "Undang-Undang Nomor 11 Tahun 1969 tentang Pensiun Pegawai dan Pensiun Janda/Duda Pegawai "
        f"({LN} Tahun 1969 Nomor 42, {TLN} Nomor 2906)"
    ),
    # Confirmed: UU 23/2014 LN 2014/244, TLN 5587; UU 6/2023 LN 2023/41, TLN 6856.
    "UU 23/2014": (
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah "
        f"({LN} Tahun 2014 Nomor 244, {TLN} Nomor 5587) sebagaimana telah diubah beberapa kali, "
        "terakhir dengan Undang-Undang Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah "
        "Pengganti Undang-Undang Nomor 2 Tahun 2022 tentang Cipta Kerja menjadi Undang-Undang "
        f"({LN} Tahun 2023 Nomor 41, {TLN} Nomor 6856)"
    ),
    # Confirmed: LN 2014/292, TLN 5601; amended by UU 6/2023 (Cipta Kerja).
    "UU 30/2014": (
        "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan "
        f"({LN} Tahun 2014 Nomor 292, {TLN} Nomor 5601) sebagaimana telah diubah dengan Undang-Undang "
        "Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun "
        f"2022 tentang Cipta Kerja menjadi Undang-Undang ({LN} Tahun 2023 Nomor 41, {TLN} Nomor 6856)"
    ),
    # Confirmed: LN 2016/130, TLN 5898. The act that holds Pasal 71 and Pasal 162 as amended.
    "UU 10/2016": (
        "Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015 "
        "tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang "
        f"Pemilihan Gubernur, Bupati, dan Walikota menjadi Undang-Undang ({LN} Tahun 2016 Nomor 130, "
        f"{TLN} Nomor 5898)"
    ),
    # Confirmed: LN 2023/141, TLN 6897.
    "UU 20/2023": (
        f"Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara ({LN} Tahun 2023 Nomor 141, "
        f"{TLN} Nomor 6897)"
    ),
    # The salary regulation as last amended (PP 5/2024, the table decisions/pension.py uses);
    # its gazette numbers are not confirmed [R].
    "PP 7/1977": (
        "Peraturan Pemerintah Nomor 7 Tahun 1977 tentang Peraturan Gaji Pegawai Negeri Sipil sebagaimana "
        "telah diubah beberapa kali, terakhir dengan Peraturan Pemerintah Nomor 5 Tahun 2024 tentang "
        "Perubahan Kesembilan Belas atas Peraturan Pemerintah Nomor 7 Tahun 1977 tentang Peraturan Gaji "
        "Pegawai Negeri Sipil"
    ),
    # Confirmed: PP 11/2017 LN 2017/63, TLN 6037; PP 17/2020 LN 2020/68, TLN 6477.
    "PP 11/2017": (
        "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil "
        f"({LN} Tahun 2017 Nomor 63, {TLN} Nomor 6037) sebagaimana telah diubah dengan Peraturan "
        "Pemerintah Nomor 17 Tahun 2020 tentang Perubahan atas Peraturan Pemerintah Nomor 11 Tahun 2017 "
        f"tentang Manajemen Pegawai Negeri Sipil ({LN} Tahun 2020 Nomor 68, {TLN} Nomor 6477)"
    ),
    # LN 2019/77 confirmed; the TLN number is not [R].
    "PP 30/2019": (
        f"Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil ({LN} "
        "Tahun 2019 Nomor 77)"
    ),
    # LN 2021/202 confirmed; the TLN number is not [R].
    "PP 94/2021": (
        f"Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil ({LN} Tahun 2021 "
        "Nomor 202)"
    ),
    # Ministerial and agency regulations appear in the Berita Negara; their numbers are not
    # confirmed, so none is written [R].
    "Peraturan BKN 5/2019": (
        "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi"
    ),
    "PermenPANRB 15/2019": (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 15 Tahun 2019 "
        "tentang Pengisian Jabatan Pimpinan Tinggi secara Terbuka dan Kompetitif di Lingkungan Instansi "
        "Pemerintah"
    ),
    "Peraturan BKN 3/2020": (
        "Peraturan Badan Kepegawaian Negara Nomor 3 Tahun 2020 tentang Petunjuk Teknis Pemberhentian "
        "Pegawai Negeri Sipil"
    ),
    "PermenPANRB 1/2023": (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 1 Tahun 2023 "
        "tentang Jabatan Fungsional"
    ),
}

# Levels of the hierarchy (UU 12/2011 Pasal 7 and 8), recognised by how a citation begins.
_LEVELS = (
    ("Undang-Undang", 1),
    ("Peraturan Pemerintah", 2),
    ("Peraturan Presiden", 3),
    ("Peraturan Menteri", 4),
    ("Peraturan Badan", 4),
    ("Peraturan Kepala", 4),
    ("Peraturan Daerah Provinsi", 5),
    ("Peraturan Daerah", 6),
    ("Peraturan Wali", 7),
    ("Peraturan Bupati", 7),
)
_NUMBER_YEAR = re.compile(r"Nomor\s+(\d+)[^,;()]*?\s+Tahun\s+(\d{4})")


def cite(law: str) -> str:
    """The full citation of ``law`` (a key of LAWS, possibly replaced by the region's
    configuration); any other text is a citation already and is returned as it is."""
    configured = settings.SAHIH_DECREE.get("citations", {})
    return configured.get(law) or LAWS.get(law) or law


def hierarchy_key(citation: str) -> tuple[int, int, int, str]:
    """Where a citation stands in Mengingat: its level, then its year and number."""
    level = next((rank for prefix, rank in _LEVELS if citation.startswith(prefix)), 9)
    match = _NUMBER_YEAR.search(citation)
    number, year = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    return level, year, number, citation


def in_hierarchy(citations) -> tuple[str, ...]:
    """Citations in the order Mengingat lists them, each once."""
    return tuple(sorted(dict.fromkeys(citations), key=hierarchy_key))


def region_bases() -> tuple[str, ...]:
    """The region's own bases (the law that formed it, its Perda on the perangkat daerah):
    every decree cites them, since they found the head's authority over the region's staff."""
    return tuple(settings.SAHIH_REGION.get("legal_bases", ()))
