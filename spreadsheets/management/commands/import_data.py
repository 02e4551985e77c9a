"""python manage.py import_data vorhaben projekte.xlsx [--dry-run] [--user NAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from spreadsheets.registry import TYPES
from spreadsheets.services import run_file


class Command(BaseCommand):
    help = "Import a spreadsheet (.xlsx or .csv) of one type; all rows or none are applied."

    def add_arguments(self, parser):
        types = ", ".join(f"{slug} ({sheet.label})" for slug, sheet in TYPES.items())
        parser.add_argument("type", choices=list(TYPES), help=f"What the file contains: {types}")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, change nothing."
        )
        parser.add_argument(
            "--user",
            help="User name recorded in the history as the author (and whose rights apply).",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("Unknown user: %(name)s") % {"name": options["user"]}
                ) from None
        with path.open("rb") as data:
            report = run_file(
                kind=options["type"],
                data=data,
                file_name=path.name,
                apply=not options["dry_run"],
                user=user,
            )
        if report.database_unreachable:
            raise CommandError(report.errors[0].message)
        row_label = _("row")
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(changed)s changed, %(unchanged)s unchanged, "
                "%(errors)s errors."
            )
            % {
                "rows": report.rows,
                "new": report.new,
                "changed": report.changed,
                "unchanged": report.unchanged,
                "errors": report.error_count,
            }
        )
        for change in report.changes[:20] if options["verbosity"] > 1 else []:
            self.stdout.write(f"  {row_label} {change.row}: {change.action_label} {change.label}")
        if not report.ok:
            for error in report.errors:
                where = f"{row_label} {error.row}" if error.row else _("file")
                column = f", {error.column}" if error.column else ""
                self.stderr.write(f"{where}{column}: {error.message}")
            if report.errors_truncated:
                self.stderr.write(
                    _("… and %(n)s more.") % {"n": report.error_count - len(report.errors)}
                )
            raise CommandError(_("Nothing was imported: the file has errors."))
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))
