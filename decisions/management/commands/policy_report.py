"""manage.py policy_report [--output FILE] [--date YYYY-MM-DD]: the registry through the
rules, as CSV (NIP, name, unit, position, finding, detail)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from decisions.policy.report import registry_report
from personnel.spreadsheet import SafeWriter


class Command(BaseCommand):
    help = (
        "Who would be blocked from a transfer and why, who is overdue for rotation, who retires soon (CSV)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="Write the CSV to this file (default: standard output).")
        parser.add_argument("--date", help="Evaluate as on this day (YYYY-MM-DD; default: today).")

    def handle(self, *args, output=None, date=None, **options):
        on = _parse_day(date)
        rows = registry_report(on=on)
        header = ["NIP", _("Name"), _("Unit"), _("Position"), _("Finding"), _("Detail")]
        if output:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                _write(handle, header, rows)
            self.stderr.write(f"{len(rows)} rows -> {output}")
        else:
            _write(self.stdout, header, rows)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}") from None


def _write(handle, header, rows) -> None:
    writer = SafeWriter(handle)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.nip, row.name, row.unit, row.position, row.finding, row.detail])
