"""Evidence bundles of cases: what they hold, verified offline by the bundled script in a bare
interpreter, and caught when an SK PDF inside is swapped."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse

from audit import checkpoints
from audit.models import Event
from inspection.bundles import _safe

from .conftest import reads, run_transfer


def save(response, tmp_path: Path, name: str = "bundle.zip") -> Path:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    path = tmp_path / name
    path.write_bytes(response.content)
    return path


def verify(bundle: Path) -> subprocess.CompletedProcess:
    """The auditor's run: the bundled script, a bare interpreter (no site-packages, no Django)."""
    script = bundle.parent / "verify_bundle.py"
    with zipfile.ZipFile(bundle) as archive:
        script.write_bytes(archive.read("verify_bundle.py"))
    return subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(bundle)],
        capture_output=True,
        text=True,
        cwd=bundle.parent,
        check=False,
    )


def replaced(bundle: Path, name: str, content: bytes) -> Path:
    out = bundle.with_name("tampered.zip")
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.namelist():
            target.writestr(entry, content if entry == name else source.read(entry))
    return out


def sk_name(case) -> str:
    return f"files/sk/{_safe(case.decree.number)}.pdf"


@pytest.fixture
def bundle(api, city, signed_case, tmp_path) -> Path:
    return save(api(city.inspector).post(f"/api/inspect/cases/{signed_case.pk}/export/"), tmp_path)


def test_a_case_bundle_verifies_offline_with_the_standard_library_only(bundle):
    result = verify(bundle)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TERVERIFIKASI" in result.stdout
    assert "1 berkas cocok dengan SHA-256 yang tercatat di peristiwa buku besarnya" in result.stdout


def test_a_swapped_sk_pdf_fails_and_is_named(bundle, signed_case):
    name = sk_name(signed_case)
    with zipfile.ZipFile(bundle) as archive:
        original = archive.read(name)
    tampered = replaced(bundle, name, original.replace(b"%%EOF", b"%%EOF\n% diubah", 1))
    result = verify(tampered)
    assert result.returncode != 0
    assert name in result.stdout


def test_a_re_signed_bundle_with_a_swapped_pdf_still_fails_on_the_ledger_event(bundle, signed_case):
    """Someone holding the key re-signs the manifest: the PDF no longer matches its event."""
    name = sk_name(signed_case)
    with zipfile.ZipFile(bundle) as archive:
        entries = {entry: archive.read(entry) for entry in archive.namelist()}
    entries[name] = entries[name] + b"\n% diubah\n"
    manifest = json.loads(entries["manifest.json"])
    manifest["files"][name].update(sha256=hashlib.sha256(entries[name]).hexdigest(), size=len(entries[name]))
    entries["manifest.json"] = json.dumps(checkpoints.sign(manifest)).encode()
    out = bundle.with_name("resigned.zip")
    with zipfile.ZipFile(out, "w") as archive:
        for entry, content in entries.items():
            archive.writestr(entry, content)
    result = verify(out)
    assert result.returncode != 0
    assert name in result.stdout and "berbeda dari data.sha256 peristiwa" in result.stdout


def test_the_bundle_holds_the_case_its_events_with_proofs_the_sk_the_checkpoint_and_the_key(
    bundle, signed_case
):
    decree = signed_case.decree
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        case_doc = json.loads(archive.read(f"documents/case-{signed_case.pk:06d}.json"))
        events = json.loads(archive.read("events.json"))["events"]
        manifest = json.loads(archive.read("manifest.json"))
        checkpoint = json.loads(archive.read("checkpoint.json"))
        pdf = archive.read(sk_name(signed_case))
    assert {"manifest.json", "checkpoint.json", "public-key.pem", "verify_bundle.py", "README.txt"} <= names
    assert {"documents/export.json", sk_name(signed_case)} <= names
    stored = list(
        Event.objects.filter(object_type="case", object_id=str(signed_case.pk)).values_list("seq", flat=True)
    )
    assert [event["seq"] for event in events] == stored and all(event["proof"] for event in events)
    assert checkpoint["size"] >= stored[-1]
    assert case_doc["case"]["reference"] == signed_case.reference and case_doc["case"]["status"] == "signed"
    assert [item["employee"]["nip"] for item in case_doc["items"]] == [signed_case.items.get().employee.nip]
    assert case_doc["decree"]["number"] == decree.number and case_doc["decree"]["sha256"] == decree.sha256
    assert (
        case_doc["decree"]["status"] == "valid"
        and case_doc["decree"]["date"] == decree.decree_date.isoformat()
    )
    assert hashlib.sha256(pdf).hexdigest() == decree.sha256
    issued = Event.objects.get(object_type="case", object_id=str(signed_case.pk), action="decree.issued")
    assert manifest["files"][sk_name(signed_case)]["bound_to"] == {"seq": issued.seq, "field": "sha256"}
    assert case_doc["ledger"]["tables_differ_on"] == []


def test_attachments_are_described_with_their_sha256(api, city, transfer_case, tmp_path):
    from decisions.attachments import store_attachment
    from tests.api.helpers import small_pdf

    document = store_attachment(
        case=transfer_case, actor=city.clerk, kind="request_letter", name="surat.pdf", content=small_pdf()
    )
    path = save(api(city.inspector).post(f"/api/inspect/cases/{transfer_case.pk}/export/"), tmp_path)
    with zipfile.ZipFile(path) as archive:
        case_doc = json.loads(archive.read(f"documents/case-{transfer_case.pk:06d}.json"))
    [listed] = case_doc["attachments"]
    assert (listed["name"], listed["sha256"], listed["size"]) == ("surat.pdf", document.sha256, document.size)
    assert case_doc["decree"] is None
    assert verify(path).returncode == 0


def test_a_checkpoint_is_signed_first_when_none_covers_the_events_and_the_export_says_so(
    api, city, signed_case, tmp_path
):
    assert checkpoints.latest_checkpoint() is None
    first = api(city.inspector).post(f"/api/inspect/cases/{signed_case.pk}/export/")
    assert first["X-Sahih-Checkpoint-Created"] == "true"
    signed = checkpoints.latest_checkpoint()
    assert signed is not None and first["X-Sahih-Checkpoint-Size"] == str(signed["size"])
    assert Event.objects.filter(action="ledger.checkpoint").count() == 1
    second = api(city.inspector).post(f"/api/inspect/cases/{signed_case.pk}/export/")
    assert second["X-Sahih-Checkpoint-Created"] == "false"
    assert Event.objects.filter(action="ledger.checkpoint").count() == 1
    [first_event, second_event] = reads("inspector.exported")
    assert (
        first_event.data["checkpoint"]["created"] is True
        and second_event.data["checkpoint"]["created"] is False
    )


def test_the_export_is_recorded_with_the_cases_and_the_bundles_hash(api, city, signed_case):
    response = api(city.inspector).post(f"/api/inspect/cases/{signed_case.pk}/export/")
    [event] = reads("inspector.exported")
    assert event.actor["username"] == city.inspector.username
    assert event.data["cases"] == [signed_case.pk] and event.data["search"] is None
    assert event.data["bundle"]["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert event.data["bundle"]["sha256"] == response["X-Sahih-Bundle-SHA256"]


def test_every_case_matching_a_search_goes_into_one_bundle(api, browser, city, signed_case, tmp_path):
    from decisions.services import ItemInput, case_create
    from tests.factories import EmployeeFactory, PositionFactory

    other = case_create(
        actor=city.clerk,
        kind="transfer",
        items=[
            ItemInput(
                employee=EmployeeFactory(position=PositionFactory(unit=city.dishub)),
                to_position=PositionFactory(unit=city.bpkad),
            )
        ],
        effective_date=signed_case.effective_date,
        reason="Kebutuhan.",
    )
    case_create(  # another unit's case: not matched
        actor=city.outsider,
        kind="transfer",
        items=[
            ItemInput(
                employee=EmployeeFactory(position=PositionFactory(unit=city.outsider.employee.position.unit)),
                to_position=PositionFactory(unit=city.outsider.employee.position.unit),
            )
        ],
        effective_date=signed_case.effective_date,
        reason="Kebutuhan.",
    )
    response = browser(city.inspector).post(reverse("inspect:export"), {"unit": "BPKAD"})
    path = save(response, tmp_path)
    with zipfile.ZipFile(path) as archive:
        exported = json.loads(archive.read("documents/export.json"))
    assert sorted(case["id"] for case in exported["cases"]) == sorted([signed_case.pk, other.pk])
    assert exported["search"] == {"unit": "BPKAD"}
    assert verify(path).returncode == 0
    [event] = reads("inspector.exported")
    assert event.data["search"] == {"unit": "BPKAD"} and event.data["cases"] == sorted(
        [signed_case.pk, other.pk]
    )
    assert event.data["channel"] == "web"
    notes = json.loads(response["X-Sahih-Export-Notes"])
    assert any("2 case(s)" in note for note in notes)


def test_the_api_exports_a_search_from_a_json_body(api, city, signed_case, tmp_path):
    response = api(city.inspector).post("/api/inspect/export/", {"status": "signed"}, format="json")
    path = save(response, tmp_path)
    assert verify(path).returncode == 0
    assert reads("inspector.exported")[0].data["search"] == {"status": ["signed"]}


def test_an_export_too_large_or_empty_is_refused(api, browser, city, signed_case, settings):
    empty = api(city.inspector).post("/api/inspect/export/", {"status": "rejected"}, format="json")
    assert empty.status_code == 400 and empty.json()["code"] == "nothing_to_export"
    settings.SAHIH_INSPECT_EXPORT_MAX_CASES = 0
    response = api(city.inspector).post("/api/inspect/export/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "export_too_large"
    page = browser(city.inspector).post(
        reverse("inspect:export"), {"status": "signed"}, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert page.status_code == 400 and page.json()["code"] == "export_too_large"
    plain = browser(city.inspector).post(reverse("inspect:export"), {"status": "signed"})
    assert plain.status_code == 302
    assert not reads("inspector.exported")


def test_an_sk_pdf_changed_in_storage_goes_in_unbound_with_a_warning(api, city, signed_case, tmp_path):
    decree = signed_case.decree
    with decree.pdf.open("ab") as handle:
        handle.write(b"\n% diubah di penyimpanan\n")
    path = save(api(city.inspector).post(f"/api/inspect/cases/{signed_case.pk}/export/"), tmp_path)
    with zipfile.ZipFile(path) as archive:
        exported = json.loads(archive.read("documents/export.json"))
        manifest = json.loads(archive.read("manifest.json"))
    assert any(signed_case.reference in warning for warning in exported["warnings"])
    assert "bound_to" not in manifest["files"][sk_name(signed_case)]


def test_a_case_still_in_review_exports_too(api, city, transfer_case, tmp_path):
    case = run_transfer(transfer_case, city, until="verification")
    path = save(api(city.inspector).post(f"/api/inspect/cases/{case.pk}/export/"), tmp_path)
    assert verify(path).returncode == 0
