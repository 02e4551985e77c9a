"""Files people download: exports (xlsx and csv), and empty templates with an explanation
sheet. All come from the type's resource, so the template names exactly the columns the export
writes and the import reads."""

import csv
import io

from django.utils.translation import gettext as _

from core.excel import FORMULA_PREFIXES, write_workbook
from spreadsheets.registry import TYPES, SheetType
from spreadsheets.widgets import (
    ChoiceWidget,
    GermanDateWidget,
    GermanDecimalWidget,
    GermanIntegerWidget,
    NamedForeignKeyWidget,
    NamedManyToManyWidget,
    YesNoWidget,
)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _as_they_are(rows):
    return rows


def export_xlsx(sheet: SheetType, user, *, rows=_as_they_are) -> bytes:
    """``rows`` may wrap the rows as they are written (to count them, say)."""
    resource = sheet.resource(user=user)
    written = rows(resource.rows(sheet.queryset(user)))
    return write_workbook([(sheet.label, resource.column_names(), written)])


def export_csv(sheet: SheetType, user, *, rows=_as_they_are) -> bytes:
    """Semicolon-separated UTF-8 with a byte order mark: what German Excel opens directly."""
    resource = sheet.resource(user=user)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(resource.column_names())
    for row in rows(resource.text_rows(sheet.queryset(user))):
        writer.writerow([_neutralise(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _neutralise(value) -> str:
    """A spreadsheet runs a cell starting with =, +, - or @ as a formula; a leading apostrophe
    makes it text. The import takes that apostrophe off again (``reading.unquote``), so a text
    that itself starts with an apostrophe before one of these signs, or before another
    apostrophe, gets one more."""
    text = "" if value is None else str(value)
    quoted = text.startswith(FORMULA_PREFIXES) or (
        text[:1] == "'" and text[1:2] in (*FORMULA_PREFIXES, "'")
    )
    return "'" + text if quoted else text


def template_xlsx(sheet: SheetType) -> bytes:
    resource = sheet.resource()
    return write_workbook(
        [
            (sheet.label, resource.column_names(), []),
            (_("Explanation"), _explanation_headers(), explanation_rows(sheet)),
        ]
    )


def _explanation_headers() -> list[str]:
    return [_("Column"), _("Required"), _("Allowed values / format"), _("Example"), _("Note")]


def explanation_rows(sheet: SheetType) -> list[list[str]]:
    resource = sheet.resource()
    required = set(resource.required_columns())
    rows = []
    for field in resource.get_export_fields():
        heading = str(field.column_name)
        note = str(getattr(field, "help_text", "") or "")
        if field.readonly:
            note = note or _("Filled in by the app; ignored on import.")
        rows.append(
            [
                heading,
                _("yes") if heading in required else _("no"),
                _format_of(field.widget),
                str(getattr(field, "example", "") or ""),
                note,
            ]
        )
    rows += [
        [],
        [_("How to import")],
        [_("Keep the first row with the headings; one row per entry. Empty rows are skipped.")],
        [
            _(
                "Existing entries are recognised by: %(key)s. Importing the same file again "
                "changes nothing."
            )
            % {"key": _key_description(resource)}
        ],
        [_("Enter values, not formulas. Dates as 31.12.2026, numbers with a decimal comma.")],
        [_("Import this type after: %(types)s.") % {"types": _depends_on(sheet)}]
        if sheet.depends_on
        else [],
    ]
    return rows


def _key_description(resource) -> str:
    key = " + ".join(str(resource.fields[name].column_name) for name in resource.key_fields)
    if resource.external_key:
        external = resource.fields[resource.external_key].column_name
        return _("%(external)s, or if it is empty, %(key)s") % {"external": external, "key": key}
    return key


def _depends_on(sheet: SheetType) -> str:
    return ", ".join(str(TYPES[slug].label) for slug in sheet.depends_on)


def _format_of(widget) -> str:
    if isinstance(widget, ChoiceWidget | YesNoWidget):
        return _("One of: %(values)s") % {"values": ", ".join(widget.allowed_labels())}
    if isinstance(widget, GermanDateWidget):
        return _("Date, DD.MM.YYYY")
    if isinstance(widget, GermanDecimalWidget):
        return _("Number with decimal comma")
    if isinstance(widget, GermanIntegerWidget):
        return _("Whole number")
    if isinstance(widget, NamedManyToManyWidget):
        return _("Names, separated by semicolons")
    if isinstance(widget, NamedForeignKeyWidget):
        return _("Name as in the app")
    return _("Text")
