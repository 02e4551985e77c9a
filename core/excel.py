"""Excel output shared by every export.

Rows come from an import-export resource (the one definition of columns); this module only
writes them. openpyxl's write-only mode streams rows, so memory stays flat for large lists.
Cells that a spreadsheet would run as a formula (starting with =, +, - or @) are written as
text, which is how formula injection is neutralised without changing the value.
"""

from collections.abc import Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value, bold=False):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # text, never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return write_workbook([(title, headers, rows)])


def write_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """One worksheet per (title, headers, rows); the first is the one imports read."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, str(header), bold=True) for header in headers])
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
