"""The column layouts of the four files, as agencies keep them (docs/import.md shows them).

Headers are matched after lower-casing and turning every run of other characters into "_",
so "Tgl. Lahir" becomes ``tgl_lahir``; aliases map the common variants onto one name.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    description: str
    example: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    kind: str
    key: str  # the column that identifies a row, and finds the header row
    columns: tuple[Column, ...]
    _aliases: dict[str, str] = field(default_factory=dict, init=False, compare=False)

    def __post_init__(self) -> None:
        for column in self.columns:
            self._aliases[column.name] = column.name
            for alias in column.aliases:
                self._aliases[alias] = column.name

    @property
    def names(self) -> set[str]:
        return {column.name for column in self.columns}

    def canonical(self, header: str) -> str:
        """The column a normalised header names; unknown headers are returned unchanged."""
        return self._aliases.get(header, header)


UNITS = Layout(
    kind="units",
    key="kode_unit",
    columns=(
        Column(
            "kode_unit", True, "Unique unit code; rows are matched on it.", "DISHUB", ("kode", "kode_opd")
        ),
        Column("nama_unit", True, "Unit name.", "Dinas Perhubungan", ("nama", "nama_opd", "unit_kerja")),
        Column(
            "jenis",
            True,
            "Kind: region, sekretariat_daerah, sekretariat_dprd, inspektorat, dinas, badan, kecamatan, "
            "kelurahan, bagian (also bidang), upt.",
            "dinas",
            ("jenis_unit", "tipe"),
        ),
        Column(
            "induk",
            False,
            "Code of the parent unit (empty only for the region itself).",
            "PEMKOT",
            ("kode_induk", "induk_unit", "unit_induk", "parent"),
        ),
        Column("aktif", False, "ya / tidak (default ya).", "ya", ("status_aktif",)),
    ),
)

POSITIONS = Layout(
    kind="positions",
    key="kode_jabatan",
    columns=(
        Column(
            "kode_jabatan", True, "Unique position code; rows are matched on it.", "DISHUB-KADIS", ("kode",)
        ),
        Column("nama_jabatan", True, "Position name.", "Kepala Dinas Perhubungan", ("jabatan", "nama")),
        Column(
            "jenis_jabatan",
            True,
            "kepala_daerah, wakil_kepala_daerah, jpt_pratama, administrator, pengawas, pelaksana, fungsional.",
            "jpt_pratama",
            ("jenis",),
        ),
        Column(
            "jenjang",
            False,
            "Functional level, only for fungsional: pemula, terampil, mahir, penyelia, ahli_pertama, "
            "ahli_muda, ahli_madya, ahli_utama.",
            "",
            ("jenjang_jabatan", "jenjang_fungsional"),
        ),
        Column(
            "rumpun_jf",
            False,
            "Only for fungsional: the JF type where its own law sets the retirement age (guru, dosen, "
            "peneliti, perekayasa; SAHIH_POLICY bup_ages_by_functional_type).",
            "guru",
            ("jenis_jf", "rumpun_jabatan"),
        ),
        Column(
            "kode_unit", True, "Code of the unit the position belongs to.", "DISHUB", ("unit", "kode_opd")
        ),
        Column(
            "kepala_unit",
            False,
            "ya if the position heads its unit (one per unit), otherwise tidak (default).",
            "ya",
            ("kepala", "is_head"),
        ),
        Column(
            "pendidikan_minimal",
            False,
            "Minimum education: SD, SMP, SLTA, D-I, D-II, D-III, D-IV, S-1, S-2, S-3.",
            "S-1",
            ("pendidikan_min", "syarat_pendidikan"),
        ),
        Column(
            "bidang_pendidikan",
            False,
            "Required fields of study, separated by ; (empty means any field).",
            "",
            ("jurusan", "kualifikasi_pendidikan"),
        ),
        Column(
            "pangkat_minimal", False, "Lowest rank: golongan (III/b) or code (32).", "IV/b", ("pangkat_min",)
        ),
        Column("pangkat_maksimal", False, "Highest rank.", "IV/c", ("pangkat_maks", "pangkat_max")),
        Column(
            "kebutuhan_abk",
            False,
            "How many holders the workload analysis allows (default 1).",
            "1",
            ("abk", "kebutuhan", "formasi"),
        ),
        Column(
            "peraturan_jabatan",
            False,
            "For a functional position: the regulation that establishes it, as an appointment decree cites it.",
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor ... Tahun ... tentang "
            "Jabatan Fungsional ...",
            ("peraturan", "dasar_hukum_jabatan"),
        ),
        Column("aktif", False, "ya / tidak (default ya).", "ya", ("status_aktif",)),
    ),
)

EMPLOYEES = Layout(
    kind="employees",
    key="nip",
    columns=(
        Column(
            "nip",
            True,
            "18 digits, spaced or not; format the column as text in Excel.",
            "19860926 201505 1 001",
            ("nip_baru",),
        ),
        Column(
            "nama", True, "Name without academic titles.", "Budi Santoso", ("nama_lengkap", "nama_pegawai")
        ),
        Column(
            "nik",
            False,
            "16 digits, as on the KTP; format the column as text in Excel. BSrE knows a signer by it.",
            "1272011503700001",
            ("no_ktp", "nomor_ktp", "nik_ktp"),
        ),
        Column("gelar_depan", False, "Titles before the name.", "dr.", ()),
        Column("gelar_belakang", False, "Titles after the name.", "S.E., M.M.", ()),
        Column("tanggal_lahir", True, "Date of birth; must match the NIP.", "26-09-1986", ("tgl_lahir",)),
        Column(
            "jenis_kelamin",
            True,
            "L or P (or 1 / 2); must match digit 15 of the NIP.",
            "L",
            ("jk", "l_p", "kelamin", "gender"),
        ),
        Column(
            "tmt_cpns",
            True,
            "Date of the first appointment as CPNS; must match the NIP.",
            "01-05-2015",
            ("tmt_capeg",),
        ),
        Column(
            "golongan",
            True,
            "Rank: golongan (III/b), code (32) or pangkat name.",
            "III/b",
            ("gol", "gol_ruang", "golongan_ruang", "pangkat_golongan", "pangkat_gol"),
        ),
        Column("tmt_golongan", True, "Date of the current rank.", "01-04-2019", ("tmt_gol", "tmt_pangkat")),
        Column(
            "mkg_tahun",
            False,
            "Service in grade (masa kerja golongan) on the rank's TMT, whole years, as the rank decree states it; "
            "a retirement decree needs it for the last basic salary.",
            "12",
            ("masa_kerja_golongan_tahun", "mk_gol_tahun", "mkg_thn"),
        ),
        Column(
            "mkg_bulan",
            False,
            "The months of that service in grade (0-11).",
            "4",
            ("masa_kerja_golongan_bulan", "mk_gol_bulan", "mkg_bln"),
        ),
        Column(
            "pendidikan",
            True,
            "Education level, as in pendidikan_minimal.",
            "S-1",
            ("pendidikan_terakhir", "tingkat_pendidikan", "jenjang_pendidikan"),
        ),
        Column("jurusan", False, "Field of study.", "Manajemen", ("program_studi", "prodi", "bidang_studi")),
        Column("kode_jabatan", False, "Code of the position held (empty: none).", "DISHUB-PLO", ()),
        Column(
            "tmt_jabatan",
            False,
            "Since when the position is held; required with kode_jabatan.",
            "02-01-2020",
            ("tmt_jab",),
        ),
        Column(
            "status",
            False,
            "aktif (default), cpns, diberhentikan sementara, pensiun, diberhentikan, meninggal, pindah keluar.",
            "aktif",
            ("status_pegawai", "kedudukan"),
        ),
        Column("tmt_pns", False, "Appointed PNS from (empty for a CPNS).", "01-05-2016", ()),
        Column("tanggal_sumpah", False, "Oath of office (sumpah/janji PNS) taken on.", "20-06-2016", ()),
        Column(
            "mulai_berhenti_sementara",
            False,
            "Temporary dismissal from; required with status diberhentikan sementara.",
            "",
            ("tmt_berhenti_sementara",),
        ),
        Column(
            "akhir_berhenti_sementara", False, "Temporary dismissal until (empty: still running).", "", ()
        ),
        Column(
            "sk_berhenti_sementara",
            False,
            "Number of the decree of the temporary dismissal.",
            "",
            ("nomor_sk_berhenti_sementara",),
        ),
    ),
)

FAMILY = Layout(
    kind="family",
    key="nip",
    columns=(
        Column(
            "nip",
            True,
            "NIP of the employee whose family member the row is.",
            "19860926 201505 1 001",
            ("nip_pegawai", "nip_pns"),
        ),
        Column("hubungan", True, "istri, suami or anak.", "istri", ("status_keluarga", "hubungan_keluarga")),
        Column("nama", True, "Name of the family member.", "Siti Aminah", ("nama_keluarga", "nama_anggota")),
        Column("tanggal_lahir", True, "Date of birth.", "03-03-1989", ("tgl_lahir",)),
        Column(
            "tanggal_menikah",
            False,
            "For a spouse: the date of the marriage.",
            "20-08-2012",
            ("tgl_nikah", "tgl_menikah"),
        ),
        Column(
            "tanggal_berakhir",
            False,
            "The day the member left the register (divorce, death; a child's marriage may be given here too).",
            "",
            ("tgl_berakhir", "tanggal_cerai", "tanggal_wafat"),
        ),
        Column("menikah", False, "For a child: ya if married (default tidak).", "tidak", ("sudah_menikah",)),
        Column(
            "berpenghasilan",
            False,
            "For a child: ya if they have an income of their own (default tidak).",
            "tidak",
            ("bekerja", "punya_penghasilan"),
        ),
    ),
)

ABK = Layout(
    kind="abk",
    key="kode_jabatan",
    columns=(
        Column(
            "kode_jabatan", True, "Code of a position already in the registry.", "DISHUB-KADIS", ("kode",)
        ),
        Column(
            "kebutuhan_abk",
            True,
            "Holders the workload analysis (ABK) allows in the position.",
            "3",
            ("kebutuhan", "abk", "jumlah_kebutuhan"),
        ),
    ),
)

ASSESSMENTS = Layout(
    kind="assessments",
    key="nip",
    columns=(
        Column("nip", True, "NIP of the employee assessed.", "19860926 201505 1 001", ("nip_pegawai",)),
        Column(
            "tanggal_penilaian", True, "Day of the assessment.", "02-05-2025", ("tanggal", "tgl_penilaian")
        ),
        Column(
            "potensi",
            True,
            "Potential: tinggi, menengah or rendah (the talent pool's rows).",
            "tinggi",
            ("potential", "kategori_potensi"),
        ),
        Column("nilai", False, "Score, 0 to 100.", "78.5", ("skor", "nilai_potensi")),
        Column(
            "penilai", False, "Who assessed (the assessment centre).", "UPT Penilaian Kompetensi", ("asesor",)
        ),
    ),
)

LAYOUTS = {layout.kind: layout for layout in (UNITS, POSITIONS, EMPLOYEES, FAMILY, ABK, ASSESSMENTS)}
