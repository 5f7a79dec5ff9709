from __future__ import annotations

import io

import pdfplumber

from audit.verify import verify_chain
from personnel.models import PositionHistory

from .helpers import approve, create_transfer, run_route, task_id


def test_clerk_drives_a_transfer_to_a_signed_decree_that_takes_effect(api, city):
    case = create_transfer(api, city)
    assert case["status"] == "draft"

    submitted = api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert {s["code"] for s in submitted.json()["stages"]} == {"unit_head"}

    final = run_route(api, city, case["id"])

    assert final["status"] == "effective"
    assert final["decree"]["number"].startswith("800.1.3.3/0001/BKPSDM/")
    city.subject.refresh_from_db()
    assert city.subject.position == city.target
    spell = PositionHistory.objects.get(employee=city.subject, end__isnull=True)
    assert spell.decree_number == final["decree"]["number"]
    assert verify_chain().ok


def test_the_signed_decree_reads_back_with_its_number_names_posts_date_and_signer(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    final = run_route(api, city, case["id"])

    response = api(city.clerk).get(f"/api/cases/{case['id']}/decree.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(b"".join(response.streaming_content))) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    response.close()
    flat = " ".join(text.split())
    assert final["decree"]["number"] in flat
    # A one-person SK names the employee and both posts in its first diktum (no annex).
    assert "Budi Santoso, S.E." in flat
    assert city.subject.nip_display in flat
    assert "Pengadministrasi Perkantoran" in flat and "Dinas Perhubungan" in flat
    assert "Penata Layanan Operasional" in flat and "Badan Pengelolaan Keuangan dan Aset Daerah" in flat
    assert "WALI KOTA TANJUNGBALAI," in flat
    assert "AHMAD FAUZI" in flat
    assert "Ditetapkan di Tanjungbalai" in flat


def test_a_returned_case_is_revised_resubmitted_and_starts_again_at_the_heads(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    approve(api, city.head_dishub, case["id"], "unit_head")
    approve(api, city.head_bpkad, case["id"], "unit_head")

    returned = api(city.verifier).post(
        f"/api/tasks/{task_id(api, city.verifier, case['id'], 'verification')}/return/",
        {"note": "Lampirkan analisis beban kerja BPKAD."},
        format="json",
    )
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"

    edited = api(city.clerk).patch(
        f"/api/cases/{case['id']}/", {"reason": "Alasan diperbaiki."}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["reason"] == "Alasan diperbaiki."
    resubmitted = api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "in_review"
    assert {s["code"] for s in resubmitted.json()["stages"]} == {"unit_head"}
    assert run_route(api, city, case["id"])["status"] == "effective"


def test_a_return_by_one_head_cancels_the_other_heads_pending_approval(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    tid = task_id(api, city.head_dishub, case["id"], "unit_head")
    body = (
        api(city.head_dishub)
        .post(f"/api/tasks/{tid}/return/", {"note": "Belum waktunya."}, format="json")
        .json()
    )
    assert body["status"] == "returned"
    assert [t["stage"] for t in body["pending_tasks"]] == ["revision"]
    assert api(city.head_bpkad).get("/api/tasks/").json() == []


def test_a_rejected_case_ends_rejected(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    run_route(api, city, case["id"], until="agency_head")
    tid = task_id(api, city.agency_head, case["id"], "agency_head")
    body = (
        api(city.agency_head)
        .post(f"/api/tasks/{tid}/reject/", {"note": "Tidak sesuai pola karier."}, format="json")
        .json()
    )
    assert body["status"] == "rejected"
    assert body["pending_tasks"] == []


def test_return_and_reject_need_a_note(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    tid = task_id(api, city.head_dishub, case["id"], "unit_head")
    response = api(city.head_dishub).post(f"/api/tasks/{tid}/reject/", {"note": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "note_required"
    assert "note" in response.json()["fields"]


def test_the_clerk_withdraws_a_case_before_signing(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    approve(api, city.head_dishub, case["id"], "unit_head")
    body = (
        api(city.clerk)
        .post(f"/api/cases/{case['id']}/withdraw/", {"note": "Pegawai batal pindah."}, format="json")
        .json()
    )
    assert body["status"] == "withdrawn"
    assert body["pending_tasks"] == []
    assert api(city.head_bpkad).get("/api/tasks/").json() == []


def test_a_signed_case_cannot_be_withdrawn(api, city):
    case = create_transfer(api, city)
    api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    run_route(api, city, case["id"])
    response = api(city.clerk).post(f"/api/cases/{case['id']}/withdraw/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_withdrawable"


def test_a_move_inside_one_opd_needs_one_head_approval(api, city):
    from tests.factories import PositionFactory

    inside = PositionFactory(code="DISHUB-ANALIS", name="Analis Transportasi", unit=city.dishub)
    case = create_transfer(api, city, target_position=inside.code)
    body = api(city.clerk).post(f"/api/cases/{case['id']}/submit/", {}, format="json").json()
    assert [s["code"] for s in body["stages"]] == ["unit_head"]
    assert task_id(api, city.head_dishub, case["id"], "unit_head")
