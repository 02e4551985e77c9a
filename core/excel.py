"""Excel output shared by every export.

Rows come from an import-export resource (the one definition of columns); this module only
writes them, with XlsxWriter in its constant-memory mode: rows are streamed to disk one at a
time, so memory stays flat for large lists, and writing is about twice as fast as openpyxl's
write-only mode (openpyxl reads the uploads). Text is always written as text: a cell starting
with =, +, - or @ is not run as a formula (formula injection), and control characters that XML
cannot hold are escaped rather than refused.
"""

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime
from io import BytesIO

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone

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
            sheet = workbook.add_worksheet(str(title)[:SHEET_TITLE_LENGTH])
            sheet.add_write_handler(datetime, write_date_time)
            sheet.freeze_panes(1, 0)
            sheet.write_row(0, 0, [str(header) for header in headers], bold)
            for number, row in enumerate(rows, start=1):
                sheet.write_row(number, 0, row)
    return buffer.getvalue()


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
