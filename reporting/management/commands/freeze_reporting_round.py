"""Freeze a reporting round (Berichtsrunde) from the shell or a scheduler, e.g. each quarter:
``manage.py freeze_reporting_round --title "Q1 2027" --date 2027-03-31``."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting import services


class Command(BaseCommand):
    help = "Freeze every current project as a reporting round with its reference date."

    def add_arguments(self, parser):
        parser.add_argument("--title", required=True, help='the round\'s title, e.g. "Q1 2027"')
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            help="the reference date (YYYY-MM-DD), today if not given",
        )
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--user",
            required=True,
            help="the account of the Referat Digitale Stadt it is frozen for",
        )
        parser.add_argument(
            "--from-history",
            action="store_true",
            help=(
                "a past round: the projects with their latest status update on or before the "
                "date (those without one left out)"
            ),
        )

    def handle(self, *args, title, date, note, user, from_history, **options):
        actor = get_user_model().objects.filter(username=user).first()
        if actor is None or not services.may_freeze(actor):
            raise CommandError(
                _("%(user)s is no account of the Referat Digitale Stadt.") % {"user": user}
            )
        try:
            freeze = services.round_reconstruct if from_history else services.round_freeze
            frozen = freeze(
                actor=actor, title=title, reference_date=date or timezone.localdate(), note=note
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _("Reporting round “%(title)s” frozen: %(count)s projects in %(seconds)s s.")
            % {"title": frozen.title, "count": frozen.project_count, "seconds": frozen.seconds}
        )
