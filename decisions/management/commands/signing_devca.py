"""Create a development CA and a signer certificate where the settings expect them.

For development and demos only: production configures its own certificate (issued by a
PSrE such as BSrE) through SAHIH_SIGNING_KEY_FILE, SAHIH_SIGNING_CERT_FILE,
SAHIH_SIGNING_CA_FILE and SAHIH_SIGNING_KEY_PASSPHRASE (docs/signing.md).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from decisions.signing import write_development_certificates


class Command(BaseCommand):
    help = "Create a development CA and signer certificate at the configured paths (never for production)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Replace existing files.")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when the files exist already (for make run).",
        )
        parser.add_argument(
            "--common-name",
            default=None,
            help="The signer certificate's name (default: the regional head's title, marked as a test).",
        )

    def handle(self, *args, force: bool = False, common_name: str | None = None, **options):
        config = settings.SAHIH_SIGNING
        paths = {name: Path(config[name]) for name in ("key_file", "cert_file", "ca_cert_file")}
        existing = [str(path) for path in paths.values() if path.exists()]
        if options["if_missing"] and len(existing) == len(paths):
            self.stdout.write(_("Signing certificate present: nothing to do."))
            return
        if existing and not force:
            raise CommandError(
                _("Refusing to overwrite existing signing files: %(files)s. Use --force to replace them.")
                % {"files": ", ".join(existing)}
            )
        region = settings.SAHIH_REGION
        name = common_name or f"{region['head_title']} {region['name']} (pengembangan)"
        key, cert, ca = write_development_certificates(
            key_file=paths["key_file"],
            cert_file=paths["cert_file"],
            ca_file=paths["ca_cert_file"],
            common_name=name,
        )
        self.stdout.write(_("Signer key: %(path)s") % {"path": key})
        self.stdout.write(_("Signer certificate: %(path)s (CN=%(name)s)") % {"path": cert, "name": name})
        self.stdout.write(_("CA certificate: %(path)s") % {"path": ca})
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Development only. Production configures its own certificate with SAHIH_SIGNING_KEY_FILE, "
                    "SAHIH_SIGNING_CERT_FILE, SAHIH_SIGNING_CA_FILE and SAHIH_SIGNING_KEY_PASSPHRASE "
                    "(docs/signing.md)."
                )
            )
        )
