"""How the spreadsheets in tests/data were made: by LibreOffice Calc, from the sources in
tests/data/source (csv typed by hand; a few xlsx drafted with openpyxl for what csv cannot hold:
formulas and merged cells). Run it again after changing a source:

    apt-get install -y libreoffice-calc-nogui
    .venv/bin/python tests/data/make_files.py

CI does not need LibreOffice: the results are committed.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
HEADERS = [
    "Externe ID",
    "Dezernat",
    "Art",
    "Titel",
    "Federführendes Amt",
    "Status",
    "Ziele",
    "Budget (EUR)",
]


def drafts() -> None:
    """Sources that csv cannot express."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(
        [
            "F-1",
            "Dezernat Kultur",
            "Projekt",
            "Formelvorhaben",
            "Kulturamt",
            "in Planung",
            "",
            "=1000*2",
        ]
    )
    book.save(SOURCE / "vorhaben_formel.xlsx")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Vorhaben des Dezernats Kultur"])
    sheet.merge_cells("A1:H1")
    sheet.append(HEADERS)
    sheet.append(
        ["", "Dezernat Kultur", "Projekt", "Mit Titelzeile", "Kulturamt", "in Planung", "", ""]
    )
    book.save(SOURCE / "vorhaben_titelzeile.xlsx")

    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Deckblatt"
    cover.append(["Vorhaben des Dezernats Kultur"])
    cover.append(["Stand: Juni 2026"])
    data = book.create_sheet("Daten")
    data.append(HEADERS)
    data.append(
        ["", "Dezernat Kultur", "Projekt", "Auf Blatt zwei", "Kulturamt", "in Planung", "", ""]
    )
    book.save(SOURCE / "vorhaben_zweites_blatt.xlsx")

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Dezernat", "Titel", None, "Status"])
    sheet.merge_cells("B1:C1")
    sheet.append(["Dezernat Kultur", "Verbundene Überschrift", "", "in Planung"])
    book.save(SOURCE / "vorhaben_verbunden.xlsx")


# Sources read as a German LibreOffice reads what is typed into a cell: there "100 %" is the
# number 1 shown as a percentage (the others keep the default, English reading of numbers).
GERMAN = {"vorhaben_prozent.csv"}


def convert(source: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        command = ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", work]
        if source.suffix == ".csv":
            # 59 = semicolon, 34 = double quote, 76 = UTF-8, 1 = headings in line 1,
            # 1031 = German
            language = ",,1031" if source.name in GERMAN else ""
            command.insert(2, f"--infilter=CSV:59,34,76,1{language}")
        subprocess.run([*command, str(source)], check=True, capture_output=True)
        shutil.move(Path(work) / f"{source.stem}.xlsx", out / f"{source.stem}.xlsx")


if __name__ == "__main__":
    drafts()
    for source in sorted(SOURCE.iterdir()):
        if source.suffix in (".csv", ".xlsx"):
            convert(source, HERE)
            print("made", source.stem + ".xlsx")
