#!/usr/bin/env python3
"""Verify a Sahih evidence bundle offline:  python verify_bundle.py bundle.zip

Needs nothing but the Python standard library (3.8 or newer): no Django, no database, no
third-party cryptography. It checks, and names the first thing that fails:

1. the manifest's signature and the SHA-256 of every file in the bundle (and no extra file);
2. the checkpoint's Ed25519 signature;
3. every event: its body is canonical JSON, its hash is SHA-256(previous hash || body), the
   links between consecutive events, and its RFC 6962 inclusion proof against the
   checkpoint's Merkle root;
4. every file bound to an event (an SK PDF and the sha256 in its ``decree.issued`` event).

The public key travels in the bundle; compare its fingerprint (printed) with the one the
institution publishes, or pass ``--public-key FILE`` / ``--fingerprint HEX`` to pin it.

This file is also the one home of the pure verifiers the application uses (Merkle proofs,
Ed25519), so the copy an auditor runs is the code the project's tests exercise.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import sys
import zipfile

BUNDLE_FORMAT = "sahih-bundle/1"
CHECKPOINT_FORMAT = "sahih-checkpoint/1"
GENESIS_HASH = "0" * 64
_HEX64 = re.compile(r"\A[0-9a-f]{64}\Z")

# --- canonical JSON (docs/ledger.md, "Canonical form") -----------------------------------


def canonical_dumps(value) -> str:
    """Sorted keys, no whitespace, UTF-8 characters as they are: the bytes the hashes cover."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def signed_message(document: dict) -> bytes:
    """What a checkpoint's or a manifest's signature covers: the document without it."""
    return canonical_dumps({k: v for k, v in document.items() if k != "signature"}).encode("utf-8")


# --- RFC 6962 Merkle tree hashes and proof verifiers -------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_peaks(peaks) -> bytes:
    """The root of a tree from its complete subtrees, largest (leftmost) first."""
    if not peaks:
        return hashlib.sha256(b"").digest()
    root = peaks[-1]
    for peak in reversed(peaks[:-1]):
        root = node_hash(peak, root)
    return root


def verify_inclusion(leaf: bytes, index: int, size: int, path, root: bytes) -> bool:
    """RFC 9162 2.1.3.2: is the leaf hash at ``index`` in the tree of ``size`` with ``root``?"""
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof) -> bool:
    """RFC 9162 2.1.4.2: is the tree of ``old_size`` a prefix of the tree of ``new_size``?"""
    proof = list(proof)
    if old_size < 0 or old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is itself a node
        proof = [old_root] + proof
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


# --- Ed25519 signature verification (RFC 8032 5.1.7, reference arithmetic) ---------------

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int):
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _point_add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _point_mul(scalar: int, point):
    result = (0, 1, 1, 0)
    while scalar:
        if scalar & 1:
            result = _point_add(result, point)
        point = _point_add(point, point)
        scalar >>= 1
    return result


def _point_equal(p, q) -> bool:
    return (p[0] * q[2] - q[0] * p[2]) % _P == 0 and (p[1] * q[2] - q[1] * p[2]) % _P == 0


def _decompress(data: bytes):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


_BASE_Y = 4 * pow(5, _P - 2, _P) % _P
_BASE = (_recover_x(_BASE_Y, 0), _BASE_Y, 1, _recover_x(_BASE_Y, 0) * _BASE_Y % _P)


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``message`` by ``public_key`` (raw)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a = _decompress(public_key)
    r = _decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    return _point_equal(_point_mul(s, _BASE), _point_add(r, _point_mul(h, a)))


_ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def public_key_from_pem(pem: str) -> bytes:
    """The raw 32-byte key of an Ed25519 SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY")."""
    body = "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
    der = base64.b64decode(body)
    if len(der) != 44 or not der.startswith(_ED25519_SPKI_PREFIX):
        raise ValueError("not an Ed25519 public key")
    return der[len(_ED25519_SPKI_PREFIX) :]


def fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw public key, in hex: the key id checkpoints name."""
    return hashlib.sha256(public_key).hexdigest()


def verify_signed(document: dict, public_key: bytes) -> bool:
    """Whether a checkpoint or manifest carries a valid signature by ``public_key``."""
    try:
        signature = bytes.fromhex(document.get("signature", ""))
    except (TypeError, ValueError):
        return False
    return ed25519_verify(public_key, signed_message(document), signature)


# --- the bundle --------------------------------------------------------------------------


class Failed(Exception):
    """The first check that failed; its message names what and where."""


class Report:
    def __init__(self):
        self.lines = []
        self.failure = ""

    @property
    def ok(self) -> bool:
        return not self.failure

    def passed(self, text: str) -> None:
        self.lines.append("  ok       " + text)

    def note(self, text: str) -> None:
        self.lines.append("  catatan  " + text)

    def text(self) -> str:
        verdict = "GAGAL: " + self.failure if self.failure else "TERVERIFIKASI: semua pemeriksaan lolos"
        return "\n".join(self.lines + ["", verdict])


def _json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except KeyError:
        raise Failed(f"{name} tidak ada") from None
    except ValueError as error:
        raise Failed(f"{name} bukan JSON yang sah ({error})") from None


def _check_manifest(archive, key, report) -> dict:
    manifest = _json(archive, "manifest.json")
    if manifest.get("format") != BUNDLE_FORMAT:
        raise Failed(f"manifest.json: format tidak dikenal {manifest.get('format')!r}")
    if not verify_signed(manifest, key):
        raise Failed("manifest.json: tanda tangan tidak cocok dengan kunci publik")
    report.passed("tanda tangan manifest")
    listed = manifest.get("files", {})
    present = {name for name in archive.namelist() if not name.endswith("/")} - {"manifest.json"}
    for name in sorted(listed):
        if name not in present:
            raise Failed(f"{name}: tercantum di manifest tetapi tidak ada di berkas bukti")
        digest = hashlib.sha256(archive.read(name)).hexdigest()
        if digest != listed[name].get("sha256"):
            raise Failed(f"{name}: SHA-256 {digest} berbeda dari manifest")
    extra = sorted(present - set(listed))
    if extra:
        raise Failed(f"{extra[0]}: ada di berkas bukti tetapi tidak di manifest")
    report.passed(f"{len(listed)} berkas cocok dengan SHA-256-nya di manifest")
    return manifest


def _check_checkpoint(archive, key, report) -> dict:
    checkpoint = _json(archive, "checkpoint.json")
    if checkpoint.get("format") != CHECKPOINT_FORMAT:
        raise Failed(f"checkpoint.json: format tidak dikenal {checkpoint.get('format')!r}")
    if checkpoint.get("key") != fingerprint(key):
        raise Failed("checkpoint.json: ditandatangani dengan kunci lain, bukan kunci publik berkas bukti")
    if not verify_signed(checkpoint, key):
        raise Failed("checkpoint.json: tanda tangan tidak cocok dengan kunci publik")
    report.passed(
        f"tanda tangan titik periksa: {checkpoint['size']} peristiwa, akar {checkpoint['root'][:16]}…, "
        f"pada {checkpoint['at']}"
    )
    return checkpoint


def _check_event(event: dict, checkpoint: dict, previous) -> dict:
    seq, body = event.get("seq"), event.get("body", "")
    where = f"peristiwa #{seq}"
    if not isinstance(body, str) or not all(isinstance(event.get(k), str) for k in ("prev_hash", "hash")):
        raise Failed(f"{where}: peristiwa rusak")
    try:
        content = json.loads(body)
    except ValueError:
        raise Failed(f"{where}: isinya bukan JSON") from None
    if canonical_dumps(content) != body:
        raise Failed(f"{where}: isinya tidak dalam bentuk kanonik")
    if content.get("seq") != seq:
        raise Failed(f"{where}: isinya menyebut nomor urut {content.get('seq')}")
    prev_hash, digest = event.get("prev_hash", ""), event.get("hash", "")
    if not (_HEX64.match(prev_hash) and _HEX64.match(digest)):
        raise Failed(f"{where}: hash rusak")
    if hashlib.sha256(bytes.fromhex(prev_hash) + body.encode("utf-8")).hexdigest() != digest:
        raise Failed(f"{where}: hash tidak cocok dengan SHA-256(hash sebelumnya || isi)")
    if seq == 1 and prev_hash != GENESIS_HASH:
        raise Failed(f"{where}: peristiwa pertama harus mengikuti hash genesis")
    if previous is not None and previous["seq"] == seq - 1 and previous["hash"] != prev_hash:
        raise Failed(f"{where}: tidak tersambung ke peristiwa #{seq - 1}")
    if not isinstance(seq, int) or not 1 <= seq <= checkpoint["size"]:
        raise Failed(f"{where}: tidak tercakup titik periksa {checkpoint['size']} peristiwa")
    try:
        path = [bytes.fromhex(step) for step in event.get("proof", [])]
    except ValueError:
        raise Failed(f"{where}: bukti inklusi rusak") from None
    leaf = leaf_hash(bytes.fromhex(digest))
    if not verify_inclusion(leaf, seq - 1, checkpoint["size"], path, bytes.fromhex(checkpoint["root"])):
        raise Failed(f"{where}: bukti inklusi tidak mengarah ke akar titik periksa")
    return content


def _dig(data, dotted: str):
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def _check_events(archive, manifest, checkpoint, report) -> dict:
    document = _json(archive, "events.json")
    events = document.get("events", [])
    if document.get("checkpoint_size") != checkpoint["size"]:
        raise Failed("events.json: bukti-buktinya untuk titik periksa lain, bukan checkpoint.json")
    if manifest.get("events") != len(events):
        raise Failed(
            f"events.json memuat {len(events)} peristiwa; manifest menyebut {manifest.get('events')}"
        )
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("seq"), int) or event["seq"] < 1:
            raise Failed("events.json: ada peristiwa tanpa nomor urut yang sah")
    contents, previous = {}, None
    for event in sorted(events, key=lambda item: item["seq"]):
        if previous is not None and previous["seq"] == event.get("seq"):
            raise Failed(f"peristiwa #{event.get('seq')}: muncul dua kali")
        contents[event["seq"]] = _check_event(event, checkpoint, previous)
        previous = event
    report.passed(f"{len(events)} peristiwa: isi kanonik, hash, sambungan, dan bukti inklusi")
    return contents


def _check_bindings(archive, manifest, contents, report) -> None:
    bound = 0
    for name, entry in sorted(manifest.get("files", {}).items()):
        binding = entry.get("bound_to")
        if not binding:
            continue
        seq, field = binding.get("seq"), binding.get("field", "")
        if seq not in contents:
            raise Failed(f"{name}: terikat pada peristiwa #{seq}, yang tidak ada di berkas bukti")
        expected = _dig(contents[seq].get("data", {}), field)
        digest = hashlib.sha256(archive.read(name)).hexdigest()
        if digest != expected:
            raise Failed(f"{name}: SHA-256 {digest} berbeda dari data.{field} peristiwa #{seq}")
        bound += 1
    report.passed(f"{bound} berkas cocok dengan SHA-256 yang tercatat di peristiwa buku besarnya")


def verify_bundle(path, public_key_pem: str = "", pinned_fingerprint: str = "") -> Report:
    """Run every check on the bundle at ``path``; the report names the first failure."""
    report = Report()
    try:
        with zipfile.ZipFile(path) as archive:
            pem = public_key_pem or archive.read("public-key.pem").decode("ascii")
            key = public_key_from_pem(pem)
            report.note(f"sidik jari kunci publik {fingerprint(key)}")
            if pinned_fingerprint and fingerprint(key) != pinned_fingerprint.lower():
                raise Failed("sidik jari kunci publik berbeda dari yang disematkan")
            if public_key_pem and archive.read("public-key.pem").decode("ascii").strip() != pem.strip():
                report.note(
                    "public-key.pem di berkas bukti berbeda dari kunci yang disematkan; kunci yang disematkan dipakai"
                )
            manifest = _check_manifest(archive, key, report)
            checkpoint = _check_checkpoint(archive, key, report)
            contents = _check_events(archive, manifest, checkpoint, report)
            _check_bindings(archive, manifest, contents, report)
    except Failed as failure:
        report.failure = str(failure)
    except (OSError, KeyError, ValueError, TypeError, AttributeError, zipfile.BadZipFile) as error:
        report.failure = f"berkas bukti tidak dapat dibaca: {error!r}"
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Periksa berkas bukti Sahih tanpa jaringan.")
    parser.add_argument("bundle", help="berkas ZIP berkas bukti")
    parser.add_argument("--public-key", help="salinan tepercaya kunci publik buku besar (PEM)")
    parser.add_argument("--fingerprint", help="sidik jari SHA-256 kunci yang diumumkan")
    args = parser.parse_args(argv)
    pem = ""
    if args.public_key:
        with open(args.public_key, encoding="ascii") as handle:
            pem = handle.read()
    report = verify_bundle(args.bundle, pem, args.fingerprint or "")
    print(f"Berkas bukti Sahih: {args.bundle}")
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
