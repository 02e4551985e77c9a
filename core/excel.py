"""Excel output shared by every export.

Rows come from an import-export resource (the one definition of columns); this module only
writes them. openpyxl's write-only mode streams rows, so memory stays flat for large lists.
Cells that a spreadsheet would run as a formula (starting with =, +, - or @) are written as
text, which is how formula injection is neutralised without changing the value.
"""

import gc
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@")
GC_THRESHOLD = 50_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _value(sheet, value):
    """Text that a spreadsheet would run as a formula gets a text cell of its own; empty text
    is left out (an empty cell); everything else is written as it is, which is cheapest."""
    if isinstance(value, str):
        if not value:
            return None
        if value.startswith(FORMULA_PREFIXES):
            return _cell(sheet, value)
    return value


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A download of ``content`` under ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return write_workbook([(title, headers, rows)])


def write_workbook(sheets: Iterable[tuple], row_counts: Sequence[int | None] = ()) -> bytes:
    """One worksheet per (title, headers, rows); the first is the one imports read. A known
    row count is written as the sheet's dimension, which spares readers a pass over the sheet
    to find its size."""
    with fewer_garbage_collections():
        return _write_workbook(sheets, row_counts)


def _write_workbook(sheets, row_counts) -> bytes:
    workbook = Workbook(write_only=True)
    for index, (title, headers, rows) in enumerate(sheets):
        sheet = workbook.create_sheet(title=str(title)[:31])
        count = row_counts[index] if index < len(row_counts) else None
        if count is not None and headers:
            reference = f"A1:{get_column_letter(len(headers))}{count + 1}"
            sheet.calculate_dimension = lambda reference=reference: reference
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, str(header), bold=True) for header in headers])
        for row in rows:
            sheet.append([_value(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
