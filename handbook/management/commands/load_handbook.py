from pathlib import Path

from django.core.management.base import BaseCommand

from handbook import loader


class Command(BaseCommand):
    help = (
        "Load the first version of the handbook (Handreichung) that ships with the app "
        "(fixtures/handreichung/). Creates the pages that are missing, each with version 1; "
        "a page that exists is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(loader.DIRECTORY))

    def handle(self, *args, directory, **options):
        report = loader.load(Path(directory))
        self.stdout.write(
            f"Handreichung: {len(report.created)} Seiten angelegt, "
            f"{len(report.kept)} vorhandene Seiten unverändert gelassen."
        )
