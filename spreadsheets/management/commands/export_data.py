"""python manage.py export_data vorhaben projekte.xlsx [--template]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.excel import CellTooLong
from spreadsheets.registry import TYPES
from spreadsheets.workbooks import export_csv, export_xlsx, template_xlsx


class Command(BaseCommand):
    help = "Export one type as .xlsx or .csv (by the file's ending), or write its empty template."

    def add_arguments(self, parser):
        parser.add_argument("type", choices=list(TYPES))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--template", action="store_true", help="Write the empty template with explanations."
        )

    def handle(self, *args, **options):
        sheet, path = TYPES[options["type"]], options["file"]
        if options["template"]:
            data = template_xlsx(sheet)
        elif path.suffix.lower() == ".csv":
            data = export_csv(sheet, user=None)
        elif path.suffix.lower() == ".xlsx":
            try:
                data = export_xlsx(sheet, user=None)
            except CellTooLong as error:
                raise CommandError(str(error)) from None
        else:
            raise CommandError(_("The file name must end in .xlsx or .csv."))
        path.write_bytes(data)
        self.stdout.write(_("Written: %(path)s") % {"path": path})
