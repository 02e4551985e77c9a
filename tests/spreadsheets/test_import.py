"""Importing real spreadsheets: what is created and changed, what is refused and why, and that
a refused file leaves the database exactly as it was."""

import datetime
from decimal import Decimal

import pytest
from django.db import OperationalError

from organisation.models import OrgUnit
from projects.models import Project, StatusUpdate
from spreadsheets.services import run_file
from tests.spreadsheets.conftest import data_file


def _import(name, kind="vorhaben", apply=True, user=None):
    return run_file(kind=kind, data=data_file(name), file_name=name, apply=apply, user=user)


def _snapshot():
    return sorted(
        Project.objects.values_list("pk", "title", "status", "budget", "progress", "version")
    )


def _messages(report):
    return {(error.row, error.column): error.message for error in report.errors}


# --- a good file -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_preview_reports_new_rows_and_changes_nothing(city, kultur_project):
    before = _snapshot()
    report = _import("vorhaben_gut.xlsx", apply=False)
    assert report.ok, report.errors
    assert (report.rows, report.new, report.changed, report.unchanged) == (3, 2, 1, 0)
    assert _snapshot() == before


@pytest.mark.django_db
def test_good_file_creates_and_updates_with_german_values(city, kultur_project, admin_user):
    report = _import("vorhaben_gut.xlsx", user=admin_user)
    assert report.applied, report.errors
    ausleihe = Project.objects.get(pk=kultur_project.pk)  # matched by department + title
    assert ausleihe.external_id == "KU-1"
    assert ausleihe.status == Project.Status.IMPLEMENTATION  # by its label "In Umsetzung"
    assert ausleihe.budget == Decimal("12500.50")  # a real number cell
    assert ausleihe.start_date == datetime.date(2026, 3, 1)  # a real date cell
    assert ausleihe.end_date == datetime.date(2027, 12, 31)  # a date typed as text
    assert [u.name for u in ausleihe.participating_units.all()] == [
        "Leipziger Städtische Bibliotheken"
    ]
    assert ausleihe.version == kultur_project.version + 1

    hours = Project.objects.get(external_id="KU-2")
    assert hours.title == "Öffnungszeiten für Bühnen und Säle"  # whitespace trimmed
    assert hours.kind == Project.Kind.PROCESS
    assert hours.status == Project.Status.PLANNING  # by its code " planung"
    assert hours.budget == Decimal("8000.00")  # "8.000,00" as text
    assert hours.lead_unit.name == "Kulturamt"
    assert hours.confidential is True
    assert {f.name for f in hours.fields_of_action.all()} == {"Daten", "Netze"}
    assert hours.goals.count() == 2
    assert hours.created_by == admin_user

    sozialpass = Project.objects.get(title="Online-Antrag Sozialpass")
    assert sozialpass.department.short_name == "Soziales"
    assert sozialpass.progress == 100


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time(city, kultur_project):
    assert _import("vorhaben_gut.xlsx").applied
    before = _snapshot()
    again = _import("vorhaben_gut.xlsx")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["vorhaben_cp1252.csv", "vorhaben_komma.csv"])
def test_csv_files_import_like_the_workbook(city, name):
    report = _import(name)
    assert report.applied, report.errors
    assert Project.objects.get(external_id="KU-2").title == "Öffnungszeiten für Bühnen und Säle"


@pytest.mark.django_db
def test_percentages_typed_in_libreoffice_are_imported_as_percent(city):
    report = _import("vorhaben_prozent.xlsx")
    assert report.applied, report.errors
    progress = dict(Project.objects.values_list("external_id", "progress"))
    assert progress == {"P-1": 100, "P-2": 5, "P-3": 40}


@pytest.mark.django_db
def test_history_names_the_importing_user_and_the_file(city, kultur_project, rds_user):
    _import("vorhaben_gut.xlsx", user=rds_user)
    record = Project.objects.get(pk=kultur_project.pk).history.first()
    assert record.history_user == rds_user
    assert record.history_type == "~"
    assert "vorhaben_gut.xlsx" in record.history_change_reason
    assert [u.orgunit.name for u in record.participating_units.all()] == [
        "Leipziger Städtische Bibliotheken"
    ]  # the links as they are after the import
    created = Project.objects.get(external_id="KU-2").history.get()
    assert created.history_type == "+"
    assert created.history_user == rds_user
    assert created.goals.count() == 2


@pytest.mark.django_db
def test_preview_lists_field_level_before_and_after(city, kultur_project):
    report = _import("vorhaben_gut.xlsx", apply=False)
    change = next(c for c in report.changes if c.action == "changed")
    fields = {column: (before, after) for column, before, after in change.fields}
    assert fields["Status"] == ("in Planung", "in Umsetzung")
    assert fields["Externe ID"] == ("", "KU-1")
    assert fields["Beteiligte Ämter"] == ("", "Leipziger Städtische Bibliotheken")


# --- bad rows --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_saved(city, kultur_project):
    before = _snapshot()
    report = _import("vorhaben_fehler.xlsx")
    assert not report.applied
    messages = _messages(report)
    assert "„Irgendwie“ ist kein zulässiger Wert" in messages[(2, "Status")]
    assert "in Planung" in messages[(2, "Status")]  # the allowed labels are listed
    assert "„Weltfrieden“" in messages[(3, "Ziele")]
    assert "„Stadtkasse“ im „Dezernat Kultur“ ist unbekannt" in messages[(4, "Federführendes Amt")]
    assert "31.12.2026" in messages[(5, "Beginn")]
    assert "„viel“ ist keine Zahl" in messages[(6, "Budget (EUR)")]
    assert "Zeile 7" in messages[(8, "")]  # the duplicate points at its first occurrence
    assert "100" in messages[(9, "Fortschritt (%)")]
    assert "nicht leer" in messages[(10, "Titel")]
    assert report.invalid_rows == 8
    assert _snapshot() == before


@pytest.mark.django_db
def test_formula_cells_are_refused(city):
    report = _import("vorhaben_formel.xlsx")
    assert not report.applied
    assert "Formel (=1000*2)" in _messages(report)[(2, "Budget (EUR)")]
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_unknown_and_missing_columns(city):
    report = _import("vorhaben_spalten.xlsx")
    messages = _messages(report)
    assert "„Budjet“ (B) ist unbekannt" in messages[(1, "Budjet")]
    assert "fehlt" in messages[(1, "Titel")]
    assert report.rows == 0  # no row is read when the headings are wrong
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_merged_heading_cells(city):
    report = _import("vorhaben_verbunden.xlsx")
    assert "Verbundene Zellen" in report.errors[0].message
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_headings_under_a_title_row_are_pointed_out(city):
    report = _import("vorhaben_titelzeile.xlsx")
    assert report.errors[0].message == (
        "Die Überschriften stehen in Zeile 2 des Blatts „Sheet“, gelesen wird aber nur die "
        "erste Zeile. Löschen Sie die Zeilen darüber."
    )
    assert "„Vorhaben des Dezernats Kultur“ (A) ist unbekannt" in report.errors[1].message
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_headings_on_a_second_sheet_are_pointed_out(city):
    report = _import("vorhaben_zweites_blatt.xlsx")
    assert report.errors[0].message == (
        "Die Überschriften stehen auf dem Blatt „Daten“, gelesen wird aber nur das erste Blatt "
        "(„Deckblatt“). Verschieben Sie „Daten“ an die erste Stelle."
    )
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_unknown_columns_say_which_row_is_read(city):
    report = _import("vorhaben_spalten.xlsx")
    assert report.errors[0].message == (
        "Die Überschriften werden aus der ersten Zeile des ersten Blatts („vorhaben_spalten“) "
        "gelesen."
    )


@pytest.mark.django_db
def test_a_row_of_a_department_the_user_may_not_edit_is_refused(city, coordinator):
    """The shell and the services apply the importing user's rights row by row."""
    report = _import("vorhaben_gut.xlsx", user=coordinator)
    assert _messages(report)[(5, "")] == "Sie dürfen Einträge dieses Dezernats nicht ändern."
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_external_id_of_another_project_is_a_conflict(city, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(external_id="ALT-1")
    report = _import("vorhaben_gut.xlsx")
    assert "bereits die externe ID „ALT-1“" in _messages(report)[(2, "Externe ID")]


# --- other types -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_status_updates_import_and_carry_the_latest_to_the_project(city, kultur_project):
    report = _import("statusmeldungen.xlsx", kind="statusmeldungen")
    assert report.applied, report.errors
    assert StatusUpdate.objects.filter(project=kultur_project).count() == 2
    kultur_project.refresh_from_db()
    assert kultur_project.last_reported_on == datetime.date(2026, 6, 30)
    assert kultur_project.traffic_light == "gefaehrdet"
    assert kultur_project.progress == 45
    again = _import("statusmeldungen.xlsx", kind="statusmeldungen")
    assert (again.new, again.unchanged) == (0, 2)


@pytest.mark.django_db
def test_status_updates_of_an_unknown_project(city):
    report = _import("statusmeldungen.xlsx", kind="statusmeldungen")
    assert "„Digitale Ausleihe“" in _messages(report)[(2, "Vorhaben")]
    assert not StatusUpdate.objects.exists()


@pytest.mark.django_db
def test_offices_with_quotes_and_umlauts(kultur):
    report = _import("aemter.xlsx", kind="aemter")
    assert (report.new, report.unchanged) == (1, 1), report.errors
    school = OrgUnit.objects.get(name="Musikschule „Johann Sebastian Bach“")
    assert school.kind == OrgUnit.Kind.MUNICIPAL_ENTERPRISE
    assert school.department == kultur


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("leer.xlsx", b""),
        ("kein_excel.xlsx", b"Externe ID;Titel\nA;B\n"),
        ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64),
        ("bericht.pdf", b"%PDF-1.7"),
    ],
)
def test_unreadable_files_leave_the_database_unchanged(city, kultur_project, name, data):
    before = _snapshot()
    report = run_file(kind="vorhaben", data=data, file_name=name, apply=True)
    assert not report.applied
    assert report.errors[0].row is None  # a message about the file, not a row
    assert _snapshot() == before


# --- the database, not the file --------------------------------------------------------------
def _unreachable(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_an_outage_while_writing_is_reported_as_such_not_as_errors_in_the_file(city, monkeypatch):
    monkeypatch.setattr("spreadsheets.bulk.create", _unreachable)
    report = _import("vorhaben_gut.xlsx")
    assert report.database_unreachable
    assert not report.applied
    assert [(e.row, e.column) for e in report.errors] == [(None, "")]
    assert "Datenbank war nicht erreichbar" in report.errors[0].message
    assert "später erneut" in report.errors[0].message
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_an_outage_while_checking_is_reported_as_such(city, monkeypatch):
    monkeypatch.setattr("spreadsheets.resources.SpreadsheetResource.fetch_existing", _unreachable)
    report = _import("vorhaben_gut.xlsx", apply=False)
    assert report.database_unreachable
    assert "Datenbank war nicht erreichbar" in report.errors[0].message
