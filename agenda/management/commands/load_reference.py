from pathlib import Path

from django.core.management.base import BaseCommand

from agenda.reference import DEFAULT_FIXTURE, reference_load


class Command(BaseCommand):
    help = (
        "Load the verified reference data (agenda, fields of action, agenda projects, "
        "departments and offices). Safe to run again: nothing is duplicated, and records "
        "edited in the app are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FIXTURE, help="fixture file")
        parser.add_argument(
            "--update",
            action="store_true",
            help="overwrite existing records with the values of the fixture",
        )

    def handle(self, *args, file, update, **options):
        report = reference_load(path=file, update=update)
        for label, counts in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            if counts:
                summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items()))
                self.stdout.write(f"{label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
