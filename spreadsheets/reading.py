"""Reading uploaded spreadsheets safely and lazily.

``open_table`` checks the file as a whole (size, type, zip structure) and reads the header;
``Table.rows()`` then yields one row at a time, so a 50,000-row file never sits in memory.
The file itself may be a binary file object: it is read from where it lies, never copied into
memory as a whole.
Every problem with the file itself is a :class:`SpreadsheetError` with a German message that
says what to do; problems with single cells are left to the import.

Defences: a size limit (``IMPORT_MAX_FILE_SIZE``), a check of the zip directory before openpyxl
unpacks anything (zip bombs: too many members, too large when unpacked, a member with an
implausible compression ratio), a much smaller limit for every part openpyxl loads whole (shared
strings, styles, the workbook, ...) than for the worksheets it streams row by row, checked as
openpyxl asks for the part, and defusedxml, which openpyxl uses for every XML part when it is
installed (entity expansion and external entities are refused). A member never yields more than
the size the zip directory declares for it: Python's zipfile stops there (a test pins this), so
the declared sizes checked here are the most that can come out.
"""

import codecs
import contextlib
import csv
import functools
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import BinaryIO
from xml.etree.ElementTree import Element, TreeBuilder

import openpyxl
import openpyxl.worksheet._reader as openpyxl_sheet_reader
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as defused_iterparse
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml import DEFUSEDXML
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from core.excel import unescape
from spreadsheets.widgets import cell_text, is_empty

XLSX_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # old .xls and encrypted workbooks
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # all members together; a worksheet is streamed
MAX_LOADED_PART_BYTES = 64 * 1024 * 1024  # a part openpyxl loads whole (shared strings, ...)
MAX_COMPRESSION_RATIO = 200  # of the archive, and of every member over RATIO_GRACE_BYTES
RATIO_GRACE_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 10_000
BLOCK_SIZE = 1024 * 1024  # how much of a CSV file is looked at at once
UTF16_SAMPLE = 4096  # how much of it tells UTF-16 text without a byte order mark
NUMBERS = (int, float)  # cell values that may be shown as a percentage (not bool)
PEEK_ROWS = 10  # rows of a sheet looked at for headings that are not in the first row
PEEK_SHEETS = 10
PEEK_COLUMNS = 100
NOT_A_FORMAT_SIGN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted, escaped, [Red], [<0]

assert DEFUSEDXML, "defusedxml must be installed: openpyxl parses uploads with it"

TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"
ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
SHARED_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
SHEET_DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"


def _text_of(node) -> str:
    """A string's text: every ``<t>`` of it and of its rich-text runs, without phonetic hints,
    which is what openpyxl's ``Text(...).content`` returns, but with escapes undone."""
    text = node.findtext(TEXT_TAG) or ""
    if "_x" in text:  # checked here: most cells hold no escape, and this runs for every one
        text = unescape(text)
    for run in node.iter(RUN_TAG):
        part = run.findtext(TEXT_TAG) or ""
        text += unescape(part) if "_x" in part else part
    return text


class _InlineText:
    """Reads an inline string cell's text (see ``_text_of``).

    This app's exports (XlsxWriter in constant-memory mode) write text as inline strings, so
    every file that comes back is full of them, and openpyxl reads each one through its generic
    descriptor machinery: a third of the time of reading such a file. Installed below in place
    of the class openpyxl's sheet reader uses for them; a test compares it with openpyxl's own
    (see tests/spreadsheets)."""

    __slots__ = ("content",)

    def __init__(self, content: str):
        self.content = content

    @classmethod
    def from_tree(cls, node):
        return cls(_text_of(node))


def _read_shared_strings(source: BinaryIO) -> list[str]:
    """The shared strings table (what LibreOffice, Excel and openpyxl write text to), with
    escapes undone (see ``core.excel.unescape``): openpyxl's own reader drops every ``x005F_``
    and keeps other escapes, so a text ``_x0001_`` and the character U+0001 both came back as
    ``_x0001_``. Each string leaves the tree once read."""
    strings, root = [], None
    for event, node in defused_iterparse(source, ("start", "end")):
        if root is None:
            root = node
        elif event == "end" and node.tag == SHARED_STRING_TAG:
            strings.append(_text_of(node))
            root.clear()
    return strings


openpyxl_sheet_reader.Text = _InlineText


def _iterparse_forgetting_rows(source, events=None):
    """openpyxl's sheet reader parses with ``iterparse`` and empties each ``<row>`` it has read,
    but leaves the empty element in the tree: about 80 bytes for every row of the file, 4 MB
    for 50,000 rows. This parses the same way (defusedxml, which openpyxl uses), but whenever
    a row begins, the rows before it leave the tree. Those not yet read stay alive in the
    parser's queue of events until openpyxl takes them, so it reads every row as before, and
    memory no longer grows with the rows. Installed below in place of the ``iterparse``
    openpyxl's sheet reader uses."""
    sheet_data = []

    def element(tag, attrib):
        node = Element(tag, attrib)
        if tag == ROW_TAG:
            if sheet_data:
                del sheet_data[0][:]
        elif tag == SHEET_DATA_TAG:
            sheet_data.append(node)
        return node

    parser = DefusedXMLParser(target=TreeBuilder(element_factory=element))
    return defused_iterparse(source, events, parser=parser)


openpyxl_sheet_reader.iterparse = _iterparse_forgetting_rows


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message tells the user why."""


@dataclass
class Cell:
    value: object
    formula: bool = False


@dataclass(frozen=True)
class HeadingRow:
    """A row that may hold the headings when the first row does not."""

    sheet: str | None  # None in a CSV file
    row: int
    cells: tuple[str, ...]


@dataclass
class Table:
    headers: list[str]
    _rows: Iterator[tuple[int, list[Cell]]] = field(repr=False)
    header_problems: list[str] = field(default_factory=list)
    expected_rows: int | None = None  # an estimate for progress bars; None if unknown
    _close: Callable[[], None] | None = field(default=None, repr=False)
    sheet: str | None = None  # the sheet read (the first); None for a CSV file
    _elsewhere: Callable[[], list[HeadingRow]] | None = field(default=None, repr=False)

    def rows_elsewhere(self) -> list[HeadingRow]:
        """The next rows of the first sheet (or of a CSV file) and the first rows of the other
        sheets, a few of each: where the headings may be when the first row lacks them. Call
        it before ``rows()``."""
        return self._elsewhere() if self._elsewhere is not None else []

    def close(self) -> None:
        """Let go of what reading holds (the workbook, the text decoder). The file itself
        belongs to the caller and stays open."""
        if self._close is not None:
            close, self._close = self._close, None
            close()

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """(row number as the spreadsheet shows it, cells), skipping empty rows."""
        for number, cells in self._rows:
            if all(is_empty(cell.value) for cell in cells):
                continue
            yield number, cells


def max_file_size() -> int:
    return getattr(settings, "IMPORT_MAX_FILE_SIZE", 10 * 1024 * 1024)


def open_table(source: bytes | BinaryIO, filename: str) -> Table:
    """``source``: the file's bytes, or a seekable binary file that stays open until the rows
    have been read."""
    if isinstance(source, bytes | bytearray):
        source = io.BytesIO(source)
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    if not size:
        raise SpreadsheetError(_("The file is empty (0 bytes). Choose the saved spreadsheet."))
    limit = max_file_size()
    if size > limit:
        raise SpreadsheetError(
            _(
                "The file is %(size)s MB; at most %(limit)s MB can be imported. Split it into "
                "several files."
            )
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    name = filename.lower()
    start = source.read(len(OLE_SIGNATURE))
    source.seek(0)
    if name.endswith(".csv"):
        return _csv_table(source)
    if name.endswith((".xlsx", ".xlsm")):
        return _xlsx_table(source, start)
    if name.endswith(".xls") or start == OLE_SIGNATURE:
        raise SpreadsheetError(
            _("Old Excel files (.xls) cannot be read. Save the file as “Excel workbook (.xlsx)”.")
        )
    raise SpreadsheetError(_("Only .xlsx and .csv files can be imported."))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _check_zip(source: BinaryIO, start: bytes) -> None:
    if start.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(
            _(
                "The file is an old Excel file (.xls) or password-protected. Save it without a "
                "password as “Excel workbook (.xlsx)”."
            )
        )
    if not start.startswith(XLSX_SIGNATURE):
        raise SpreadsheetError(
            _(
                "The file is not an Excel workbook, although its name ends in .xlsx. Open it in "
                "Excel or LibreOffice and save it as “Excel workbook (.xlsx)”."
            )
        )
    try:
        with zipfile.ZipFile(source) as archive:  # leaves ``source`` open
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            _("The file is damaged and cannot be opened as an Excel workbook.")
        ) from None
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    if (
        len(members) > MAX_ZIP_MEMBERS
        or unpacked > MAX_UNPACKED_BYTES
        or unpacked > MAX_COMPRESSION_RATIO * max(packed, 1)
        or any(_implausible(member) for member in members)
    ):
        raise _refused_as_bomb()


def _implausible(member: zipfile.ZipInfo) -> bool:
    """Whether one member unpacks to far more than it takes up: the archive's ratio as a whole
    says nothing when a large member stored without compression sits next to the bomb."""
    if member.file_size <= RATIO_GRACE_BYTES:
        return False
    return member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)


def _refused_as_bomb() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file unpacks to an implausible size and was refused for safety. Save the "
            "data again as a normal Excel workbook."
        )
    )


class _PartTooLarge(Exception):
    """openpyxl asked for a part larger than it may load."""


class _Parts:
    """The workbook's zip archive as openpyxl reads it, handing out no member that unpacks to
    more than ``limit`` bytes (its declared size, which is all zipfile ever yields)."""

    def __init__(self, archive: zipfile.ZipFile, limit: int):
        self.archive, self.limit = archive, limit

    def _check(self, name) -> None:
        member = name if isinstance(name, zipfile.ZipInfo) else self.archive.getinfo(name)
        if member.file_size > self.limit:
            raise _PartTooLarge(member.filename)

    def open(self, name, *args, **kwargs):
        self._check(name)
        return self.archive.open(name, *args, **kwargs)

    def read(self, name) -> bytes:
        self._check(name)
        return self.archive.read(name)

    def __getattr__(self, name):  # namelist, close, filename, ...
        return getattr(self.archive, name)


class _WorkbookReader(ExcelReader):
    """openpyxl's own reader in read-only mode, with shared strings read by
    ``_read_shared_strings``. Every part it loads whole at the start (shared strings, styles,
    the workbook, theme, properties, relationships, chart sheets) may unpack to at most
    ``MAX_LOADED_PART_BYTES``; only the worksheets, which it streams row by row later, may be
    as large as the whole file may unpack to. The parts are told apart by how openpyxl reaches
    them: the worksheets through ``workbook._archive``, everything else through
    ``reader.archive``, so a part named in the content types as shared strings but called
    ``xl/worksheets/sheet1.xml`` is still loaded under the small limit."""

    def __init__(self, source: BinaryIO):
        super().__init__(source, read_only=True, data_only=False, keep_links=False)
        self.archive = _Parts(self.archive, MAX_LOADED_PART_BYTES)

    def read_workbook(self):
        super().read_workbook()
        self.wb._archive = _Parts(self.archive.archive, MAX_UNPACKED_BYTES)

    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _read_shared_strings(source)


# What _WorkbookReader relies on in openpyxl 3.1 (pinned in pyproject.toml).
assert all(hasattr(ExcelReader, name) for name in ("read_workbook", "read_strings", "read"))


def _load_workbook(source: BinaryIO):
    reader = _WorkbookReader(source)
    reader.read()
    return reader.wb


def _refused_by_defusedxml(error: BaseException | None) -> bool:
    """openpyxl wraps the parser's error; look through the chain of causes."""
    while error is not None:
        if type(error).__module__.startswith("defusedxml"):
            return True
        error = error.__cause__ or error.__context__
    return False


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def _xlsx_table(source: BinaryIO, start: bytes) -> Table:
    _check_zip(source, start)
    source.seek(0)
    try:
        workbook = _load_workbook(source)
    except Exception as error:  # openpyxl and defusedxml raise many types for broken files
        if _caused_by(error, _PartTooLarge):
            raise _refused_as_bomb() from None
        if _refused_by_defusedxml(error):
            raise SpreadsheetError(
                _(
                    "The file contains forbidden XML constructs (entity definitions) and was "
                    "refused for safety."
                )
            ) from None
        raise SpreadsheetError(
            _(
                "The file cannot be read as an Excel workbook. Open it in Excel or LibreOffice "
                "and save it again as “Excel workbook (.xlsx)”."
            )
        ) from None
    if not workbook.worksheets:
        workbook.close()
        raise SpreadsheetError(_("The workbook has no worksheet."))
    sheet = workbook.worksheets[0]
    expected = (sheet.max_row - 1) if (sheet.max_row or 0) > 1 else None
    sheet.reset_dimensions()  # the stored dimensions may be wrong; read to the real end
    iterator = sheet.iter_rows()
    try:
        header_cells = next(iterator)
    except StopIteration:
        others = len(workbook.worksheets) > 1
        workbook.close()
        if others:
            raise SpreadsheetError(
                _(
                    "The first sheet (“%(sheet)s”) is empty, and only the first sheet is read. "
                    "Move the sheet with the data to the first position."
                )
                % {"sheet": sheet.title}
            ) from None
        raise SpreadsheetError(_("The first sheet is empty.")) from None
    except Exception:
        workbook.close()
        raise SpreadsheetError(_("The file cannot be read as an Excel workbook.")) from None

    def rows():
        number = 1
        try:
            for number, raw in enumerate(iterator, start=2):
                # Written out, not a call per cell: this runs for every cell of the file. A
                # number shown as a percentage reads as typed ("40 %" is 0.4 in a sheet).
                yield (
                    number,
                    [
                        Cell(
                            _percent_text(value)
                            if type(value := cell.value) in NUMBERS
                            and _percent_format(cell.number_format)
                            else value,
                            formula=getattr(cell, "data_type", "") == "f",
                        )
                        for cell in raw
                    ],
                )
        except Exception as error:
            if _refused_by_defusedxml(error):
                raise SpreadsheetError(
                    _("The file contains forbidden XML constructs and was refused for safety.")
                ) from None
            raise SpreadsheetError(
                _("The file is damaged after row %(row)s and cannot be read to the end.")
                % {"row": number}
            ) from None
        finally:
            workbook.close()

    def elsewhere() -> list[HeadingRow]:
        found = []
        # A damaged sheet ends the search: what was found so far is the hint.
        with contextlib.suppress(Exception):
            for index, other in enumerate(workbook.worksheets[:PEEK_SHEETS]):
                first = 2 if index == 0 else 1
                if index:
                    other.reset_dimensions()  # read no further than asked
                values = other.iter_rows(
                    min_row=first, max_row=PEEK_ROWS, max_col=PEEK_COLUMNS, values_only=True
                )
                found += [
                    HeadingRow(other.title, number, _texts(row))
                    for number, row in enumerate(values, start=first)
                ]
        return found

    table = _table([cell.value for cell in header_cells], rows(), expected, close=workbook.close)
    table.sheet, table._elsewhere = sheet.title, elsewhere
    if not table.headers:
        table.close()
        raise SpreadsheetError(
            _(
                "The first row of sheet “%(sheet)s” is empty. The headings must be in the first "
                "row, as in the template: delete the rows above them."
            )
            % {"sheet": sheet.title}
        )
    return table


@functools.lru_cache(maxsize=128)
def _percent_format(code: str | None) -> bool:
    """Whether a number format shows a percentage: a % that is not quoted text, an escaped
    character or part of a [colour] or [condition]."""
    return bool(code) and "%" in NOT_A_FORMAT_SIGN.sub("", code)


def _percent_text(value: int | float) -> str:
    """A number shown as a percentage as the text a person typed: in LibreOffice and Excel,
    typing "40 %" stores 0.4 with a percent format. 0.4 → "40 %", 0.125 → "12,5 %", 1 →
    "100 %"; a spreadsheet's binary fractions (0.07 * 100 = 7.000000000000001) rounded to what
    a person typed."""
    number = Decimal(f"{value * 100:.6f}").normalize()
    return format(number, "f").replace(".", ",") + " %"


def _encoding(source: BinaryIO) -> tuple[str, int, int]:
    """The file's encoding, its number of lines and where its text begins, read block by block.
    UTF-8 (with or without a byte order mark) if every byte fits, else Windows-1252, which
    German Excel writes as "CSV"."""
    if _utf16(source.read(UTF16_SAMPLE)):
        raise SpreadsheetError(
            _(
                "The file is saved as Unicode text (UTF-16). CSV files are read in UTF-8 "
                "or Windows-1252: in Excel, save it as “CSV UTF-8 (Comma delimited)”; in "
                "LibreOffice, as “Text CSV” with the character set “Unicode (UTF-8)”."
            )
        )
    source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, lines = True, 0
    while block := source.read(BLOCK_SIZE):
        if b"\x00" in block:
            raise SpreadsheetError(
                _(
                    "The file is not a text file and cannot be read as CSV. CSV files are read "
                    "in UTF-8 or Windows-1252: in Excel, save it as “CSV UTF-8 (Comma "
                    "delimited)”."
                )
            )
        lines += block.count(b"\n")
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    source.seek(0)
    marked = source.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    if utf8:
        return "utf-8-sig", lines, 0
    return "cp1252", lines, len(codecs.BOM_UTF8) if marked else 0  # a mark, then other bytes


def _utf16(start: bytes) -> bool:
    """Whether a file's first bytes are UTF-16 (or UTF-32) text, as Excel saves "Unicode
    text": a byte order mark, or, without one, NUL in every other byte (the high byte of
    Latin letters) and hardly anywhere else."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # and the UTF-32 marks
        return True
    even, odd = start[0::2].count(0), start[1::2].count(0)
    half = len(start) // 2
    return half >= 2 and max(even, odd) >= half // 2 and min(even, odd) <= max(even, odd) // 10


def _csv_table(source: BinaryIO) -> Table:
    encoding, lines, start = _encoding(source)
    source.seek(start)
    text = io.TextIOWrapper(source, encoding=encoding, errors="replace", newline="")
    released = False

    def release():
        """Detach the decoder from the caller's file, which closing it would close too."""
        nonlocal released
        if not released and not source.closed:
            text.detach()
        released = True

    try:
        beginning = text.tell()
        first_line = text.readline()
        text.seek(beginning)
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        _allow_cells_as_large_as_a_file()
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise SpreadsheetError(_("The file is empty.")) from None
        except csv.Error:
            raise _unreadable_row(1) from None
        ahead, unreadable = [], []  # rows read to look for the headings; a row that failed

        def rows():
            number = 1
            try:
                later = [] if unreadable else reader
                for number, raw in enumerate(itertools.chain(ahead, later), start=2):
                    yield number, [Cell(_unquote(value)) for value in raw]
            except csv.Error:
                raise _unreadable_row(number + 1) from None
            finally:
                release()
            if unreadable:
                raise _unreadable_row(unreadable[0])

        def elsewhere() -> list[HeadingRow]:
            while not unreadable and len(ahead) < PEEK_ROWS - 1:
                try:
                    ahead.append(next(reader))
                except StopIteration:
                    break
                except csv.Error:
                    unreadable.append(len(ahead) + 2)  # rows() names it in its place
            return [
                HeadingRow(None, number, _texts(raw[:PEEK_COLUMNS]))
                for number, raw in enumerate(ahead, start=2)
            ]

        table = _table(header, rows(), max(lines - 1, 0), close=release)
        table._elsewhere = elsewhere
        if not table.headers:
            raise SpreadsheetError(
                _(
                    "The first line is empty. It must contain the column headings, as in the "
                    "template: delete the lines above them."
                )
            )
        return table
    except BaseException:
        release()
        raise


def _texts(values) -> tuple[str, ...]:
    """A row's cells as text, without the empty ones at its end."""
    texts = [cell_text(value) for value in values]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _allow_cells_as_large_as_a_file() -> None:
    """Python's csv module refuses a cell over 131,072 characters (a limit for the whole
    process); a cell can be as large as the file, which is limited already, and the import then
    checks its length as for any cell, by row and column."""
    csv.field_size_limit(max(csv.field_size_limit(), max_file_size()))


def _unreadable_row(number: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "Row %(row)s cannot be read as CSV. Open the file in Excel or LibreOffice, check "
            "that row and save the file again as “CSV UTF-8 (Comma delimited)”."
        )
        % {"row": number}
    )


def _unquote(value: str) -> str:
    """Our csv export writes '=... for a text starting with a formula sign, and ''=... for one
    starting with '= (see ``workbooks._neutralise``); read it back."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "'"):
        return value[1:]
    return value


def _table(header_values: list, rows, expected: int | None, *, close=None) -> Table:
    """The table; its ``headers`` are empty if the first row is."""
    headers = [cell_text(value) for value in header_values]
    while headers and not headers[-1]:
        headers.pop()
    problems = []
    gaps = [index for index, header in enumerate(headers) if not header]
    if gaps:
        letters = ", ".join(column_letter(index) for index in gaps)
        problems.append(
            _(
                "The heading row has empty cells (column %(columns)s). Merged cells or a title row "
                "above the headings are not allowed: the first row must hold one heading per "
                "column, as in the template."
            )
            % {"columns": letters}
        )
    return Table(
        headers=headers,
        _rows=rows,
        header_problems=problems,
        expected_rows=expected,
        _close=close,
    )


def column_letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index + 1)
