from django.core.management.base import BaseCommand

from workflows.services import run_deadlines


class Command(BaseCommand):
    help = "Send reminders for tasks due soon and escalate late ones (safe to run from cron)."

    def handle(self, *args, **options):
        run = run_deadlines()
        self.stdout.write(f"reminded {run.reminded}, escalated {run.escalated}")
