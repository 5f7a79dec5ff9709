"""Every kind's SK, rendered and read back: each required part, in order, and the signature
block in the form the signer's basis requires (Permendagri 1/2023 Ps. 44)."""

from __future__ import annotations

from datetime import date

import pytest

from decisions.documents.compose import compose, signature_for
from decisions.documents.render import render
from personnel.models import Employee

from .conftest import KINDS
from .pdf import assert_in_order, between, body_text, page_texts

NUMBER = "800.1.3.3/0412/BKPSDM/2026"
DAY = date(2026, 2, 16)
URL = "https://sahih.example.go.id/v/uji-token-verifikasi/"
HEAD = "WALI KOTA TANJUNGBALAI"


def _employee(user) -> Employee:
    return Employee.objects.get(user=user)


def signature(city, form: str):
    """The signature block for each way of signing, from the assignment the route stores."""
    if form == "holder":
        return signature_for({"basis": "elected", "name": "Ahmad Fauzi"})
    if form in ("plt", "plh", "pj"):
        return signature_for({"basis": form, "name": "Dr. Ir. Hendra Gunawan, M.M."})
    if form == "an_sekda":
        assignment = {"basis": "delegated", "office": "secretariat", "office_title": "Sekretaris Daerah"}
        return signature_for(assignment, signer_employee=_employee(city.sekda))
    assignment = {
        "basis": "delegated",
        "office": "personnel_agency",
        "office_title": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    }
    return signature_for(assignment, signer_employee=_employee(city.agency_head))


def expected_signature(city, form: str) -> tuple[list[str], bool]:
    """The lines of the block after "pada tanggal", and whether rank and NIP follow the name."""
    if form == "holder":
        return [f"{HEAD},", "AHMAD FAUZI"], False
    if form in ("plt", "plh", "pj"):
        prefix = {"plt": "Plt.", "plh": "Plh.", "pj": "Pj."}[form]
        return [f"{prefix} {HEAD},", "HENDRA GUNAWAN"], False
    if form == "an_sekda":
        return [f"a.n. {HEAD}", "SEKRETARIS DAERAH,", _employee(city.sekda).name.upper()], False
    head = _employee(city.agency_head)
    return [
        f"a.n. {HEAD}",
        "KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA,",
        head.name.upper(),
        head.rank.pangkat,
        f"NIP {head.nip_display}",
    ], True


def kind_parts(kind: str, case) -> dict:
    """What each kind must say: its title, Memperhatikan (if any facts are on file), a legal
    basis of its own, and its dictums, each list in reading order."""
    target = case.target_decree.number if case.target_decree_id else ""
    transfer_notes = [
        "Pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil tanggal 12 Januari 2026;",
        "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PT-0412/I-MUT/2026 "
        "tanggal 20 Januari 2026;",
    ]
    dismissal_basis = (
        "Peraturan Badan Kepegawaian Negara Nomor 3 Tahun 2020 tentang Petunjuk Teknis Pemberhentian"
    )
    return {
        "transfer": {
            "title": "PEMINDAHAN PEGAWAI NEGERI SIPIL ANTARPERANGKAT DAERAH DI LINGKUNGAN PEMERINTAH KOTA TANJUNGBALAI",
            "basis": "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi;",
            "noting": transfer_notes,
            "dictums": [
                "Memindahkan Pegawai Negeri Sipil sebagaimana tersebut di bawah ini:",
                "Nama : Budi Santoso, S.E.",
                "Jabatan lama : Pengadministrasi Perkantoran",
                "Jabatan baru : Penata Layanan Operasional",
                "terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "melalui perangkat daerah yang baru terhitung mulai tanggal 1 Maret 2026.",
                "KETIGA :",
                "Surat Pernyataan Melaksanakan Tugas.",
                "KEEMPAT :",
            ],
        },
        "transfer_out": {
            "title": "PELEPASAN PEGAWAI NEGERI SIPIL UNTUK PINDAH KE PEMERINTAH KOTA MEDAN",
            "basis": "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019",
            "noting": [],
            "dictums": [
                "Melepas Pegawai Negeri Sipil sebagaimana tersebut di bawah ini:",
                "Jabatan : Pengadministrasi Perkantoran",
                "untuk pindah ke Pemerintah Kota Medan.",
                "KEDUA :",
                "ditetapkan dengan Keputusan Gubernur Sumatera Utara setelah mendapat pertimbangan teknis",
                "KETIGA :",
                "Surat Keterangan Pemberhentian Pembayaran.",
                "KEEMPAT :",
            ],
            "copies": ["2. Wali Kota Medan;", "3. Kepala Kantor Regional VI"],
        },
        "transfer_in": {
            "title": "PENEMPATAN PEGAWAI NEGERI SIPIL PINDAHAN DARI PEMERINTAH KABUPATEN ASAHAN",
            "basis": "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019",
            "noting": [
                "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PT-0077/2026 "
                "tanggal 15 Januari 2026;",
                "Keputusan Gubernur Sumatera Utara Nomor 800.1.3.3/0155/BKD/2026 tanggal 28 Januari 2026 tentang "
                "Pemindahan Pegawai Negeri Sipil;",
            ],
            "dictums": [
                "Menempatkan Pegawai Negeri Sipil sebagaimana tersebut di bawah ini, pindahan dari Pemerintah "
                "Kabupaten Asahan yang pemindahannya ditetapkan dengan Keputusan Gubernur Sumatera Utara Nomor "
                "800.1.3.3/0155/BKD/2026 tanggal 28 Januari 2026:",
                "Nama : Rahmat Hidayat, S.Kom.",
                "Instansi asal : Pemerintah Kabupaten Asahan",
                "dalam jabatan Penata Layanan Operasional pada Badan Pengelolaan Keuangan dan Aset Daerah, terhitung "
                "mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "KETIGA :",
                "KEEMPAT :",
            ],
        },
        "appointment_structural": {
            "title": "PENGANGKATAN PEGAWAI NEGERI SIPIL DALAM JABATAN ADMINISTRATOR",
            "basis": "Peraturan Pemerintah Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil "
            "(Lembaran Negara Republik Indonesia Tahun 2019 Nomor 77);",
            "noting": [
                "Pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil tanggal 12 Januari 2026;",
                "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PT-0101/I-MUT/2026 "
                "tanggal 22 Januari 2026;",
                "Persetujuan tertulis Menteri Dalam Negeri Nomor 100.2.2.6/1234/OTDA tanggal 25 Januari 2026;",
            ],
            "dictums": [
                "Mengangkat Pegawai Negeri Sipil sebagaimana tersebut di bawah ini:",
                "Nama : Budi Santoso, S.E.",
                "dalam jabatan Kepala Bidang Anggaran pada Badan Pengelolaan Keuangan dan Aset Daerah.",
                "KEDUA :",
                "wajib dilantik dan mengangkat sumpah/janji jabatan",
                "KETIGA :",
                "berlaku terhitung mulai tanggal 1 Maret 2026",
                "diberhentikan dari jabatan lamanya",
                "KEEMPAT :",
            ],
        },
        "appointment_functional": {
            "title": "PENGANGKATAN PEGAWAI NEGERI SIPIL DALAM JABATAN FUNGSIONAL ANALIS KEPEGAWAIAN AHLI PERTAMA "
            "MELALUI PERPINDAHAN DARI JABATAN LAIN",
            "basis": "Reformasi Birokrasi Nomor 1 Tahun 2023 tentang Jabatan Fungsional;",
            "noting": [
                "Pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil tanggal 12 Januari 2026;",
                "Hasil uji kompetensi Nomor UK-7/2026 tanggal 5 Januari 2026;",
            ],
            "dictums": [
                "Mengangkat Pegawai Negeri Sipil sebagaimana tersebut di bawah ini:",
                "dalam Jabatan Fungsional Analis Kepegawaian Ahli Pertama pada Badan Kepegawaian dan "
                "Pengembangan Sumber Daya Manusia melalui Perpindahan dari Jabatan Lain.",
                "KEDUA :",
                "sumpah/janji jabatan",
                "KETIGA :",
                "tunjangan jabatan fungsional",
                "KEEMPAT :",
                "KELIMA :",
            ],
        },
        "appointment_jpt": {
            "title": "PENGANGKATAN DALAM JABATAN PIMPINAN TINGGI PRATAMA DI LINGKUNGAN PEMERINTAH KOTA TANJUNGBALAI",
            "basis": "Nomor 15 Tahun 2019 tentang Pengisian Jabatan Pimpinan Tinggi secara Terbuka dan Kompetitif",
            "noting": [
                "Hasil seleksi terbuka Jabatan Pimpinan Tinggi Pratama oleh Panitia Seleksi tanggal 30 Januari 2026;",
                "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PT-0200/2026 tanggal "
                "5 Februari 2026;",
            ],
            "dictums": [
                "Mengangkat Pegawai Negeri Sipil sebagaimana tersebut di bawah ini:",
                "Nama : Dr. Sri Wahyuni, M.Si.",
                "dalam Jabatan Pimpinan Tinggi Pratama sebagai Kepala Dinas Pemuda dan Olahraga.",
                "KEDUA :",
                "sumpah/janji jabatan",
                "KETIGA :",
                "perjanjian kinerja",
                "KEEMPAT :",
                "KELIMA :",
            ],
        },
        "dismissal_retirement": {
            "title": "PEMBERHENTIAN DENGAN HORMAT PEGAWAI NEGERI SIPIL YANG MENCAPAI BATAS USIA PENSIUN DENGAN HAK PENSIUN",
            "basis": dismissal_basis,
            "noting": [
                "Pertimbangan Teknis Kepala Kantor Regional VI Badan Kepegawaian Negara Nomor PH-2519/2026 tanggal "
                "10 Januari 2026;"
            ],
            "considering": [
                "Sdr. Harun Nasution, S.Sos., NIP",
                "lahir tanggal 10 Februari 1968, telah mencapai Batas Usia Pensiun 58 (lima puluh delapan) tahun "
                "pada tanggal 10 Februari 2026",
            ],
            "dictums": [
                "Memberhentikan dengan hormat sebagai Pegawai Negeri Sipil karena mencapai Batas Usia Pensiun:",
                "Nama : Harun Nasution, S.Sos.",
                "dengan hak pensiun, terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "diberikan pensiun pokok sebulan, dengan perincian:",
                "Pensiun pokok sebulan : Rp3.540.375,00",
                "yang pembayarannya dilaksanakan oleh PT TASPEN (Persero).",
                "KETIGA :",
                "Istri : Rosmawati, lahir 3 Juni 1971, menikah 20 Agustus 1995",
                "Anak : Putri Nasution, lahir 9 September 2003",
                "KEEMPAT :",
                "KELIMA :",
            ],
            "copies": ["Kepala Kantor Cabang Utama PT TASPEN (Persero) Medan;"],
        },
        "dismissal_own_request": {
            "title": "PEMBERHENTIAN DENGAN HORMAT ATAS PERMINTAAN SENDIRI SEBAGAI PEGAWAI NEGERI SIPIL",
            "basis": dismissal_basis,
            "noting": [],
            "considering": [
                "dengan surat tanggal 1 Desember 2025;",
                "ditunda sampai dengan tanggal 28 Februari 2026;",
            ],
            "dictums": [
                "Memberhentikan dengan hormat atas permintaan sendiri sebagai Pegawai Negeri Sipil:",
                "terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "ditunda karena kepentingan dinas mendesak sampai dengan tanggal 28 Februari 2026",
                "KETIGA :",
                # Born 1988, CPNS since 2011: neither 45 years old nor 20 years of service.
                "diberhentikan tanpa hak pensiun",
                "KEEMPAT :",
                "KELIMA :",
            ],
        },
        "dismissal_death": {
            "title": "PEMBERHENTIAN DENGAN HORMAT PEGAWAI NEGERI SIPIL YANG MENINGGAL DUNIA",
            "basis": "Undang-Undang Nomor 11 Tahun 1969 tentang Pensiun Pegawai dan Pensiun Janda/Duda Pegawai "
            "(Lembaran Negara Republik Indonesia Tahun 1969 Nomor 42, Tambahan Lembaran Negara Republik Indonesia "
            "Nomor 2906);",
            "noting": [],
            "considering": [
                "telah meninggal dunia pada tanggal 18 Februari 2026 sebagaimana tercantum dalam Surat Keterangan "
                "Kematian Nomor 474.3/0021/2026;"
            ],
            "dictums": [
                "Memberhentikan dengan hormat sebagai Pegawai Negeri Sipil karena meninggal dunia:",
                "Nama : Nurhayati",
                "terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "Kepada duda atau anak yang sah dari almarhumah diberikan hak pensiun duda",
                "KETIGA :",
            ],
            "copies": ["Ahli waris yang bersangkutan;"],
        },
        "dismissal_discipline": {
            "title": "PEMBERHENTIAN DENGAN HORMAT TIDAK ATAS PERMINTAAN SENDIRI SEBAGAI PEGAWAI NEGERI SIPIL",
            "basis": "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil (Lembaran "
            "Negara Republik Indonesia Tahun 2021 Nomor 202);",
            "noting": [],
            "considering": ["hukuman disiplin berat", "Nomor 800.1.6.2/0009/BKPSDM/2026"],
            "dictums": [
                "Memberhentikan dengan hormat tidak atas permintaan sendiri sebagai Pegawai Negeri Sipil:",
                "terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "hak pensiun apabila memenuhi persyaratan usia dan masa kerja",
                "KETIGA :",
                "KEEMPAT :",
                "upaya administratif",
                "KELIMA :",
            ],
        },
        "dismissal_unfit": {
            "title": "PEMBERHENTIAN DENGAN HORMAT PEGAWAI NEGERI SIPIL KARENA TIDAK CAKAP JASMANI DAN/ATAU ROHANI",
            "basis": dismissal_basis,
            "noting": [],
            "considering": ["Surat Keterangan Tim Penguji Kesehatan Nomor 445/TPK/0031/2026"],
            "dictums": [
                "karena tidak cakap jasmani dan/atau rohani:",
                "terhitung mulai tanggal 1 Maret 2026.",
                "KEDUA :",
                "diberikan hak pensiun",
                "KETIGA :",
                "KEEMPAT :",
            ],
        },
        "correction": {
            "title": f"PERUBAHAN ATAS KEPUTUSAN WALI KOTA TANJUNGBALAI NOMOR {target} TENTANG PEMINDAHAN PEGAWAI "
            "NEGERI SIPIL ANTARPERANGKAT DAERAH DI LINGKUNGAN PEMERINTAH KOTA TANJUNGBALAI",
            "basis": "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan",
            "noting": [],
            "considering": ["terdapat kekeliruan"],
            "dictums": [
                f"Mengubah Keputusan Wali Kota Tanjungbalai Nomor {target} tanggal",
                "tentang Pemindahan Pegawai Negeri Sipil Antarperangkat Daerah di Lingkungan Pemerintah Kota "
                "Tanjungbalai, sebagai berikut:",
                "seharusnya “Penata Layanan Operasional”.",
                "KEDUA :",
                "dinyatakan tetap berlaku.",
                "KETIGA :",
            ],
        },
        "revocation": {
            "title": f"PENCABUTAN KEPUTUSAN WALI KOTA TANJUNGBALAI NOMOR {target} TENTANG PEMINDAHAN PEGAWAI "
            "NEGERI SIPIL ANTARPERANGKAT DAERAH DI LINGKUNGAN PEMERINTAH KOTA TANJUNGBALAI",
            "basis": "Undang-Undang Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan",
            "noting": [],
            "considering": [
                "mengandung cacat prosedur sebagaimana dimaksud dalam Pasal 64 ayat (1) huruf b Undang-Undang "
                "Nomor 30 Tahun 2014 tentang Administrasi Pemerintahan, yaitu pemindahan ditetapkan tanpa "
                "pertimbangan Tim Penilai Kinerja Pegawai Negeri Sipil, sehingga Keputusan tersebut perlu dicabut;"
            ],
            "dictums": [
                f"Mencabut Keputusan Wali Kota Tanjungbalai Nomor {target} tanggal",
                "KEDUA :",
                "dinyatakan tidak berlaku.",
                "KETIGA :",
                "dikembalikan pada jabatan Pengadministrasi Perkantoran pada Dinas Perhubungan, dan gaji serta "
                "penghasilan lainnya dibayarkan melalui perangkat daerah semula terhitung mulai tanggal 1 Maret 2026.",
                "KEEMPAT :",
            ],
        },
    }[kind]


def read_back(city, make_case, kind: str, form: str):
    case = make_case(kind)
    document = compose(
        case=case, number=NUMBER, decree_date=DAY, signature=signature(city, form), verify_url=URL
    )
    pdf = render(document).pdf
    return case, document, pdf, body_text(pdf)


def required_parts(city, case, kind: str, form: str) -> list[str]:
    parts = kind_parts(kind, case)
    lines, _ranked = expected_signature(city, form)
    sequence = [
        HEAD,
        "PROVINSI SUMATERA UTARA",
        f"KEPUTUSAN {HEAD}",
        f"NOMOR {NUMBER}",
        "TENTANG",
        parts["title"],
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        f"{HEAD},",
        "Menimbang : a. bahwa",
        *parts.get("considering", []),
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a",
        "perlu menetapkan Keputusan Wali Kota tentang",
        "Mengingat : 1.",
        parts["basis"],
    ]
    if parts["noting"]:
        sequence += ["Memperhatikan : 1.", *parts["noting"]]
    sequence += [
        "MEMUTUSKAN:",
        "Menetapkan : KEPUTUSAN WALI KOTA TENTANG",
        "KESATU :",
        *parts["dictums"],
        "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan apabila di kemudian hari terdapat "
        "kekeliruan akan diadakan perbaikan sebagaimana mestinya.",
        "Ditetapkan di Tanjungbalai",
        "pada tanggal 16 Februari 2026",
        *lines,
        "Tembusan:",
        "1. Gubernur Sumatera Utara di Medan;",
        *parts.get("copies", []),
        "Arsip.",
    ]
    return sequence


@pytest.mark.parametrize("form", ["holder", "plt", "an_bkpsdm"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_reads_back_with_every_required_part_in_order(city, make_case, kind, form):
    case, _document, pdf, text = read_back(city, make_case, kind, form)
    assert_in_order(text, required_parts(city, case, kind, form))
    assert (
        "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara (Lembaran Negara Republik Indonesia "
        "Tahun 2023 Nomor 141, Tambahan Lembaran Negara Republik Indonesia Nomor 6897);"
    ) in between(text, "Mengingat", "MEMUTUSKAN")
    if not kind_parts(kind, case)["noting"]:
        assert "Memperhatikan" not in text


@pytest.mark.parametrize("form", ["holder", "plt", "plh", "pj", "an_sekda", "an_bkpsdm"])
def test_signature_block_shows_rank_and_nip_only_for_officials_other_than_the_head_and_sekda(
    city, make_case, form
):
    _case, _document, _pdf, text = read_back(city, make_case, "dismissal_unfit", form)
    lines, ranked = expected_signature(city, form)
    block = between(text, "pada tanggal 16 Februari 2026", "Tembusan:")
    assert_in_order(block, lines)
    assert ("NIP" in block) is ranked
    assert ("Pembina" in block) is ranked


def test_signer_names_carry_no_academic_titles(city):
    block = signature_for({"basis": "elected", "name": "Dr. H. Ahmad Fauzi, S.H., M.Si."})
    assert block.name == "H. Ahmad Fauzi"
    assert block.lines == (f"{HEAD},",) and block.nip == "" and block.rank == ""


def test_an_acting_sekda_signs_with_rank_and_nip(city):
    head = _employee(city.agency_head)
    block = signature_for(
        {"basis": "delegated", "office": "secretariat", "office_title": "Sekretaris Daerah", "acting": "plt"},
        signer_employee=head,
    )
    assert block.lines == (f"a.n. {HEAD}", "Plt. SEKRETARIS DAERAH,")
    assert block.nip == head.nip_display and block.rank == head.rank.pangkat


def test_further_delegation_reads_a_n_then_u_b(city):
    block = signature_for(
        {
            "basis": "delegated",
            "office": "personnel_agency",
            "office_title": "Kepala BKPSDM",
            "via": "Sekretaris Daerah",
        },
        signer_employee=_employee(city.agency_head),
    )
    assert block.lines == (f"a.n. {HEAD}", "SEKRETARIS DAERAH,", "u.b.", "KEPALA BKPSDM,")


def test_configured_legal_bases_replace_the_defaults_of_their_kind(city, make_case, settings):
    settings.SAHIH_DECREE = {
        **settings.SAHIH_DECREE,
        "legal_bases": {
            "transfer": ["Undang-Undang Nomor 8 Drt. Tahun 1956 tentang Pembentukan Daerah Otonom"]
        },
    }
    _case, _document, _pdf, text = read_back(city, make_case, "transfer", "holder")
    assert (
        "Mengingat : 1. Undang-Undang Nomor 8 Drt. Tahun 1956 tentang Pembentukan Daerah Otonom; Memperhatikan"
        in text
    )
    assert "Nomor 5 Tahun 2019" not in text


def test_every_page_carries_the_verification_address_and_its_page_number(city, make_case):
    _case, _document, pdf, _text = read_back(city, make_case, "appointment_structural", "holder")
    pages = page_texts(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert f"Verifikasi: {URL}" in page
        assert f"Halaman {number} dari {len(pages)}" in page


def test_a_long_correction_breaks_cleanly_over_pages(city, make_case):
    paragraph = "Pada Lampiran nomor urut {n}, kolom (5): tertulis “Penata”, seharusnya “Penata Layanan Operasional”. "
    text_of_correction = "".join(paragraph.format(n=n) for n in range(1, 120))
    case = make_case("correction", data={"correction": text_of_correction})
    document = compose(
        case=case, number=NUMBER, decree_date=DAY, signature=signature(city, "holder"), verify_url=URL
    )
    pdf = render(document).pdf
    text = body_text(pdf)
    assert len(page_texts(pdf)) >= 4
    assert_in_order(text, ["nomor urut 1,", "nomor urut 60,", "nomor urut 119,", "KEDUA :", "Tembusan:"])
