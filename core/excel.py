"""Excel output shared by every export.

Rows come from an import-export resource (the one definition of columns); this module only
writes them, with XlsxWriter in its constant-memory mode: rows are streamed to disk one at a
time, so memory stays flat for large lists, and writing is about twice as fast as openpyxl's
write-only mode (openpyxl reads the uploads). Text is always written as text: a cell starting
with =, +, - or @ is not run as a formula (formula injection), a text that looks like rich-text
XML is not written as XML, and control characters that XML cannot hold are escaped as the
standard says, so that Excel, LibreOffice and our import read back exactly what was written.
"""

import gc
import re
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime
from io import BytesIO

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

from core.text import CELL_LIMIT, cell_length

FORMULA_PREFIXES = ("=", "+", "-", "@")
GC_THRESHOLD = 50_000
SHEET_TITLE_LENGTH = 31
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,  # "=1+1" stays the text "=1+1"
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "dd.mm.yyyy",
}


ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
UNDERSCORE_BEFORE_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4})")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """Text as Office Open XML stores it (ECMA-376, ST_Xstring): a character XML cannot hold
    (a control character other than tab and line feed; a carriage return would be read as a
    line feed) as ``_xHHHH_``, and an underscore that would otherwise start such an escape as
    ``_x005F_``. XlsxWriter's own escaping misses an underscore inside a chain
    (``_x005F_x0041_`` comes back as ``_x005FA``) or before an escaped control character."""
    text = UNDERSCORE_BEFORE_ESCAPE.sub("_x005F_", text)
    return CONTROL_CHARACTERS.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def unescape(text: str) -> str:
    """Undo ``escape`` (and the same escapes written by Excel or LibreOffice): ``_xHHHH_`` is
    the character U+HHHH. openpyxl undoes none of them. NUL and lone surrogates stay as
    written: no database stores them."""
    if "_x" not in text:
        return text
    return ESCAPED.sub(_escaped_character, text)


def _escaped_character(match: re.Match) -> str:
    code = int(match.group(1), 16)
    if code == 0 or 0xD800 <= code <= 0xDFFF:
        return match.group(0)
    return chr(code)


class _TextWorksheet(Worksheet):
    """XlsxWriter's worksheet, writing text exactly: with ``escape`` instead of XlsxWriter's
    escaping, and never as rich text. In constant-memory mode XlsxWriter writes any string that
    begins with ``<r>`` and ends with ``</r>`` into the file unescaped, as if it were rich-text
    XML it had made itself: a description like that could add cells, formulas included, to
    every export. These sheets write no rich text, so such a string is written as text."""

    @staticmethod
    def _escape_control_characters(data):
        return escape(data) if isinstance(data, str) else data  # numbers pass, as before

    def _xml_rich_inline_string(self, string, attributes=()):
        self._xml_inline_string(string, False, attributes)


# What _TextWorksheet relies on in XlsxWriter 3.3 (pinned in pyproject.toml).
assert all(
    hasattr(Worksheet, name)
    for name in ("_escape_control_characters", "_xml_rich_inline_string", "_xml_inline_string")
)


class CellTooLong(ValueError):
    """A text longer than an Excel cell holds. XlsxWriter would cut it, and leave out the rest
    of its row; the export is refused instead, with a message saying what to do."""


def too_long_for_a_cell(value) -> bool:
    return (
        isinstance(value, str)
        and len(value) > CELL_LIMIT // 2  # cannot be too long: skip counting
        and cell_length(value) > CELL_LIMIT
    )


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A download of ``content`` under ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return write_workbook([(title, headers, rows)])


def write_workbook(sheets: Iterable[tuple]) -> bytes:
    """One worksheet per (title, headers, rows), headings in bold in a frozen first row; the
    first sheet is the one imports read. Dates are shown as 31.12.2026, times of day in the
    app's time zone."""
    buffer = BytesIO()
    with fewer_garbage_collections(), xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS) as workbook:
        bold = workbook.add_format({"bold": True})
        date_time = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})

        def write_date_time(sheet, row, column, value, *_format):
            return sheet.write_datetime(row, column, _local(value), date_time)

        for title, headers, rows in sheets:
            sheet = workbook.add_worksheet(
                str(title)[:SHEET_TITLE_LENGTH], worksheet_class=_TextWorksheet
            )
            sheet.add_write_handler(datetime, write_date_time)
            sheet.freeze_panes(1, 0)
            headers = [str(header) for header in headers]
            sheet.write_row(0, 0, headers, bold)
            for number, row in enumerate(rows, start=1):
                if any(too_long_for_a_cell(value) for value in row):
                    raise _too_long(row, number + 1, headers)
                sheet.write_row(number, 0, row)
    return buffer.getvalue()


def _too_long(row: Sequence, number: int, headers: list[str]) -> CellTooLong:
    position = next(index for index, value in enumerate(row) if too_long_for_a_cell(value))
    column = headers[position] if position < len(headers) else str(position + 1)
    return CellTooLong(
        _(
            "Row %(row)s, column “%(column)s”: the text has %(length)s characters, more than "
            "the 32,767 an Excel cell holds, and would be cut. Nothing was exported. Use the "
            "CSV export, which has no such limit, or shorten the text."
        )
        % {
            "row": number,
            "column": column,
            "length": number_format(cell_length(row[position]), force_grouping=True),
        }
    )


def _local(value: datetime) -> datetime:
    """Excel has no time zones: the wall-clock time in the app's zone, without one."""
    if timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


@contextmanager
def fewer_garbage_collections():
    """Reading or writing a large spreadsheet allocates millions of short-lived objects
    (cells, XML elements, model instances); with the default thresholds the collector runs
    thousands of times and walks the whole heap each time, a third of the work. Cycles are
    still collected, just less often."""
    previous = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
