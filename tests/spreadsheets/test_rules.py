"""Rules of the import that guard against subtle mistakes, with small CSV files as a user
might save them from Excel."""

import datetime
import io
import unicodedata
from decimal import Decimal

import openpyxl
import pytest

from organisation.models import Department
from projects.models import Project
from spreadsheets.services import run_file
from spreadsheets.widgets import (
    GermanDateWidget,
    GermanDecimalWidget,
    GermanIntegerWidget,
    TextWidget,
)


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _messages(report):
    return [(error.row, error.column, error.message) for error in report.errors]


@pytest.mark.django_db
def test_two_rows_may_not_change_the_same_project(city, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(external_id="KU-1")
    data = _csv(
        "Externe ID;Dezernat;Titel",
        "KU-1;Dezernat Kultur;Digitale Ausleihe 2.0",  # by external ID: renames it
        ";Dezernat Kultur;Digitale Ausleihe",  # by its old title: the same project
    )
    report = run_file(kind="vorhaben", data=data, file_name="x.csv", apply=True)
    assert not report.applied
    assert "Zeile 2 ändert bereits diesen Eintrag" in _messages(report)[0][2]
    assert Project.objects.count() == 1


@pytest.mark.django_db
def test_new_departments_may_not_share_a_number_within_the_file(db):
    data = _csv(
        "Nummer;Name;Kurzname",
        "IX;Dezernat Eins;Eins",
        "IX;Dezernat Zwei;Zwei",
    )
    report = run_file(kind="dezernate", data=data, file_name="d.csv", apply=True)
    assert _messages(report) == [
        (3, "Nummer", "Zeile 2 hat hier bereits „IX“; jeder Eintrag braucht einen eigenen.")
    ]
    assert not Department.objects.exists()


@pytest.mark.django_db
def test_apply_refuses_when_a_previewed_value_changed_meanwhile(city, kultur_project):
    data = _csv("Dezernat;Titel;Beschreibung", "Dezernat Kultur;Digitale Ausleihe;Aus der Datei")
    preview = run_file(kind="vorhaben", data=data, file_name="x.csv", apply=False)
    Project.objects.filter(pk=kultur_project.pk).update(description="Inzwischen geändert")
    from spreadsheets.engine import import_table
    from spreadsheets.reading import open_table
    from spreadsheets.registry import TYPES

    report = import_table(TYPES["vorhaben"].resource(), open_table(data, "x.csv"), apply=True,
                          expected=preview.summary())  # fmt: skip
    assert report.outdated
    assert not report.applied
    assert Project.objects.get(pk=kultur_project.pk).description == "Inzwischen geändert"


def test_a_year_typed_as_a_number_is_not_a_date():
    with pytest.raises(ValueError, match="kein Datum"):
        GermanDateWidget().clean(2026)
    assert GermanDateWidget().clean(46387) == datetime.date(2026, 12, 31)  # Excel serial


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.234,56", Decimal("1234.56")), ("12500", Decimal("12500")), ("1.234", Decimal("1234")),
     (0.30000000000000004, Decimal("0.3")), ("8.000,00 €", Decimal("8000.00"))],
)  # fmt: skip
def test_amounts_as_german_offices_write_them(cell, expected):
    assert GermanDecimalWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["viel", "Infinity", "NaN", "1e999999999", float("inf")])
def test_impossible_amounts_are_refused(cell):
    with pytest.raises(ValueError, match="keine Zahl"):
        GermanDecimalWidget().clean(cell)


@pytest.mark.parametrize(("cell", "expected"), [("40", 40), (40.0, 40), ("40 %", 40), ("7%", 7)])
def test_whole_numbers(cell, expected):
    assert GermanIntegerWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["12,5", "1e999999999", "vierzig"])
def test_not_whole_numbers(cell):
    with pytest.raises(ValueError, match="keine ganze Zahl"):
        GermanIntegerWidget().clean(cell)


def test_free_text_keeps_its_decomposed_form():
    decomposed = unicodedata.normalize("NFD", " Café mit Bühne ")
    assert TextWidget().clean(decomposed) == decomposed.strip()


@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "written"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_title_names_its_project_however_its_accents_are_composed(city, stored, written):
    title = "Café für Bühnen"
    project = Project.objects.create(
        department=city["kultur"], title=unicodedata.normalize(stored, title)
    )
    data = _csv(
        "Dezernat;Titel;Status",
        f"Dezernat Kultur;{unicodedata.normalize(written, title)};in Umsetzung",
    )
    report = run_file(kind="vorhaben", data=data, file_name="x.csv", apply=True)
    assert (report.new, report.changed) == (0, 1), report.errors
    assert Project.objects.get().pk == project.pk


@pytest.mark.django_db
@pytest.mark.parametrize(("stored", "written"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_status_update_names_its_project_however_its_accents_are_composed(city, stored, written):
    title = "Café für Bühnen"
    Project.objects.create(department=city["kultur"], title=unicodedata.normalize(stored, title))
    data = _csv(
        "Dezernat;Vorhaben;Datum;Fortschritt (%);Bericht",
        f"Dezernat Kultur;{unicodedata.normalize(written, title)};30.06.2026;40;Läuft",
    )
    report = run_file(kind="statusmeldungen", data=data, file_name="x.csv", apply=True)
    assert report.new == 1, report.errors


@pytest.mark.django_db
def test_headings_under_a_title_line_of_a_csv_file_are_pointed_out(city):
    data = _csv("Vorhaben 2026", "", "Dezernat;Titel;Status", "Dezernat Kultur;Neu;in Planung")
    report = run_file(kind="vorhaben", data=data, file_name="x.csv", apply=False)
    assert report.errors[0].message == (
        "Die Überschriften stehen in Zeile 3, gelesen wird aber nur die erste Zeile. Löschen Sie "
        "die Zeilen darüber."
    )


@pytest.mark.django_db
def test_headings_under_a_title_row_of_a_later_sheet_are_pointed_out(city):
    book = openpyxl.Workbook()
    book.active.title = "Hinweise"
    book.active.append(["Bitte ausfüllen"])
    data = book.create_sheet("Vorhaben 2026")
    data.append(["Vorhaben des Dezernats Kultur"])
    data.append(["Dezernat", "Titel", "Status"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_file(kind="vorhaben", data=buffer.getvalue(), file_name="x.xlsx", apply=False)
    assert report.errors[0].message == (
        "Die Überschriften stehen in Zeile 2 des Blatts „Vorhaben 2026“, gelesen wird aber nur "
        "die erste Zeile des ersten Blatts („Hinweise“). Verschieben Sie „Vorhaben 2026“ an die "
        "erste Stelle und löschen Sie die Zeilen über den Überschriften."
    )


@pytest.mark.django_db
def test_an_empty_first_sheet_says_that_only_the_first_sheet_is_read(city):
    book = openpyxl.Workbook()
    book.active.title = "Tabelle1"
    book.create_sheet("Tabelle2").append(["Dezernat", "Titel"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_file(kind="vorhaben", data=buffer.getvalue(), file_name="x.xlsx", apply=False)
    assert "Das erste Blatt („Tabelle1“) ist leer" in report.errors[0].message


@pytest.mark.django_db
def test_an_empty_first_row_says_to_delete_the_rows_above_the_headings(city):
    book = openpyxl.Workbook()
    book.active.title = "Tabelle1"
    book.active.append([])
    book.active.append(["Dezernat", "Titel"])
    book.active["A2"] = "Dezernat"
    buffer = io.BytesIO()
    book.save(buffer)
    report = run_file(kind="vorhaben", data=buffer.getvalue(), file_name="x.xlsx", apply=False)
    assert "Die erste Zeile des Blatts „Tabelle1“ ist leer" in report.errors[0].message
