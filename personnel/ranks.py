"""The 17 ranks (pangkat/golongan ruang) of a PNS, with SIASN's codes (reference/domain.md §3)."""

RANKS = [
    (11, "I/a", "Juru Muda"),
    (12, "I/b", "Juru Muda Tingkat I"),
    (13, "I/c", "Juru"),
    (14, "I/d", "Juru Tingkat I"),
    (21, "II/a", "Pengatur Muda"),
    (22, "II/b", "Pengatur Muda Tingkat I"),
    (23, "II/c", "Pengatur"),
    (24, "II/d", "Pengatur Tingkat I"),
    (31, "III/a", "Penata Muda"),
    (32, "III/b", "Penata Muda Tingkat I"),
    (33, "III/c", "Penata"),
    (34, "III/d", "Penata Tingkat I"),
    (41, "IV/a", "Pembina"),
    (42, "IV/b", "Pembina Tingkat I"),
    (43, "IV/c", "Pembina Utama Muda"),
    (44, "IV/d", "Pembina Utama Madya"),
    (45, "IV/e", "Pembina Utama"),
]
