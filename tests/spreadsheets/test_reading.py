"""Reading uploads: every broken or hostile file gets a clear German message, nothing else."""

import codecs
import contextlib
import csv
import gc
import io
import random
import struct
import tracemalloc
import zipfile
import zlib

import pytest
import xlsxwriter

from core.excel import write_xlsx
from spreadsheets.reading import SpreadsheetError, open_table
from tests.spreadsheets.conftest import data_file


def _rows(table):
    return [(number, [cell.value for cell in cells]) for number, cells in table.rows()]


def test_libreoffice_workbook_is_read_row_by_row_and_skips_empty_rows():
    table = open_table(data_file("vorhaben_gut.xlsx"), "vorhaben_gut.xlsx")
    assert table.headers[:4] == ["Externe ID", "Dezernat", "Art", "Titel"]
    numbers = [number for number, _cells in _rows(table)]
    assert numbers == [2, 4, 5]  # row 3 is empty; the numbers are the spreadsheet's own


def test_formula_cells_are_marked():
    table = open_table(data_file("vorhaben_formel.xlsx"), "vorhaben_formel.xlsx")
    _number, cells = next(table.rows())
    budget = cells[table.headers.index("Budget (EUR)")]
    assert budget.formula
    assert budget.value == "=1000*2"


def test_percentages_typed_in_libreoffice_are_read_as_typed():
    table = open_table(data_file("vorhaben_prozent.xlsx"), "vorhaben_prozent.xlsx")
    progress = table.headers.index("Fortschritt (%)")
    assert [cells[progress] for _number, cells in _rows(table)] == ["100 %", "5 %", 40]


@pytest.mark.parametrize(
    ("value", "number_format", "read"),
    [(0.125, "0.0%", "12,5 %"), (0.07, "0%", "7 %"), (7, '0" %"', 7), (0.5, "[Red]0.00", 0.5)],
)
def test_a_number_reads_as_a_percentage_only_when_its_format_shows_one(value, number_format, read):
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Fortschritt (%)"])
        sheet.write_number(1, 0, value, workbook.add_format({"num_format": number_format}))
    assert _rows(open_table(buffer.getvalue(), "x.xlsx")) == [(2, [read])]


def test_merged_heading_cells_are_named_with_their_column():
    table = open_table(data_file("vorhaben_verbunden.xlsx"), "vorhaben_verbunden.xlsx")
    assert "(column C)" in table.header_problems[0] or "(Spalte C)" in table.header_problems[0]


def test_title_row_above_the_headings_is_explained():
    table = open_table(data_file("vorhaben_titelzeile.xlsx"), "vorhaben_titelzeile.xlsx")
    assert table.headers == ["Vorhaben des Dezernats Kultur"]


@pytest.mark.parametrize("name", ["vorhaben_cp1252.csv", "vorhaben_komma.csv"])
def test_csv_in_windows_1252_or_utf8_with_comma_or_semicolon(name):
    table = open_table(data_file(name), name)
    assert table.headers[5] == "Federführendes Amt"
    rows = _rows(table)
    assert rows[1][1][3].strip() == "Öffnungszeiten für Bühnen und Säle"
    assert rows[1][1][10] == "Daten; Netze"  # a quoted separator stays inside its cell


def test_empty_file():
    with pytest.raises(SpreadsheetError, match=r"leer|empty"):
        open_table(b"", "leer.xlsx")


def test_text_file_renamed_to_xlsx():
    with pytest.raises(SpreadsheetError, match=r"keine Excel-Arbeitsmappe|not an Excel workbook"):
        open_table(data_file("source/aemter.csv"), "aemter.xlsx")


def test_old_excel_or_encrypted_file():
    with pytest.raises(SpreadsheetError, match=r"\.xls"):
        open_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "alt.xlsx")


def test_truncated_workbook():
    data = data_file("vorhaben_gut.xlsx")
    with pytest.raises(SpreadsheetError, match=r"beschädigt|damaged"):
        open_table(data[: len(data) // 2], "kaputt.xlsx")


def test_zip_bomb_is_refused_before_unpacking():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match=r"Sicherheit|safety"):
        open_table(buffer.getvalue(), "bombe.xlsx")


def _libreoffice_workbook_with(parts: dict[str, bytes], stored: dict[str, bytes] | None = None):
    """tests/data/vorhaben_gut.xlsx (made by LibreOffice) with parts replaced or added;
    ``stored`` parts are added without compression."""
    source = zipfile.ZipFile(io.BytesIO(data_file("vorhaben_gut.xlsx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, parts.pop(item.filename, source.read(item.filename)))
        for name, data in parts.items():
            archive.writestr(name, data)
        for name, data in (stored or {}).items():
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_STORED)
    return buffer.getvalue()


def _shared_strings(further: bytes) -> bytes:
    """The workbook's own shared strings, then ``further`` ones."""
    original = zipfile.ZipFile(io.BytesIO(data_file("vorhaben_gut.xlsx")))
    head, tail = original.read("xl/sharedStrings.xml").rsplit(b"</sst>", 1)
    return head + further + b"</sst>" + tail


def _unique_strings(count: int) -> bytes:
    """Strings that compress as text does (about 2:1), not as a bomb."""
    rng = random.Random(7)
    return b"".join(b"<si><t>%x</t></si>" % rng.getrandbits(64) for _n in range(count))


def test_a_bomb_beside_a_large_stored_member_is_refused():
    """The stored random bytes keep the ratio of the whole archive plausible (about 3:1);
    the shared strings alone unpack to 3 MB, 400 times their size (scaled down from 440 MB)."""
    data = _libreoffice_workbook_with(
        {"xl/sharedStrings.xml": _shared_strings(b"<si><t>x</t></si>" * 185_000)},
        stored={"xl/media/image1.png": random.Random(1).randbytes(1_500_000)},
    )
    with pytest.raises(SpreadsheetError, match=r"Sicherheit|safety"):
        open_table(data, "bombe.xlsx")


def test_a_part_loaded_whole_over_its_limit_is_refused(monkeypatch):
    monkeypatch.setattr("spreadsheets.reading.MAX_LOADED_PART_BYTES", 200_000)
    strings = _shared_strings(_unique_strings(20_000))  # 500 KB, plausibly compressed
    data = _libreoffice_workbook_with({"xl/sharedStrings.xml": strings})
    with pytest.raises(SpreadsheetError, match=r"Sicherheit|safety"):
        open_table(data, "gross.xlsx")


def test_the_small_limit_follows_what_a_part_is_not_its_name(monkeypatch):
    """Shared strings under a worksheet's name are still loaded whole, and limited as such."""
    monkeypatch.setattr("spreadsheets.reading.MAX_LOADED_PART_BYTES", 200_000)
    original = zipfile.ZipFile(io.BytesIO(data_file("vorhaben_gut.xlsx")))
    types = original.read("[Content_Types].xml").replace(
        b"/xl/sharedStrings.xml", b"/xl/worksheets/sheet2.xml"
    )
    data = _libreoffice_workbook_with(
        {
            "[Content_Types].xml": types,
            "xl/sharedStrings.xml": b"",
            "xl/worksheets/sheet2.xml": _shared_strings(_unique_strings(20_000)),
        }
    )
    with pytest.raises(SpreadsheetError, match=r"Sicherheit|safety"):
        open_table(data, "verkleidet.xlsx")


def test_a_worksheet_over_the_small_limit_is_streamed(monkeypatch):
    monkeypatch.setattr("spreadsheets.reading.MAX_LOADED_PART_BYTES", 50_000)
    data = _workbook_with(3_000)  # its worksheet unpacks to about 300 KB
    assert len(_rows(open_table(data, "lang.xlsx"))) == 3_000


def test_zipfile_yields_no_more_than_a_member_declares():
    """What the size checks rely on: a member whose zip directory understates its size (with a
    checksum that matches the part declared) gives that much and no more."""
    content = b"<row/>" * 200_000
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", content)
    data = bytearray(buffer.getvalue())
    directory = data.rindex(b"PK\x01\x02")  # the member's entry in the central directory
    struct.pack_into("<I", data, directory + 16, zlib.crc32(content[:100]))
    struct.pack_into("<I", data, directory + 24, 100)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 100
        with archive.open("xl/worksheets/sheet1.xml") as member:
            assert member.read() == content[:100]


def test_a_workbook_without_a_worksheet_is_named():
    workbook = zipfile.ZipFile(io.BytesIO(data_file("vorhaben_gut.xlsx"))).read("xl/workbook.xml")
    start, end = workbook.index(b"<sheets>"), workbook.index(b"</sheets>") + len(b"</sheets>")
    data = _libreoffice_workbook_with(
        {"xl/workbook.xml": workbook[:start] + b"<sheets/>" + workbook[end:]}
    )
    with pytest.raises(SpreadsheetError, match="kein Tabellenblatt"):
        open_table(data, "leer.xlsx")


def test_xml_entity_expansion_is_refused():
    """A real workbook whose shared strings carry a 'billion laughs' entity definition."""
    source = zipfile.ZipFile(io.BytesIO(data_file("vorhaben_gut.xlsx")))
    buffer = io.BytesIO()
    attack = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>&lol2;</t></si></sst>'
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = attack.encode()
            archive.writestr(item, data)
    with pytest.raises(SpreadsheetError, match="XML"):
        open_table(buffer.getvalue(), "angriff.xlsx")


def test_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    with pytest.raises(SpreadsheetError, match="MB"):
        open_table(data_file("vorhaben_gut.xlsx"), "gross.xlsx")


def test_other_file_types_are_named():
    with pytest.raises(SpreadsheetError, match=r"\.xlsx"):
        open_table(b"%PDF-1.7", "bericht.pdf")


def test_inline_strings_read_as_openpyxl_reads_them():
    from defusedxml.ElementTree import fromstring
    from openpyxl.cell.text import Text

    from spreadsheets.reading import _InlineText

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    for xml in (
        f'<is xmlns="{ns}"><t>Kulturamt</t></is>',
        f'<is xmlns="{ns}"><r><t>Kultur</t></r><r><rPr><b/></rPr><t>amt</t></r></is>',
        f'<is xmlns="{ns}"><t>Tō</t><rPh sb="0" eb="1"><t>とう</t></rPh></is>',
        f'<is xmlns="{ns}"></is>',
    ):
        node = fromstring(xml)
        assert _InlineText.from_tree(node).content == Text.from_tree(node).content


def test_libreoffice_shared_strings_are_read_with_escapes_undone():
    table = open_table(data_file("maskierte_texte.xlsx"), "maskierte_texte.xlsx")
    assert {title: text for _number, (title, text) in _rows(table)} == {
        "A": "_x0041_",  # LibreOffice writes _x005F_x0041_
        "B": "Steuer\x01zeichen",  # written Steuer_x0001_zeichen
        "C": "Zeile eins\nZeile zwei",
        "D": "<r><t>x</t></r>",
        "E": "Tab\tinnen",
    }


def test_exported_inline_strings_are_read_with_escapes_undone():
    texts = ["_x0041_", "_x005F_x0041_", "Zeile eins\r\nZeile zwei", "a\x01b", "_xABCD\x01"]
    data = write_xlsx(title="Test", headers=["Text"], rows=[[text] for text in texts])
    assert [cells[0] for _number, cells in _rows(open_table(data, "x.xlsx"))] == texts


def test_csv_encoding_is_decided_by_the_whole_file(monkeypatch):
    monkeypatch.setattr("spreadsheets.reading.BLOCK_SIZE", 8)
    utf8 = "Titel;Amt\nBühne;Theater\n".encode()
    assert _rows(open_table(utf8, "x.csv")) == [(2, ["Bühne", "Theater"])]  # "ü" spans two blocks
    windows = "Titel;Amt\nBuehne;Theater\nGrün;Säle\n".encode("cp1252")
    assert _rows(open_table(windows, "x.csv"))[-1] == (3, ["Grün", "Säle"])
    with_mark = "\ufeffTitel;Amt\nBühne;Theater\n".encode()
    assert open_table(with_mark, "x.csv").headers == ["Titel", "Amt"]


@pytest.mark.parametrize("name", ["vorhaben_gut.xlsx", "vorhaben_komma.csv"])
def test_an_open_file_is_read_where_it_lies_and_left_open(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(data_file(name))
    with path.open("rb") as source:
        rows = _rows(open_table(source, name))
        assert not source.closed
    assert rows == _rows(open_table(data_file(name), name))


def _workbook_with(rows: int) -> bytes:
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Titel", "Amt", "Budget"])
        for number in range(1, rows + 1):
            sheet.write_row(number, 0, [f"Vorhaben {number}", "Kulturamt", number])
    return buffer.getvalue()


def _peak_while_reading(data: bytes) -> int:
    table = open_table(data, "x.xlsx")
    tracemalloc.start()
    try:
        for _row in table.rows():
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_memory_does_not_grow_with_the_rows():
    few, many = _workbook_with(1_000), _workbook_with(20_000)
    _peak_while_reading(few)  # caches warm
    growth = _peak_while_reading(many) - _peak_while_reading(few)
    assert growth < 100_000  # openpyxl alone keeps ~80 bytes a row: 1.5 MB here


def test_looking_for_the_headings_elsewhere_reads_a_few_rows_of_each_sheet():
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as workbook:
        for name in ("Erstes", "Zweites"):
            sheet = workbook.add_worksheet(name)
            for number in range(20_000):
                sheet.write_row(number, 0, [f"{name} {number}", "Kulturamt"])
    table = open_table(buffer.getvalue(), "x.xlsx")
    tracemalloc.start()
    try:
        found = table.rows_elsewhere()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(row.sheet, row.row) for row in found] == [
        *(("Erstes", number) for number in range(2, 11)),
        *(("Zweites", number) for number in range(1, 11)),
    ]
    assert found[-1].cells == ("Zweites 9", "Kulturamt")
    assert peak < 2_000_000  # reading either sheet whole would take far more


def test_every_row_is_still_read_while_rows_leave_the_tree():
    rows = _rows(open_table(_workbook_with(3_000), "x.xlsx"))  # rows span many parser feeds
    assert len(rows) == 3_000
    assert rows[0] == (2, ["Vorhaben 1", "Kulturamt", 1])
    assert rows[-1] == (3_001, ["Vorhaben 3000", "Kulturamt", 3_000])


def test_a_csv_cell_longer_than_pythons_csv_limit_is_read():
    text = "Bericht " * 25_000  # 200,000 characters; Python's csv module stops at 131,072
    data = f'Titel;Beschreibung\nLang;"{text}"\nKurz;kurz\n'.encode()
    assert _rows(open_table(data, "x.csv")) == [(2, ["Lang", text]), (3, ["Kurz", "kurz"])]


@pytest.fixture
def small_csv_cells(monkeypatch):
    """Python's csv module with a small limit for a cell (one of the errors it may raise)."""
    monkeypatch.setattr("spreadsheets.reading._allow_cells_as_large_as_a_file", lambda: None)
    previous = csv.field_size_limit(100)
    yield
    csv.field_size_limit(previous)


@pytest.mark.usefixtures("small_csv_cells")
def test_a_csv_row_the_csv_module_cannot_read_is_named():
    data = ("Titel;Beschreibung\nKurz;kurz\nLang;" + "x" * 200 + "\n").encode()
    with pytest.raises(SpreadsheetError, match="Zeile 3"):
        _rows(open_table(data, "x.csv"))


UNICODE_TEXT = "Titel\tFederführendes Amt\r\nDigitale Ausleihe\tKulturamt\r\n"


@pytest.mark.parametrize(
    "data",
    [
        UNICODE_TEXT.encode("utf-16"),  # what Excel saves as "Unicode text": with a mark
        UNICODE_TEXT.encode("utf-16-le"),
        UNICODE_TEXT.encode("utf-16-be"),
    ],
    ids=["with-mark", "little-endian", "big-endian"],
)
def test_a_utf16_csv_is_named_with_the_encodings_read_and_how_to_save_it(data):
    with pytest.raises(SpreadsheetError) as refused:
        open_table(data, "unicode.csv")
    assert "UTF-16" in str(refused.value)
    assert "UTF-8 oder Windows-1252" in str(refused.value)
    assert "„CSV UTF-8 (durch Trennzeichen getrennt)“" in str(refused.value)


def test_a_binary_file_named_csv_names_the_encodings_read():
    with pytest.raises(SpreadsheetError, match=r"keine Textdatei.*UTF-8 oder Windows-1252"):
        open_table(b"%PDF-1.7\n\x00\x00\x01\x00\x00\x00binary", "bericht.csv")


def test_a_byte_order_mark_before_windows_1252_text_is_dropped():
    data = codecs.BOM_UTF8 + "Titel;Amt\nGrün;Säle\n".encode("cp1252")
    table = open_table(data, "x.csv")
    assert table.headers == ["Titel", "Amt"]
    assert _rows(table) == [(2, ["Grün", "Säle"])]


@pytest.mark.parametrize("content", ["Titel;Amt\nBühne;Theater\n", "\n\n"])
def test_a_csv_table_closed_early_leaves_the_file_open(content):
    source = io.BytesIO(content.encode())
    with contextlib.suppress(SpreadsheetError):  # the empty heading row
        open_table(source, "x.csv").close()
    gc.collect()
    assert not source.closed
