"""Run the local stand-in for BSrE's esign client service (development and demos only).

It listens on 127.0.0.1 until stopped and prints the settings that point the app at it. Its CA
is kept in ``--state-dir`` so the trust file stays the same between runs. It refuses to run
with DEBUG off: a production server has nothing to do with it (decisions/signing/standin.py,
docs/signing.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decisions.signing.standin import Standin, StandinServer


class Command(BaseCommand):
    help = "Run a local stand-in for BSrE's esign API v2 (development only; never BSrE)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8765, help="Port (default 8765; 0 picks a free one).")
        parser.add_argument("--client-id", default="sahih", help="The application's HTTP Basic user.")
        parser.add_argument("--client-secret", default="sahih-standin", help="The application's password.")
        parser.add_argument(
            "--passphrase", default="rahasia", help="Every user's passphrase (default rahasia)."
        )
        parser.add_argument(
            "--state-dir", default=None, help="Where the CA is kept (default var/bsre-standin)."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The BSrE stand-in is for development and tests only; it does not run with DEBUG off."
            )
        state_dir = Path(options["state_dir"] or Path(settings.VAR_DIR) / "bsre-standin")
        standin = Standin(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            passphrase=options["passphrase"],
            state_dir=state_dir,
        )
        server = StandinServer(standin, host=options["host"], port=options["port"])
        write = self.stdout.write
        write(f"BSrE stand-in (development only, not BSrE) listening on {server.url}")
        write("Point the app at it with:")
        write("  SAHIH_SIGNING_BACKEND=decisions.signing.bsre.BsreSigner")
        write(f"  SAHIH_BSRE_URL={server.url}")
        write(f"  SAHIH_BSRE_CLIENT_ID={options['client_id']}")
        write(f"  SAHIH_BSRE_CLIENT_SECRET={options['client_secret']}")
        write(f"  SAHIH_SIGNING_TRUST_BSRE={state_dir / 'ca-cert.pem'}")
        write(
            f"Every user's passphrase: {options['passphrase']}. NIKs ending in 9001, 9002, 9003, 9004, 9005: "
            "not registered, expired, revoked, suspended, not issued yet."
        )
        self.stdout.flush()
        try:
            server.httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.httpd.server_close()
