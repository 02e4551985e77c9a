"""Reminder e-mails of the status-quo intake, run daily by the systemd timer in deploy/ (or
cron): every round whose deadline is at most ``INTAKE_REMINDER_DAYS_BEFORE`` days ahead, or
past, reminds its offices that have not started or not submitted. A second run on the same
day sends nothing again."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from intake import reminders
from intake.models import Round


class Command(BaseCommand):
    help = (
        "Send the reminder e-mails of the status-quo intake to the offices that have not "
        "started or not submitted, for every round whose deadline is at most "
        "INTAKE_REMINDER_DAYS_BEFORE days ahead or past (at most one a day per office)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would get what; send nothing"
        )
        parser.add_argument(
            "--round", type=int, dest="round_id", help="only this round (whatever its deadline)"
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._remind(dry_run=options["dry_run"], round_id=options["round_id"])

    def _remind(self, *, dry_run: bool, round_id: int | None):
        if not dry_run and not settings.SITE_URL:
            raise CommandError(
                "DJANGO_SITE_URL ist nicht gesetzt: die Links in den Erinnerungen brauchen die "
                "öffentliche Adresse der App (z. B. https://digital.stadt.example)."
            )
        today = timezone.localdate()
        if round_id is not None:
            rounds = Round.objects.filter(pk=round_id)
            if not rounds.exists():
                raise CommandError(f"Keine Erfassungsrunde mit der Nummer {round_id}.")
        else:
            horizon = today + timedelta(days=settings.INTAKE_REMINDER_DAYS_BEFORE)
            rounds = Round.objects.filter(deadline__lte=horizon)
        for intake_round in rounds.order_by("deadline", "pk"):
            report = reminders.send(intake_round, today, dry_run=dry_run)
            self.stdout.write(
                f"{intake_round} (Frist {intake_round.deadline:%d.%m.%Y}): {report.summary()}"
            )
            for item in report.sent:
                recipients = ", ".join(item.recipients)
                self.stdout.write(f"  {item.response.unit}: {item.reason_label} → {recipients}")
            for item in report.nobody:
                self.stdout.write(f"  {item.response.unit}: keine E-Mail-Adresse")
            for item in report.failed:
                self.stderr.write(f"  {item.response.unit}: vom Mailserver abgelehnt")
