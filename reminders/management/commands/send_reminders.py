"""Reminders about status updates, run daily by the systemd timer in deploy/ (or cron): the
contacts of projects whose status update is due or overdue, the coordination for projects
still without one after two reminders, and the coordinators' weekly digest. A second run
tells nobody anything again."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from reminders import services


class Command(BaseCommand):
    help = (
        "Send the reminders about status updates (due, overdue, escalation to the "
        "coordination) and the coordinators' weekly digest; each reason at most once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would get what; send nothing"
        )
        parser.add_argument(
            "--today", type=date.fromisoformat, help="act as on this day (YYYY-MM-DD)"
        )

    def handle(self, *args, dry_run: bool, today, **options):
        if not dry_run and not settings.SITE_URL:
            raise CommandError(
                "DJANGO_SITE_URL ist nicht gesetzt: die Links in den Erinnerungen brauchen die "
                "öffentliche Adresse der App (z. B. https://digital.stadt.example)."
            )
        with translation.override(settings.LANGUAGE_CODE):
            report = services.send(today, dry_run=dry_run)
            self.stdout.write(report.summary())
            for mail in report.sent:
                kinds = ", ".join(
                    f"{item.get_kind_label()}: {item.project or item.department}"
                    for item in mail.items
                )
                self.stdout.write(f"  {mail.recipient.email} ← {kinds}")
            for mail in report.failed:
                self.stderr.write(f"  {mail.recipient.email}: vom Mailserver abgelehnt")
