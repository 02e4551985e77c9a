"""Daily upkeep, run by the systemd timer in deploy/ (or cron): jobs whose worker died end as
interrupted, stored files past their time are deleted (each app registers its part in
``jobs.upkeep``), finished task records older than two weeks and expired sessions go."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jobs import upkeep


class Command(BaseCommand):
    help = "Daily upkeep of background work, stored files and sessions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--task-days", type=int, default=14, help="keep finished task records this long"
        )

    def handle(self, *args, task_days: int, **options):
        for step in upkeep.STEPS:
            self.stdout.write(step())
        call_command("prune_db_task_results", min_age_days=task_days, verbosity=0)
        call_command("clearsessions")
        self.stdout.write(f"task records older than {task_days} days and expired sessions removed")
