from django.core.management.base import BaseCommand

from decisions.decrees import apply_due


class Command(BaseCommand):
    help = "Make signed decisions whose effective date has come take effect (safe to run repeatedly)."

    def handle(self, *args, **options):
        applied = apply_due()
        self.stdout.write(f"{len(applied)} decision(s) took effect")
