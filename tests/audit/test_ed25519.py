"""The pure-Python Ed25519 verifier in verify_bundle.py agrees with the cryptography package."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.verify_bundle import ed25519_verify, public_key_from_pem


def raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def test_rfc_8032_test_vector_1_verifies():
    public = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    signature = bytes.fromhex(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
    )
    assert ed25519_verify(public, b"", signature)
    assert not ed25519_verify(public, b"\x00", signature)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=300), st.integers(min_value=0, max_value=511))
def test_signatures_made_by_cryptography_verify_and_altered_ones_do_not(message, bit):
    key = Ed25519PrivateKey.generate()
    public, signature = raw_public(key), key.sign(message)

    assert ed25519_verify(public, message, signature)
    altered = bytearray(signature)
    altered[bit // 8] ^= 1 << (bit % 8)
    assert not ed25519_verify(public, message, bytes(altered))
    assert not ed25519_verify(public, message + b"!", signature)
    assert not ed25519_verify(raw_public(Ed25519PrivateKey.generate()), message, signature)


def test_a_signature_with_s_out_of_range_is_refused():
    key = Ed25519PrivateKey.generate()
    signature = key.sign(b"checkpoint")
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(signature[32:], "little") + order  # the same point, a malleated scalar
    assert not ed25519_verify(raw_public(key), b"checkpoint", signature[:32] + s.to_bytes(32, "little"))


def test_the_public_key_reads_from_pem():
    key = Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    assert public_key_from_pem(pem.decode()) == raw_public(key)
