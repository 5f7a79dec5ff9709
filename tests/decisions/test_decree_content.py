"""What each kind of SK says, as the legal section would sign it: each case taken through its
route by the API, the signed PDF read back (issue 19, §1)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from decisions.models import Attachment, ElectionPeriod
from personnel.models import Position, Rank
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, official

from .api_route import Route, client, committee_of, propose, run_to_signature, sign
from .pdf import between, body_lines, body_text, page_texts

DAY = datetime(2026, 2, 10, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))  # a Tuesday
EXTERNAL_FILE = (
    Attachment.Kind.CONSENT_LETTER,
    Attachment.Kind.JOB_ANALYSIS,
    Attachment.Kind.CLEARANCE,
    Attachment.Kind.NO_DISCIPLINE_STATEMENT,
    Attachment.Kind.NO_STUDY_LEAVE_STATEMENT,
    Attachment.Kind.SKP,
    Attachment.Kind.SKP,
)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    with time_machine.travel(DAY, tick=False):
        yield


def _transfer(city, *, effective_date="2026-03-16", clerk=None, items=None) -> tuple[dict, bytes, str]:
    body = {
        "kind": "transfer",
        "items": items or [{"employee": city.subject.nip, "target_position": city.target.code}],
        "effective_date": effective_date,
        "reason": "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja.",
    }
    return sign(city, body, clerk=clerk)


def test_a_transfer_states_its_tmt_in_kesatu_and_pay_from_the_first_of_the_next_month(city):
    """The move takes effect on its TMT, which KESATU states (the closing diktum only says when
    the decree itself is in force); pay moves to the new unit from the first day of a month:
    a move on 16 March is paid there from 1 April (Perka BKN 31/2007: from the month after)."""
    _case, _pdf, text = _transfer(city)
    kesatu = between(text, "KESATU :", "KEDUA :")
    assert kesatu.rstrip().endswith("terhitung mulai tanggal 16 Maret 2026.")
    assert "Nama : Budi Santoso, S.E." in kesatu
    assert "melalui perangkat daerah yang baru terhitung mulai tanggal 1 April 2026." in between(
        text, "KEDUA :", "KETIGA :"
    )
    assert "KEEMPAT : Keputusan ini mulai berlaku pada tanggal ditetapkan" in text


def test_a_transfer_cites_only_what_it_rests_on_and_copies_in_the_order_of_the_hierarchy(city):
    """Mengingat: the region's formation law first, the national bases of a transfer (UU 23/2014,
    UU 20/2023, PP 11/2017, Peraturan BKN 5/2019), not the discipline PP 94/2021. Tembusan: the
    Gubernur before the BKN regional office, then the region's offices and the heads of the
    units concerned named with the city (Permendagri 1/2023, tata naskah dinas)."""
    _case, _pdf, text = _transfer(city, effective_date="2026-03-01")
    mengingat = between(text, "Mengingat :", "MEMUTUSKAN")
    assert mengingat.lstrip().startswith("1. Undang-Undang Nomor 9 Drt. Tahun 1956")
    assert "Peraturan Badan Kepegawaian Negara Nomor 5 Tahun 2019" in mengingat
    assert "Nomor 94 Tahun 2021" not in mengingat
    copies = text[text.index("Tembusan:") :]
    assert copies.startswith(
        "Tembusan: 1. Gubernur Sumatera Utara di Medan; 2. Kepala Kantor Regional VI Badan Kepegawaian Negara "
        "di Medan; 3. Inspektur Kota Tanjungbalai;"
    )
    assert "Kepala Dinas Perhubungan Kota Tanjungbalai;" in copies
    assert copies.count("Kepala Badan Pengelolaan Keuangan dan Aset Daerah Kota Tanjungbalai;") == 1
    assert copies.endswith("Pegawai Negeri Sipil yang bersangkutan; 8. Arsip.")


def test_a_death_takes_effect_on_the_first_day_of_the_next_month_and_no_other_day(city, settings):
    """UU 11/1969 Pasal 24: the survivors' pension runs from the month after the death, so the
    dismissal on death takes effect on its first day: derived when the clerk gives no TMT, and
    rule death_tmt refuses any other. The copy for PT TASPEN names its branch (a setting)."""
    settings.SAHIH_DECREE = {
        **settings.SAHIH_DECREE,
        "taspen_office": "Kepala Kantor Cabang PT TASPEN (Persero) Pematangsiantar",
    }
    body = {
        "kind": "dismissal_death",
        "employee": city.subject.nip,
        "reason": "Meninggal dunia.",
        "data": {"date_of_death": "2026-01-18", "death_certificate_number": "474.3/0021/2026"},
    }
    case, _pdf, text = sign(city, body)
    assert case["effective_date"] == "2026-02-01"
    assert "telah meninggal dunia pada tanggal 18 Januari 2026" in text
    assert (
        "KESATU : Memberhentikan dengan hormat sebagai Pegawai Negeri Sipil karena meninggal dunia:" in text
    )
    assert "terhitung mulai tanggal 1 Februari 2026." in between(text, "KESATU :", "KEDUA :")
    assert "Kepala Kantor Cabang PT TASPEN (Persero) Pematangsiantar;" in text

    # Another TMT is refused at submission, and the rule says which day is right.
    colleague = EmployeeFactory(
        name="Pegawai Lain", position=PositionFactory(code="DISHUB-P2", name="Pengemudi", unit=city.dishub)
    )
    api = client(city.clerk)
    wrong = api.post(
        "/api/cases/", {**body, "employee": colleague.nip, "effective_date": "2026-01-18"}, format="json"
    ).json()
    api.post(
        f"/api/cases/{wrong['id']}/attachments/",
        {"kind": "death_certificate", "file": _pdf_upload()},
        format="multipart",
    )
    refused = api.post(f"/api/cases/{wrong['id']}/submit/", {}, format="json").json()
    assert refused["code"] == "policy_blocked" and refused["unresolved"] == ["death_tmt"]
    [finding] = [f for f in refused["findings"] if f["rule"] == "death_tmt"]
    assert finding["basis"] == "UU 11/1969 Ps. 24; Peraturan BKN 3/2020"
    assert "01-02-2026" in finding["fix"]


def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.helpers import small_pdf

    return SimpleUploadedFile("akta.pdf", small_pdf("akta kematian"), content_type="application/pdf")


def _collective_transfer(city):
    second = EmployeeFactory(
        name="Pegawai Rotasi Satu",
        position=PositionFactory(code="DISHUB-ROT1", name="Pengelola Data", unit=city.dishub),
    )
    target = PositionFactory(code="BPKAD-ROT1", name="Pengolah Data Keuangan", unit=city.bpkad)
    items = [
        {"employee": city.subject.nip, "target_position": city.target.code},
        {"employee": second.nip, "target_position": target.code},
    ]
    return _transfer(city, effective_date="2026-03-01", items=items)


def test_a_petikan_is_certified_and_names_whom_it_is_delivered_to(city):
    """A PETIKAN is certified "Salinan sesuai dengan aslinya" by the official who certifies it,
    with name, rank and NIP; it closes by naming the employee and its purpose; its Lampiran
    page carries the usual LAMPIRAN heading under the PETIKAN mark (tata naskah dinas)."""
    case, _pdf, _text = _collective_transfer(city)
    response = client(city.agency_clerk).get(f"/api/cases/{case['id']}/decree/extract/2.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = body_text(pdf)
    head = EmployeeFactory._meta.model.objects.get(user=city.agency_head)
    certification = between(text, "Salinan sesuai dengan aslinya", "PETIKAN: Keputusan ini")
    assert "KEPALA BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA KOTA TANJUNGBALAI," in certification
    assert head.name.upper() in certification and head.rank.pangkat in certification
    assert f"NIP {head.nip_display}" in certification
    second = case["items"][1]
    assert f"PETIKAN: Keputusan ini disampaikan kepada Sdr. {second['employee']['name']}" in text
    assert "untuk diketahui dan dipergunakan sebagaimana mestinya." in text
    assert "ttd." in between(text, "WALI KOTA TANJUNGBALAI,", "Salinan sesuai")
    annex_page = body_lines(page_texts(pdf)[-1])
    assert annex_page[0] == "PETIKAN" and annex_page[1].startswith("LAMPIRAN : KEPUTUSAN WALI KOTA")
    assert client(city.outsider).get(f"/api/cases/{case['id']}/decree/extract/2.pdf").status_code == 404


def _second_unit(city, code: str, name: str):
    unit = OrgUnitFactory(code=code, name=name, parent=city.region)
    head = official(unit, code=f"KA{code}", title=f"Kepala {name}", username=f"kepala_{code.lower()}")
    return unit, head.user


def test_a_correction_names_the_decree_by_its_tentang_and_is_copied_to_the_units_of_its_rows(city):
    """A ralat's title carries the corrected decree's TENTANG, and it is copied to every unit its
    corrected rows touch (here the move of one person out of Dinas Kesehatan into Dinas
    Perhubungan), not to those only the others touched (Dinas Sosial)."""
    dinsos, head_dinsos = _second_unit(city, "DINSOS", "Dinas Sosial")
    dinkes_head = EmployeeFactory._meta.model.objects.get(position__code="KADINKES").user
    mover = EmployeeFactory(
        name="Pegawai Dinsos",
        position=PositionFactory(code="DINSOS-P1", name="Pengelola Bantuan", unit=dinsos),
    )
    nurse = EmployeeFactory(
        name="Pegawai Dinkes",
        position=PositionFactory(
            code="DINKES-P1", name="Pengadministrasi Umum", unit=city.region.children.get(code="DINKES")
        ),
    )
    to_dishub = PositionFactory(code="DISHUB-P9", name="Pengelola Sarana", unit=city.dishub)
    body = {
        "kind": "transfer",
        "items": [
            {"employee": mover.nip, "target_position": city.target.code},
            {"employee": nurse.nip, "target_position": to_dishub.code},
        ],
        "effective_date": "2026-03-01",
        "reason": "Rotasi.",
    }
    case = propose(city.agency_clerk, body)

    class Heads(Route):
        def deciders(self, stage):
            extra = {"unit_head": [head_dinsos, dinkes_head]}.get(stage, [])
            return [*super().deciders(stage), *extra]

    case = run_to_signature(Heads(city=city), case["id"])
    number = case["decree"]["number"]
    correction = {
        "kind": "correction",
        "employee": nurse.nip,
        "effective_date": "2026-03-01",
        "reason": "Ralat nama jabatan.",
        "target_decree": number,
        "data": {"correction": "Pada Lampiran nomor urut 2, kolom (5): tertulis “Pengelola Sarana”."},
    }
    _case, _pdf, text = sign(city, correction, clerk=city.agency_clerk)
    assert (
        f"PERUBAHAN ATAS KEPUTUSAN WALI KOTA TANJUNGBALAI NOMOR {number} TENTANG PEMINDAHAN PEGAWAI NEGERI SIPIL "
        "ANTARPERANGKAT DAERAH DI LINGKUNGAN PEMERINTAH KOTA TANJUNGBALAI"
    ) in text
    copies = text[text.index("Tembusan:") :]
    assert "Kepala Dinas Kesehatan Kota Tanjungbalai;" in copies
    assert "Kepala Dinas Perhubungan Kota Tanjungbalai;" in copies
    assert "Dinas Sosial" not in copies


def test_a_revocation_states_its_defect_and_what_follows_for_the_employee(city):
    """UU 30/2014 Pasal 64 ayat (1): a decree is revoked for a defect of authority (huruf a),
    procedure (b) or substance (c); the revocation states the defect recorded in the case, its
    title carries the revoked decree's TENTANG, and a diktum says what follows: the employee
    returns to the former post and is paid there again."""
    case, _pdf, _text = _transfer(city, effective_date="2026-03-01")
    number = case["decree"]["number"]
    body = {
        "kind": "revocation",
        "employee": city.subject.nip,
        "effective_date": "2026-03-16",
        "reason": "Cacat prosedur.",
        "target_decree": number,
        "data": {
            "revocation_defect": "prosedur",
            "revocation_reason": "pemindahan ditetapkan tanpa persetujuan kepala perangkat daerah tujuan",
        },
    }
    _case, _pdf, text = sign(city, body, clerk=city.agency_clerk)
    assert (
        f"PENCABUTAN KEPUTUSAN WALI KOTA TANJUNGBALAI NOMOR {number} TENTANG PEMINDAHAN PEGAWAI NEGERI SIPIL"
        in text
    )
    assert (
        "mengandung cacat prosedur sebagaimana dimaksud dalam Pasal 64 ayat (1) huruf b Undang-Undang Nomor 30 "
        "Tahun 2014 tentang Administrasi Pemerintahan, yaitu pemindahan ditetapkan tanpa persetujuan kepala "
        "perangkat daerah tujuan, sehingga Keputusan tersebut perlu dicabut;"
    ) in text
    assert "Pasal 64 Undang-Undang" not in text  # the generic ground is gone
    ketiga = between(text, "KETIGA :", "KEEMPAT :")
    assert "dikembalikan pada jabatan Pengadministrasi Perkantoran pada Dinas Perhubungan" in ketiga
    assert "dibayarkan melalui perangkat daerah semula terhitung mulai tanggal 1 April 2026." in ketiga


def test_a_transfer_in_cites_the_decision_that_transfers_the_employee(city):
    """The receiving region places the employee after the decision of the Governor (SE Kepala BKN
    3/SE/VIII/2019), which its decree cites by number and date in Memperhatikan and KESATU; the
    copy goes to the head of the region of origin."""
    newcomer = EmployeeFactory(
        name="Rahmat Hidayat", status="incoming", position=None, birth=date(1990, 7, 3), tmt=date(2014, 3, 1)
    )
    body = {
        "kind": "transfer_in",
        "employee": newcomer.nip,
        "target_position": city.target.code,
        "effective_date": "2026-03-01",
        "reason": "Pindahan dari Kabupaten Asahan.",
        "data": {
            "origin_region": "Pemerintah Kabupaten Asahan",
            "final_issuer": "gubernur",
            "origin_decree_number": "800.1.3.3/0155/BKD/2026",
            "origin_decree_date": "2026-01-28",
            "pertek_number": "PT-0077/KR.VI/2026",
            "pertek_date": "2026-01-15",
        },
    }
    _case, _pdf, text = sign(city, body, clerk=city.agency_clerk, attachments=EXTERNAL_FILE)
    decision = "Keputusan Gubernur Sumatera Utara Nomor 800.1.3.3/0155/BKD/2026 tanggal 28 Januari 2026"
    assert f"{decision} tentang Pemindahan Pegawai Negeri Sipil;" in between(
        text, "Memperhatikan :", "MEMUTUSKAN"
    )
    assert f"yang pemindahannya ditetapkan dengan {decision}:" in between(text, "KESATU :", "KEDUA :")
    assert "terhitung mulai tanggal 1 Maret 2026." in between(text, "KESATU :", "KEDUA :")
    assert "2. Bupati Asahan;" in text[text.index("Tembusan:") :]


def test_a_transfer_out_is_copied_to_the_head_of_the_receiving_region(city):
    """The release is copied to the receiving region's head ("Wali Kota Medan"), after the
    Governor; the final SK is named as the Governor's."""
    body = {
        "kind": "transfer_out",
        "employee": city.subject.nip,
        "effective_date": "2026-03-01",
        "reason": "Mengikuti suami pindah tugas.",
        "data": {"destination_region": "Pemerintah Kota Medan", "final_issuer": "gubernur"},
    }
    attachments = (*EXTERNAL_FILE, Attachment.Kind.RELEASE_LETTER)
    _case, _pdf, text = sign(city, body, clerk=city.agency_clerk, attachments=attachments)
    copies = text[text.index("Tembusan:") :]
    assert copies.startswith(
        "Tembusan: 1. Gubernur Sumatera Utara di Medan; 2. Wali Kota Medan; 3. Kepala Kantor"
    )
    assert "Pejabat Pembina Kepegawaian" not in copies
    assert "ditetapkan dengan Keputusan Gubernur Sumatera Utara setelah mendapat pertimbangan teknis" in text


def test_a_functional_appointment_cites_the_regulation_of_that_functional_post(city):
    """An appointment to a JF rests on the regulation of that JF as well as PermenPANRB 1/2023;
    the allowance is paid from the first day of a month (Perka BKN 39/2007)."""
    regulation = (
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 22 Tahun 2021 tentang "
        "Jabatan Fungsional Analis Sumber Daya Manusia Aparatur"
    )
    post = PositionFactory(
        code="BKPSDM-ASDMA",
        name="Analis Sumber Daya Manusia Aparatur Ahli Pertama",
        unit=city.bkpsdm,
        kind=Position.Kind.FUNCTIONAL,
        functional_level=Position.FunctionalLevel.AHLI_PERTAMA,
        regulation=regulation,
    )
    body = {
        "kind": "appointment_functional",
        "employee": city.subject.nip,
        "target_position": post.code,
        "effective_date": "2026-03-09",
        "reason": "Perpindahan ke jabatan fungsional.",
        "data": {"functional_route": "perpindahan", "competency_test": {"passed": True, "score": "82"}},
    }
    _case, _pdf, text = sign(city, body, committee=committee_of(city))
    mengingat = between(text, "Mengingat :", "Memperhatikan")
    assert f"{regulation};" in mengingat
    assert mengingat.index("Nomor 22 Tahun 2021") < mengingat.index("Nomor 1 Tahun 2023")
    assert "tunjangan jabatan fungsional terhitung mulai tanggal 1 April 2026" in text


def test_a_jpt_appointment_in_an_election_window_cites_the_basis_of_the_ministers_approval(city):
    """UU 10/2016 Pasal 71 ayat (2): in the election window officials are replaced only with the
    Minister's written approval; the decree cites that law in Mengingat and the approval in
    Memperhatikan."""
    ElectionPeriod.objects.create(
        name="Pilkada Kota Tanjungbalai 2026", candidates_set_on=date(2026, 6, 1), term_end=date(2026, 12, 31)
    )
    dispora = OrgUnitFactory(code="DISPORA", name="Dinas Pemuda dan Olahraga", parent=city.region)
    post = PositionFactory(
        code="KADISPORA",
        name="Kepala Dinas Pemuda dan Olahraga",
        unit=dispora,
        kind=Position.Kind.JPT_PRATAMA,
        is_head=True,
    )
    candidates = [
        EmployeeFactory(
            name=f"Kandidat {n}",
            birth=date(1975, n, 3),
            tmt=date(2000, 3, 1),
            rank=Rank.objects.get(code=42),
            position=PositionFactory(unit=city.bpkad, kind=Position.Kind.ADMINISTRATOR),
            position_since=date(2019, 1, 2),
        )
        for n in (1, 2, 3)
    ]
    body = {
        "kind": "appointment_jpt",
        "items": [{"employee": c.nip, "target_position": post.code} for c in candidates],
        "effective_date": "2026-03-02",
        "reason": "Hasil seleksi terbuka JPT pratama.",
        "data": {
            "shortlist": [{"nip": c.nip, "score": s} for c, s in zip(candidates, (88, 85, 80), strict=True)],
            "minister_approval_number": "100.2.2.6/1234/OTDA",
            "minister_approval_date": "2026-02-02",
        },
    }
    _case, _pdf, text = sign(
        city,
        body,
        clerk=city.agency_clerk,
        facts={"selection": {"chosen_item": 1}, "inauguration": {"inauguration_date": "2026-03-02"}},
        attachments=(Attachment.Kind.MINISTER_APPROVAL,),
    )
    mengingat = between(text, "Mengingat :", "Memperhatikan")
    assert (
        "Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang Nomor 1 Tahun 2015"
        in mengingat
    )
    assert (
        "(Lembaran Negara Republik Indonesia Tahun 2016 Nomor 130, Tambahan Lembaran Negara Republik Indonesia Nomor 5898)"
        in mengingat
    )
    assert (
        "Persetujuan tertulis Menteri Dalam Negeri Nomor 100.2.2.6/1234/OTDA tanggal 2 Februari 2026;" in text
    )
