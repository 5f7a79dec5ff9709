"""The BSrE stand-in as the tests use it: a real HTTP server on 127.0.0.1 with its own CA, and
the app's settings pointed at it (decisions/signing/standin.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests

from decisions.signing.standin import Standin, StandinServer

BSRE_BACKEND = "decisions.signing.bsre.BsreSigner"
CLIENT_ID = "sahih-uji"
CLIENT_SECRET = "klien-rahasia-uji"  # noqa: S105 -- the stand-in's, for tests
# The signer's passphrase in every test: distinctive, so a search for it cannot miss a leak.
PASSPHRASE = "Kata-Sandi-Wali-Kota-7Q2xZ"  # noqa: S105


@dataclass
class StandinHandle:
    server: StandinServer
    ca_file: Path

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def standin(self) -> Standin:
        return self.server.standin

    def mode(self, mode: str, delay: float = 0) -> None:
        """Tell the stand-in how to fail, through its control endpoint."""
        requests.post(
            f"{self.url}/_standin/mode", json={"mode": mode, "delay": delay}, timeout=5
        ).raise_for_status()

    def user(self, nik: str, **fields) -> None:
        requests.put(f"{self.url}/_standin/users/{nik}", json=fields, timeout=5).raise_for_status()

    def code(self, nik: str) -> str:
        """The one-time code the stand-in "sent to the signer's phone"."""
        response = requests.get(f"{self.url}/_standin/code/{nik}", timeout=5)
        response.raise_for_status()
        return response.json()["code"]


def start_standin(directory: Path) -> StandinHandle:
    standin = Standin(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, passphrase=PASSPHRASE, state_dir=directory
    )
    return StandinHandle(server=StandinServer(standin).start(), ca_file=directory / "ca-cert.pem")


def bsre_config(base: dict, handle: StandinHandle, **bsre) -> dict:
    """``SAHIH_SIGNING`` with the BSrE client pointed at the stand-in and its CA trusted as the
    BSrE chain. The backend stays as it was: the decrees signed locally in a test's setup
    still sign locally (set ``"backend": BSRE_BACKEND`` to sign everything through BSrE)."""
    return {
        **base,
        "trust_roots": {**(base.get("trust_roots") or {}), "bsre": str(handle.ca_file)},
        "bsre": {
            "base_url": handle.url,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "connect_timeout": 2,
            "read_timeout": 20,
            "ca_bundle": "",
            **bsre,
        },
    }
