"""Take over what earlier steps kept as answers and results: the intake's needs and
expectations and the needs found in workshops become needs of the register, the synergies
found in workshops proposed links. Idempotent; prints what it converted."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from needs import conversion as need_conversion
from synergies import conversion as synergy_conversion


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Convert intake answers (needs, expectations) and workshop results (needs, synergies) "
        "into needs and proposed synergies; a second run converts nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be converted, change nothing"
        )

    def handle(self, *args, dry_run: bool, **options):
        try:
            with transaction.atomic():
                intake = need_conversion.convert_intake_answers()
                workshop_needs = need_conversion.convert_workshop_needs()
                synergies = synergy_conversion.convert_workshop_synergies()
                if dry_run:
                    raise DryRun
        except DryRun:
            self.stdout.write(_("Dry run: nothing was changed. It would convert:"))
        for line in [*intake.lines(), *workshop_needs.lines(), *synergies.lines()]:
            self.stdout.write(line)
        self.stdout.write(
            _(
                "Needs from the intake: %(intake)s new, %(intake_there)s there already. "
                "Needs from workshops: %(workshop)s new, %(workshop_there)s there already. "
                "Synergies from workshops: %(results)s results converted into %(links)s new "
                "links, %(skipped)s not convertible."
            )
            % {
                "intake": len(intake.created),
                "intake_there": intake.existing,
                "workshop": len(workshop_needs.created),
                "workshop_there": workshop_needs.existing,
                "results": len(synergies.converted),
                "links": synergies.links,
                "skipped": len(synergies.skipped),
            }
        )
