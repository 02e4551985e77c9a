from pathlib import Path

from django.core.management.base import BaseCommand

from workshops import standards


class Command(BaseCommand):
    help = (
        "Load the workshop templates of Teil 1, 2 and 3 from a JSON file (by default the "
        "German defaults that ship with the app), each published as version 1. A part whose "
        "template has any version already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(standards.DEFAULTS))

    def handle(self, *args, path, **options):
        for template, loaded in standards.load_default_templates(Path(path)):
            version = template.versions.order_by("-number").first()
            if loaded:
                self.stdout.write(
                    f"Workshopvorlage {template.get_part_display()} geladen: „{version.title}“, "
                    f"{version.agenda_items.count()} Tagesordnungspunkte, "
                    f"{version.total_minutes} Minuten, Version {version.number} veröffentlicht."
                )
            else:
                self.stdout.write(
                    f"Workshopvorlage {template.get_part_display()} gibt es schon "
                    f"(Version {version.number}); nichts geändert."
                )
