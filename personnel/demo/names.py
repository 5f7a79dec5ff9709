"""Names, titles and course names for the demo's fictional people."""

# fmt: off
# Field of study -> (title after the name for D-III, S-1, S-2); "dr." goes before the name.
FIELD_TITLES: dict[str, tuple[str, str, str]] = {
    "Administrasi Negara": ("A.Md.", "S.Sos.", "M.Si."),
    "Ilmu Pemerintahan": ("A.Md.", "S.IP.", "M.Si."),
    "Manajemen": ("A.Md.", "S.E.", "M.M."),
    "Akuntansi": ("A.Md.Ak.", "S.Ak.", "M.Ak."),
    "Ekonomi Pembangunan": ("A.Md.", "S.E.", "M.Si."),
    "Hukum": ("A.Md.", "S.H.", "M.H."),
    "Psikologi": ("A.Md.", "S.Psi.", "M.Psi."),
    "Teknik Informatika": ("A.Md.Kom.", "S.Kom.", "M.Kom."),
    "Manajemen Informatika": ("A.Md.Kom.", "S.Kom.", "M.Kom."),
    "Teknik Sipil": ("A.Md.T.", "S.T.", "M.T."),
    "Arsitektur": ("A.Md.T.", "S.Ars.", "M.Ars."),
    "Teknik Lingkungan": ("A.Md.T.", "S.T.", "M.T."),
    "Teknik Mesin": ("A.Md.T.", "S.T.", "M.T."),
    "Teknik Otomotif": ("A.Md.T.", "S.T.", "M.T."),
    "Manajemen Transportasi": ("A.Md.Tra.", "S.Tr.Tra.", "M.M.Tr."),
    "Perencanaan Wilayah dan Kota": ("A.Md.T.", "S.T.", "M.T."),
    "Statistika": ("A.Md.Stat.", "S.Stat.", "M.Stat."),
    "Kesehatan Masyarakat": ("A.Md.Kes.", "S.K.M.", "M.K.M."),
    "Keperawatan": ("A.Md.Kep.", "S.Kep., Ns.", "M.Kep."),
    "Kebidanan": ("A.Md.Keb.", "S.Tr.Keb.", "M.Keb."),
    "Farmasi": ("A.Md.Farm.", "S.Farm., Apt.", "M.Farm."),
    "Gizi": ("A.Md.Gz.", "S.Gz.", "M.Gz."),
    "Pendidikan Dokter": ("", "", "M.Kes."),
    "Pendidikan": ("A.Md.Pd.", "S.Pd.", "M.Pd."),
    "Ilmu Kesejahteraan Sosial": ("A.Md.", "S.Sos.", "M.Kesos."),
    "Sosiologi": ("A.Md.", "S.Sos.", "M.Si."),
    "Biologi": ("A.Md.", "S.Si.", "M.Si."),
    "Kimia": ("A.Md.", "S.Si.", "M.Si."),
}
# Fields for posts that ask for none.
GENERAL_FIELDS = (
    "Administrasi Negara", "Manajemen", "Hukum", "Ekonomi Pembangunan", "Akuntansi", "Ilmu Pemerintahan",
)
D3_FIELDS = (
    "Manajemen Informatika", "Akuntansi", "Administrasi Negara",
)
SLTA_FIELDS = (
    "IPA", "IPS", "Administrasi Perkantoran", "Akuntansi",
)
# Second degrees of heads and senior staff.
S2_FIELDS = (
    "Administrasi Publik", "Manajemen", "Ilmu Hukum", "Perencanaan Pembangunan",
)
S2_TITLES = {"Administrasi Publik": "M.A.P.", "Manajemen": "M.M.", "Ilmu Hukum": "M.H.", "Perencanaan Pembangunan": "M.Si."}

# Common names in Tanjungbalai: Malay, Batak (with marga), Javanese.
MALE_NAMES = (
    "Ahmad", "Muhammad", "Rizky", "Fajar", "Hendra", "Andi", "Budi", "Dedi", "Eko", "Fauzan", "Hafiz", "Irfan",
    "Joko", "Khairul", "Lukman", "Mahmud", "Nurdin", "Rahmat", "Syahrul", "Taufik", "Wahyu", "Yusuf", "Zulkifli", "Arif",
    "Bambang", "Darwin", "Erwin", "Firman", "Gunawan", "Harun", "Ismail", "Jamaluddin", "Kamaruddin", "Marzuki", "Nasrul", "Rudi",
    "Samsul", "Teguh", "Umar", "Zainal", "Agus", "Ridwan", "Syafrizal", "Hasanuddin", "Amri", "Bahrum", "Dahlan", "Fadli",
    "Hamdani", "Iskandar", "Junaidi", "Mulyadi", "Parlindungan", "Ramlan", "Sahat", "Togar", "Bonar", "Indra", "Reza", "Aditya",
)
FEMALE_NAMES = (
    "Siti", "Nur", "Rina", "Dewi", "Fitri", "Ika", "Lestari", "Maya", "Nurhayati", "Putri", "Rahmawati", "Sari",
    "Wulan", "Yuni", "Zahara", "Aisyah", "Fatimah", "Khadijah", "Mariani", "Nurul", "Rosmawati", "Sri", "Ratna", "Lina",
    "Erna", "Dian", "Hotma", "Juliana", "Mega", "Novita", "Rini", "Suryani", "Tiurma", "Yanti", "Asmidar", "Rohani",
    "Faridah", "Halimah", "Masitah", "Nirwana", "Intan", "Salmah", "Ernawati", "Desi", "Anggi", "Melati", "Cut", "Rahma",
    "Susanti", "Winda",
)
FAMILY_NAMES = (
    "Nasution", "Siregar", "Lubis", "Harahap", "Hasibuan", "Pohan", "Daulay", "Tanjung", "Pane", "Rangkuti",
    "Batubara", "Sitorus", "Simanjuntak", "Hutagalung", "Panjaitan", "Pasaribu", "Manurung", "Sinaga", "Situmorang", "Damanik",
    "Saragih", "Purba", "Tarigan", "Ginting", "Sembiring", "Marpaung", "Sirait", "Matondang", "Dalimunthe", "Ritonga",
)
MALE_SECOND = (
    "Saputra", "Syahputra", "Hidayat", "Pratama", "Ramadhan", "Setiawan", "Wijaya", "Kurniawan",
)
FEMALE_SECOND = (
    "Utami", "Anggraini", "Handayani", "Wulandari", "Rahayu", "Puspita", "Sari", "Lestari",
)
# fmt: on

TECHNICAL_TRAININGS = (
    "Bimbingan Teknis Sistem Informasi ASN (SIASN)",
    "Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar",
    "Pelatihan Penyusunan Analisis Jabatan dan Analisis Beban Kerja",
    "Pelatihan Pengelolaan Arsip Dinamis",
    "Pelatihan Penyusunan Laporan Keuangan Berbasis Akrual",
    "Pelatihan Pelayanan Publik Prima",
)
