from django.core.management.base import BaseCommand

from public.services import run_feedback_deadlines


class Command(BaseCommand):
    help = "Remind and escalate late steps of public feedback (safe to run often)."

    def handle(self, *args, **options):
        run = run_feedback_deadlines()
        self.stdout.write(f"reminded {run.reminded}, escalated {run.escalated}")
