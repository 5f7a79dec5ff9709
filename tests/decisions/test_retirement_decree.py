"""The retirement (BUP) decree, through the API to the signed PDF read back: a recital true on the
day of signing, and what PT TASPEN needs to pay the pension (issue 11, §4)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from decisions.models import Case
from tests.factories import EmployeeFactory, PositionFactory

from .api_route import client, sign
from .conftest import retiring_employee

JAKARTA = ZoneInfo("Asia/Jakarta")
BEFORE_BIRTHDAY = datetime(2026, 1, 20, 10, 0, tzinfo=JAKARTA)
AFTER_BIRTHDAY = datetime(2026, 2, 20, 10, 0, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _on_a_fixed_day():
    """Everything is built and signed on a known day (the rules and the recital depend on it)."""
    with time_machine.travel(BEFORE_BIRTHDAY, tick=False):
        yield


def _retire(city, employees, *, data=None) -> tuple[dict, bytes, str]:
    body = {
        "kind": "dismissal_retirement",
        "items": [{"employee": e.nip} for e in employees],
        "effective_date": "2026-03-01",
        "reason": "Mencapai batas usia pensiun.",
        "data": data or {},
    }
    return sign(city, body)


def test_a_retirement_signed_before_the_birthday_says_the_employee_will_reach_the_retirement_age(city):
    """The recital must be true on the day of signing (UU 30/2014 Pasal 52: a decree rests on
    true facts): signed on 20 January 2026, before the 58th birthday on 10 February 2026 (BUP,
    UU 20/2023 Pasal 55), it says the employee *will* reach it; the TMT pensiun is 1 March 2026."""
    case, _pdf, text = _retire(city, [retiring_employee(city)])
    assert case["decree"]["date"] == "2026-01-20"
    assert (
        "lahir tanggal 10 Februari 1968, akan mencapai Batas Usia Pensiun 58 (lima puluh delapan) tahun pada "
        "tanggal 10 Februari 2026, sehingga perlu diberhentikan dengan hormat sebagai Pegawai Negeri Sipil "
        "dengan hak pensiun terhitung mulai tanggal 1 Maret 2026;"
    ) in text
    assert "telah mencapai" not in text


def test_a_retirement_signed_after_the_birthday_says_the_age_has_been_reached(city):
    """Signed on 20 February 2026, after the birthday: "telah mencapai" is true that day."""
    employee = retiring_employee(city)
    with time_machine.travel(AFTER_BIRTHDAY, tick=False):
        case, _pdf, text = _retire(city, [employee])
    assert case["decree"]["date"] == "2026-02-20"
    assert (
        "telah mencapai Batas Usia Pensiun 58 (lima puluh delapan) tahun pada tanggal 10 Februari 2026"
        in text
    )
    assert "akan mencapai" not in text


def test_a_retirement_decree_carries_what_taspen_needs_to_pay_the_pension(city):
    """UU 11/1969: the basic pension is 2.5% of the last basic salary for each year of service,
    at most 75% (Pasal 11 ayat (1) huruf a) and never less than the lowest basic salary (huruf
    c); the last basic salary follows the PP 5/2024 table (III/d, 27 years of service in grade:
    Rp4.720.500); 32 years of service give 80%, so 75%: Rp3.540.375. The family entitled are the
    wife and the child under 25 (Pasal 18), not the son of 29. The dismissal names its pension
    right once ("dengan hak pensiun,:" was a fault)."""
    _case, _pdf, text = _retire(city, [retiring_employee(city)])
    for part in (
        "KESATU : Memberhentikan dengan hormat sebagai Pegawai Negeri Sipil karena mencapai Batas Usia Pensiun:",
        "dengan hak pensiun, terhitung mulai tanggal 1 Maret 2026.",
        "KEDUA : Kepada Pegawai Negeri Sipil sebagaimana dimaksud dalam Diktum KESATU diberikan pensiun pokok "
        "sebulan, dengan perincian:",
        "Gaji pokok terakhir : Rp4.720.500,00, golongan ruang III/d, masa kerja golongan 27 tahun 11 bulan "
        "(Peraturan Pemerintah Nomor 5 Tahun 2024)",
        "Masa kerja pensiun : 32 tahun 0 bulan",
        "Persentase : 75% (2,5% untuk setiap tahun masa kerja, paling tinggi 75%)",
        "Pensiun pokok sebulan : Rp3.540.375,00 (tiga juta lima ratus empat puluh ribu tiga ratus tujuh puluh "
        "lima rupiah)",
        "Mulai diberikan : 1 Maret 2026",
        "yang pembayarannya dilaksanakan oleh PT TASPEN (Persero).",
        "KETIGA : Apabila Pegawai Negeri Sipil sebagaimana dimaksud dalam Diktum KESATU meninggal dunia, kepada "
        "istri/suami dan anak di bawah ini diberikan pensiun janda/duda atau pensiun anak",
        "Istri : Rosmawati, lahir 3 Juni 1971, menikah 20 Agustus 1995",
        "Anak : Putri Nasution, lahir 9 September 2003",
        "KEEMPAT : Gaji dan penghasilan lain",
    ):
        assert part in text, part
    assert "Fajar Nasution" not in text
    assert ",:" not in text
    assert "Peraturan Pemerintah Nomor 7 Tahun 1977 tentang Peraturan Gaji Pegawai Negeri Sipil" in text


def test_a_collective_retirement_lists_each_persons_pension_in_the_lampiran(city):
    """Several people retiring on one TMT: each one's Taspen particulars stand under the Lampiran
    (UU 11/1969 Pasal 11 and 18), the dictums refer to it."""
    first = retiring_employee(city)
    second = EmployeeFactory(
        name="Sri Rahayu",
        gender="2",
        birth=date(1968, 2, 25),
        tmt=date(2000, 3, 1),
        rank_since=date(2020, 10, 1),
        mkg_years=16,
        mkg_months=0,
        position=PositionFactory(code="DISHUB-ARSIP", name="Arsiparis Pelaksana", unit=city.dishub),
    )
    _case, _pdf, text = _retire(city, [first, second])
    for part in (
        "KEDUA : Kepada Pegawai Negeri Sipil sebagaimana dimaksud dalam Diktum KESATU diberikan pensiun pokok "
        "sebulan yang besarnya, beserta istri/suami dan anak yang berhak menerima pensiun janda/duda atau "
        "pensiun anak, sebagaimana tercantum dalam Lampiran Keputusan ini",
        "LAMPIRAN : KEPUTUSAN WALI KOTA TANJUNGBALAI",
        "1. Harun Nasution, S.Sos., NIP",
        "Pensiun pokok sebulan : Rp3.540.375,00",
        "Istri : Rosmawati",
        "2. Sri Rahayu, NIP",
        "Masa kerja pensiun : 26 tahun 0 bulan",
    ):
        assert part in text, part


def test_a_retirement_cannot_be_signed_while_the_service_in_grade_is_unknown(city):
    """Without the masa kerja golongan the decree cannot state the last basic salary (PP 5/2024)
    nor the pension (UU 11/1969 Pasal 11): rule pension_particulars blocks the signature, and
    says so as a warning before."""
    employee = retiring_employee(city)
    employee.mkg_years = employee.mkg_months = None
    employee.save(update_fields=["mkg_years", "mkg_months"])
    with pytest.raises(AssertionError, match="pension_particulars"):
        _retire(city, [employee])
    case = Case.objects.get(kind="dismissal_retirement")
    assert case.status == "in_review" and case.stage == "signing"
    assert any(
        f["rule"] == "pension_particulars" and f["severity"] == "warn"
        for evaluation in case.evaluations.all()
        for f in evaluation.findings
    )
    task = client(city.walikota).get("/api/tasks/").json()[0]
    refused = client(city.walikota).post(f"/api/tasks/{task['id']}/approve/", {}, format="json").json()
    assert refused["code"] == "policy_blocked" and refused["unresolved"] == ["pension_particulars#1"]
