from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from public.demo import seed_decisions, seed_feedback


class Command(BaseCommand):
    help = "The demo's public side: feedback at each step, and signed decisions for the statistics."

    def handle(self, *args, **options):
        signed = seed_decisions()
        feedback = seed_feedback()
        if signed or feedback:
            self.stdout.write(
                _("Public side: %(signed)d decisions signed, %(feedback)d feedback messages.")
                % {"signed": signed, "feedback": feedback}
            )
