from pathlib import Path

from django.core.management.base import BaseCommand

from intake import questionnaires


class Command(BaseCommand):
    help = (
        "Load a questionnaire of the status-quo intake from a YAML file (by default the "
        "standard German questionnaire that ships with the app), published as version 1. "
        "A questionnaire of the same title that exists already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(questionnaires.STANDARD))

    def handle(self, *args, path, **options):
        version, created = questionnaires.load(Path(path))
        if created:
            self.stdout.write(
                f"Fragebogen „{version.questionnaire}“ geladen: "
                f"{version.questions.count()} Fragen, Version {version.number} veröffentlicht."
            )
        else:
            self.stdout.write(
                f"Fragebogen „{version.questionnaire}“ gibt es schon "
                f"(Version {version.number}); nichts geändert."
            )
