"""manage.py seed_demo [--accounts-out FILE]: the demo city and the public holidays.

It lives in config, not personnel, because it loads data of two apps (the registry and its
calendar, the engine's committees) and personnel must not depend on workflows."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from audit import checkpoints
from personnel.demo import DEMO_PASSWORD, account_rows, seed_demo
from personnel.holidays import load_holidays
from personnel.roles import ROLE_LABELS
from personnel.selectors import opd_count, with_free_places
from workflows.demo import seed_committees


class Command(BaseCommand):
    help = "Load the demo city (Pemerintah Kota Tanjungbalai) and its accounts; a second run adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--accounts-out", metavar="FILE", help="write the demo accounts as JSON")

    def handle(self, *args, **options):
        result = seed_demo()
        created, updated = load_holidays()
        seed_committees()
        if result.created:
            counts = result.counts
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo city loaded: %(opds)d OPDs (%(units)d units with their divisions and "
                        "kelurahan), %(positions)d positions (%(vacant)d with a free place), "
                        "%(employees)d employees, %(accounts)d accounts."
                    )
                    % {
                        "opds": opd_count(),
                        "units": counts["units"],
                        "positions": counts["positions"],
                        "vacant": with_free_places().count(),
                        "employees": counts["employees"],
                        "accounts": counts["accounts"],
                    }
                )
            )
        else:
            self.stdout.write(_("Demo city already present: nothing added."))
        if created or updated:
            self.stdout.write(
                _("Public holidays: %(created)d added, %(updated)d renamed.")
                % {"created": created, "updated": updated}
            )

        if checkpoints.latest_checkpoint() is None:
            # The inspector's first day starts from a signed checkpoint, not a warning.
            document = checkpoints.create_checkpoint()
            self.stdout.write(
                _("First ledger checkpoint signed: %(size)d events.") % {"size": document["size"]}
            )

        rows = account_rows(result.accounts)
        width = max(len(row["username"]) for row in rows)
        roles = {row["role"]: str(ROLE_LABELS.get(row["role"], row["role"])) for row in rows}
        role_width = max(len(_("role")), *(len(label) for label in roles.values()))
        self.stdout.write("")
        self.stdout.write(f"{_('username'):<{width}}  {_('role'):<{role_width}}  {_('unit')}")
        for row in rows:
            self.stdout.write(
                f"{row['username']:<{width}}  {roles[row['role']]:<{role_width}}  {row['unit'] or '-'}"
            )
        self.stdout.write(_("Password for every demo account: %(password)s") % {"password": DEMO_PASSWORD})
        if options["accounts_out"]:
            with open(options["accounts_out"], "w", encoding="utf-8") as handle:
                json.dump(rows, handle, indent=2, ensure_ascii=False)
                handle.write("\n")
