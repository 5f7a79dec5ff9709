"""manage.py import_registry --units U.csv --positions P.xlsx --employees E.csv --family K.csv"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from personnel.importing import ImportFile, import_registry
from personnel.spreadsheet import SafeWriter

KINDS = ("units", "positions", "employees", "family", "abk", "assessments")
# Files smaller than this finish before a bar would be worth drawing on a terminal.
PROGRESS_MIN_ROWS = 200


class Command(BaseCommand):
    help = (
        "Import units, positions, employees and their family members from CSV or XLSX files (layouts in "
        "docs/import.md). "
        "Nothing is written if any row is bad, unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", action="append", default=[], metavar="FILE", help="units file(s)")
        parser.add_argument(
            "--positions", action="append", default=[], metavar="FILE", help="positions file(s)"
        )
        parser.add_argument(
            "--employees", action="append", default=[], metavar="FILE", help="employees file(s)"
        )
        parser.add_argument(
            "--family", action="append", default=[], metavar="FILE", help="family members file(s)"
        )
        parser.add_argument("--abk", action="append", default=[], metavar="FILE", help="ABK needs file(s)")
        parser.add_argument(
            "--assessments", action="append", default=[], metavar="FILE", help="competency assessment file(s)"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="write the valid rows and report the bad ones"
        )
        parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
        parser.add_argument(
            "--progress", action="store_true", help="show a progress bar even when not on a tty"
        )
        parser.add_argument("--actor", metavar="USERNAME", help="the user the ledger names as importer")
        parser.add_argument("--report-out", metavar="FILE", help="also write the bad rows as CSV")

    def handle(self, *args, **options):
        if not any(options[kind] for kind in KINDS):
            raise CommandError(
                _("Give at least one of --units, --positions, --employees, --family, --abk, --assessments.")
            )
        sources = {}
        for kind in KINDS:
            files = []
            for name in options[kind]:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(_("File not found: %(path)s") % {"path": name})
                files.append(ImportFile.from_path(path))
            sources[kind] = files
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(_("No active user named %(name)s.") % {"name": options["actor"]})

        result = import_registry(
            **sources,
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            actor=actor,
            progress=self._progress_factory(options["progress"]),
            via=f"manage.py import_registry (os user {_os_user()})",
        )
        self._report(result, options)

    def _progress_factory(self, forced: bool):
        interactive = sys.stderr.isatty()

        def progress(iterable, total, description):
            if not (forced or (interactive and total >= PROGRESS_MIN_ROWS)):
                return iterable
            from tqdm import tqdm

            return tqdm(iterable, total=total, desc=description, unit=_("rows"), file=sys.stderr, leave=False)

        return progress

    def _report(self, result, options) -> None:
        for name, columns in result.ignored_columns.items():
            self.stdout.write(
                _("%(file)s: ignored columns: %(columns)s") % {"file": name, "columns": ", ".join(columns)}
            )
        for error in result.errors:
            self.stderr.write(str(error))
        if options["report_out"]:
            with open(options["report_out"], "w", newline="", encoding="utf-8") as handle:
                writer = SafeWriter(handle)
                writer.writerow(["file", "line", "column", "code", "message"])
                for error in result.errors:
                    writer.writerow([error.file, error.line, error.column, error.code, error.message])

        header = f"{'':<10} {_('created'):>8} {_('updated'):>8} {_('unchanged'):>9} {_('rejected'):>8}"
        self.stdout.write(header)
        labels = {
            "units": _("units"),
            "positions": _("positions"),
            "employees": _("employees"),
            "family": _("family"),
        }
        for kind, counts in result.counts.items():
            self.stdout.write(
                f"{labels[kind]:<10} {counts.created:>8} {counts.updated:>8} {counts.unchanged:>9} {counts.rejected:>8}"
            )

        if result.errors and not options["skip_invalid"]:
            raise CommandError(
                _(
                    "Nothing was imported: %(count)d problem(s) found. Fix them, or run again with "
                    "--skip-invalid to import the valid rows only."
                )
                % {"count": len(result.errors)}
            )
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        elif not result.changed:
            self.stdout.write(
                self.style.SUCCESS(_("Nothing changed: the registry already matches these files."))
            )
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
        if result.errors:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)d row(s) were skipped; see the report above.")
                    % {"count": result.rejected_rows}
                )
            )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "?"
