"""Sign a checkpoint of the ledger and write it outside the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints


class Command(BaseCommand):
    help = (
        "Verify the ledger, sign its Merkle root at the head with the instance's Ed25519 key, "
        "write the checkpoint to SAHIH_CHECKPOINT_DIR and record it in the ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="write here instead of SAHIH_CHECKPOINT_DIR")
        parser.add_argument(
            "--public-key", action="store_true", help="print the public key (PEM) for inspectors and stop"
        )

    def handle(self, *args, dir=None, public_key=False, **options):
        if public_key:
            self.stdout.write(checkpoints.public_key_pem(), ending="")
            return
        try:
            document = checkpoints.create_checkpoint(directory=dir)
        except checkpoints.LedgerNotSound as refusal:
            report = refusal.report
            where = f" at event #{report.first_bad_seq}" if report.first_bad_seq else ""
            raise CommandError(
                f"Not signed: the ledger fails verification{where}: {report.problem}"
            ) from None
        directory = dir or checkpoints.checkpoint_dir()
        self.stdout.write(
            self.style.SUCCESS(
                f"Checkpoint of {document['size']} events signed: root {document['root']}\n"
                f"  written to {directory}/{checkpoints.file_name(document['size'])}\n"
                f"  key {document['key']}"
            )
        )
