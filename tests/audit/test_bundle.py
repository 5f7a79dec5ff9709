"""Evidence bundles, verified offline by the standalone script in a separate interpreter."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from audit import checkpoints, services
from audit.bundle import BundleError, BundleFile, build_bundle
from audit.models import Event
from audit.verify_bundle import fingerprint, verify_bundle

from .helpers import ACTOR, record_events

PDF = b"%PDF-1.7\n% a decree stands in for the real one here\n%%EOF\n"
SK_NAME = "files/sk/800.1.3.3-0001-BKPSDM-2026.pdf"


@pytest.fixture
def case_events(db, ledger_files):
    """A case's history ending in a decree whose PDF hash the ledger records."""
    record_events(3, object_id="41")  # another case's events
    with services.atomic():
        for action in ("case.created", "case.submitted", "task.approved"):
            services.record(
                action=action, object_type="case", object_id=7, actor=ACTOR, data={"note": '"kutip" ok'}
            )
    services.record(
        action="decree.issued",
        object_type="case",
        object_id=7,
        actor=ACTOR,
        data={"number": "800.1.3.3/0001/BKPSDM/2026", "sha256": hashlib.sha256(PDF).hexdigest()},
    )
    return Event.objects.filter(object_type="case", object_id="7")


@pytest.fixture
def bundle(case_events, tmp_path) -> Path:
    path = tmp_path / "bundle.zip"
    decree = case_events.get(action="decree.issued")
    build_bundle(
        path,
        events=case_events,
        documents={"case": {"id": 7, "kind": "transfer", "status": "signed"}},
        files=[BundleFile(name=SK_NAME.removeprefix("files/"), content=PDF, bound_to_seq=decree.seq)],
        title="Kasus 7",
        exported_by={"username": "inspector"},
    )
    return path


def run_script(bundle_path: Path, *options: str) -> subprocess.CompletedProcess:
    """The auditor's run: the bundled script, a bare interpreter (no site-packages, no Django)."""
    script = bundle_path.parent / "verify_bundle.py"
    with zipfile.ZipFile(bundle_path) as archive:
        script.write_bytes(archive.read("verify_bundle.py"))
    return subprocess.run(
        [sys.executable, "-I", "-S", str(script), str(bundle_path), *options],
        capture_output=True,
        text=True,
        cwd=bundle_path.parent,
        check=False,
    )


def test_a_bundle_verifies_offline_with_only_the_standard_library(bundle):
    result = run_script(bundle)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "TERVERIFIKASI" in result.stdout
    assert "4 peristiwa: isi kanonik, hash, sambungan, dan bukti inklusi" in result.stdout
    assert "1 berkas cocok dengan SHA-256 yang tercatat di peristiwa buku besarnya" in result.stdout


def test_a_bundle_holds_what_the_auditor_needs(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        script = archive.read("verify_bundle.py")
        events = json.loads(archive.read("events.json"))["events"]

    assert names == {
        "manifest.json",
        "checkpoint.json",
        "public-key.pem",
        "events.json",
        "verify_bundle.py",
        "README.txt",
        "documents/case.json",
        SK_NAME,
    }
    assert script == Path(sys.modules["audit.verify_bundle"].__file__).read_bytes()
    assert [event["seq"] for event in events] == [4, 5, 6, 7]
    assert all(event["proof"] for event in events)


def test_the_pinned_fingerprint_must_match(bundle):
    right = fingerprint(checkpoints.public_key_raw())

    assert run_script(bundle, "--fingerprint", right).returncode == 0
    wrong = run_script(bundle, "--fingerprint", "00" * 32)
    assert wrong.returncode == 1 and "berbeda dari yang disematkan" in wrong.stdout


# --- tampering ------------------------------------------------------------------------------


def rewrite(path: Path, changes: dict, *, resign: bool = False, key_file: Path | None = None) -> Path:
    """Copy the bundle with ``changes`` (name -> bytes, a function of the old bytes, or None
    to drop the file); ``resign`` updates and re-signs the manifest as someone holding
    the key would."""
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    for name, change in changes.items():
        if change is None:
            entries.pop(name)
        else:
            entries[name] = change(entries[name]) if callable(change) else change
    if resign:
        manifest = json.loads(entries["manifest.json"])
        for name in set(manifest["files"]) - set(entries):
            manifest["files"].pop(name)
        for name, content in entries.items():
            if name != "manifest.json":
                listed = manifest["files"].setdefault(name, {})
                listed.update(sha256=hashlib.sha256(content).hexdigest(), size=len(content))
        entries["manifest.json"] = json.dumps(checkpoints.sign(manifest)).encode()
    out = path.with_name("tampered.zip")
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out


def edit_json(**where):
    """A change that applies ``function(document)`` to a JSON file."""

    (function,) = where.values()

    def change(raw: bytes) -> bytes:
        document = json.loads(raw)
        function(document)
        return json.dumps(document).encode()

    return change


def event(document, seq):
    return next(item for item in document["events"] if item["seq"] == seq)


def change_body(document):
    event(document, 5)["body"] = event(document, 5)["body"].replace(' ok"', ' no"')


def change_body_and_hash(document):
    item = event(document, 6)
    item["body"] = item["body"].replace(' ok"', ' no"')
    item["hash"] = services.entry_hash(item["prev_hash"], item["body"])


def change_proof(document):
    path = event(document, 7)["proof"]
    path[0] = "ff" + path[0][2:]


def uncanonical_body(document):
    item = event(document, 4)
    item["body"] = item["body"].replace('{"action"', '{ "action"')
    item["hash"] = services.entry_hash(item["prev_hash"], item["body"])


def change_signature(document):
    document["signature"] = "00" + document["signature"][2:]


def change_root(document):
    document["root"] = "ab" * 32


NAIVE = {
    "a file": ({SK_NAME: b"%PDF-1.7 another decree"}, f"{SK_NAME}: SHA-256"),
    "an event body": ({"events.json": edit_json(events=change_body)}, "events.json: SHA-256"),
    "a proof": ({"events.json": edit_json(events=change_proof)}, "events.json: SHA-256"),
    "the checkpoint signature": (
        {"checkpoint.json": edit_json(cp=change_signature)},
        "checkpoint.json: SHA-256",
    ),
    "an added file": (
        {"files/extra.pdf": b"%PDF"},
        "files/extra.pdf: ada di berkas bukti tetapi tidak di manifest",
    ),
    "a removed file": (
        {"documents/case.json": None},
        "documents/case.json: tercantum di manifest tetapi tidak ada",
    ),
    "the manifest": (
        {"manifest.json": edit_json(m=lambda m: m.update(title="Kasus 8"))},
        "manifest.json: tanda tangan",
    ),
}


@pytest.mark.parametrize(("changes", "failure"), NAIVE.values(), ids=NAIVE.keys())
def test_any_change_to_a_bundle_is_caught(bundle, changes, failure):
    result = run_script(rewrite(bundle, changes))

    assert result.returncode == 1
    assert f"GAGAL: {failure}" in result.stdout


RESIGNED = {
    "an event body": ({"events.json": edit_json(events=change_body)}, "peristiwa #5: hash tidak cocok"),
    "an event rehashed": (
        {"events.json": edit_json(events=change_body_and_hash)},
        "peristiwa #6: bukti inklusi tidak mengarah ke akar titik periksa",
    ),
    "a proof": (
        {"events.json": edit_json(events=change_proof)},
        "peristiwa #7: bukti inklusi tidak mengarah",
    ),
    "a body not canonical": (
        {"events.json": edit_json(events=uncanonical_body)},
        "peristiwa #4: isinya tidak dalam bentuk kanonik",
    ),
    "the checkpoint signature": (
        {"checkpoint.json": edit_json(cp=change_signature)},
        "checkpoint.json: tanda tangan tidak cocok",
    ),
    "the checkpoint root": (
        {"checkpoint.json": edit_json(cp=change_root)},
        "checkpoint.json: tanda tangan tidak cocok",
    ),
    "the decree PDF": ({SK_NAME: b"%PDF-1.7 another decree"}, f"{SK_NAME}: SHA-256"),
    "a malformed event": (
        {"events.json": edit_json(events=lambda d: d["events"][0].update(seq="4"))},
        "events.json: ada peristiwa tanpa nomor urut yang sah",
    ),
    "an event left out": (
        {"events.json": edit_json(events=lambda d: d["events"].pop(1))},
        "events.json memuat 3 peristiwa; manifest menyebut 4",
    ),
}


@pytest.mark.parametrize(("changes", "failure"), RESIGNED.values(), ids=RESIGNED.keys())
def test_changes_by_someone_holding_the_key_are_caught_by_the_ledger_proofs(bundle, changes, failure):
    result = run_script(rewrite(bundle, changes, resign=True))

    assert result.returncode == 1
    assert f"GAGAL: {failure}" in result.stdout
    assert verify_bundle(bundle.with_name("tampered.zip")).failure.startswith(failure)


def test_a_bundle_resigned_with_another_key_fails_against_the_published_fingerprint(
    bundle, settings, tmp_path
):
    right = fingerprint(checkpoints.public_key_raw())
    settings.SAHIH_LEDGER_KEY_FILE = tmp_path / "attacker.pem"
    attacker_pem = checkpoints.public_key_pem().encode()
    forged = rewrite(
        bundle,
        {
            "public-key.pem": attacker_pem,
            "checkpoint.json": edit_json(cp=lambda cp: cp.update(checkpoints.sign(cp))),
        },
        resign=True,
    )

    assert run_script(forged).returncode == 0  # self-consistent: only the key tells
    pinned = run_script(forged, "--fingerprint", right)
    assert pinned.returncode == 1 and "sidik jari kunci publik berbeda" in pinned.stdout


# --- building ------------------------------------------------------------------------------


def test_a_file_that_does_not_match_its_ledger_event_is_refused(case_events):
    decree = case_events.get(action="decree.issued")
    with pytest.raises(BundleError, match="does not match data.sha256"):
        build_bundle(
            io.BytesIO(), events=case_events, files=[BundleFile("sk.pdf", b"other", bound_to_seq=decree.seq)]
        )


def test_a_bundle_takes_ranges_and_signs_a_checkpoint_when_none_covers_its_events(case_events, tmp_path):
    first = checkpoints.create_checkpoint()
    record_events(2, object_id="8")  # #8 is the checkpoint's own event
    head = Event.objects.count()

    manifest = build_bundle(tmp_path / "b.zip", events=[range(1, 4), head])

    assert first["size"] == 7 and manifest["checkpoint"]["size"] == head == 10
    assert manifest["events"] == 4
    assert verify_bundle(tmp_path / "b.zip").ok
    with pytest.raises(BundleError, match="no event #999"):
        build_bundle(io.BytesIO(), events=[999])
