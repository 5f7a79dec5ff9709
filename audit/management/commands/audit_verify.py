"""Verify the ledger against itself and against the signed checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit import checkpoints, witness
from audit.verify import verify_ledger


class Command(BaseCommand):
    help = (
        "Check every event's hash, link, sequence number and columns; every checkpoint's signature, "
        "size, head and Merkle root; the high-water mark, the witness log, the application's records "
        "and the database protection. Names the first bad sequence number; exits 1 on failure."
    )

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", help="checkpoint directory (default SAHIH_CHECKPOINT_DIR)")
        parser.add_argument("--no-checkpoints", action="store_true", help="leave the checkpoints out")
        parser.add_argument("--witness", help="witness log directory (default SAHIH_LEDGER_WITNESS_DIR)")
        parser.add_argument("--public-key", help="a trusted copy of the ledger's public key (PEM file)")
        parser.add_argument("--workers", type=int, help="processes for large ledgers (default: CPUs)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        directory = (
            None if options["no_checkpoints"] else (options["checkpoints"] or checkpoints.checkpoint_dir())
        )
        public_key = None
        if options["public_key"]:
            public_key = checkpoints.load_public_key(Path(options["public_key"]).read_bytes())
        report = verify_ledger(
            checkpoint_dir=directory,
            public_key=public_key,
            workers=options["workers"],
            witness_dir=options["witness"] or witness.directory(),
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(f"Ledger: {report.entries} events verified, head {report.head}")
            if report.root:
                self.stdout.write(f"  Merkle root {report.root}")
            for item in report.checkpoints:
                state = "ok" if item.ok else f"FAILED: {item.problem}"
                self.stdout.write(f"  {item.name} ({item.size} events, {item.at or 'unknown time'}): {state}")
            if directory is not None and not report.checkpoints:
                self.stdout.write(f"  no checkpoints in {directory}")
            self.stdout.write(f"  high-water mark #{report.mark}; {report.witnessed} events witnessed")
            self.stdout.write(f"  {report.claims} records of the application checked for their event")
            for item in report.protection or ["in force"]:
                self.stdout.write(f"  protection: {item}")
            for item in report.problems[1:]:
                self.stdout.write(f"  also: {item}")
        if not report.ok:
            where = f" at event #{report.first_bad_seq}" if report.first_bad_seq else ""
            raise CommandError(f"Ledger verification FAILED{where}: {report.problem}")
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS("Ledger verified."))
