from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from decisions.retirement import propose_retirements


class Command(BaseCommand):
    help = (
        "Create draft retirement (BUP) cases for employees reaching their retirement age within "
        "N months. Safe to run repeatedly: employees with a case already are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12, help="how far ahead to look (default 12)")
        parser.add_argument(
            "--as", dest="username", required=True, help="the BKPSDM clerk the drafts belong to"
        )

    def handle(self, *args, months, username, **options):
        if months < 1:
            raise CommandError("--months must be at least 1")
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active account {username!r}")
        cases = propose_retirements(months=months, actor=actor)
        for case in cases:
            item = case.items.get()
            self.stdout.write(
                f"{case.reference}  {item.employee.nip_display}  {item.employee.full_name}  TMT {case.effective_date:%d-%m-%Y}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(cases)} draft(s) created"))
