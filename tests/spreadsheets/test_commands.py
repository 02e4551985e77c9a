"""manage.py import_data / export_data, as an administrator uses them from the shell."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from projects.models import Project
from tests.spreadsheets.conftest import DATA


@pytest.mark.django_db
def test_dry_run_reports_and_changes_nothing(city):
    out = StringIO()
    call_command("import_data", "vorhaben", str(DATA / "vorhaben_gut.xlsx"), "--dry-run",
                 stdout=out)  # fmt: skip
    assert "3 Zeilen: 3 neu, 0 geändert, 0 unverändert, 0 Fehler." in out.getvalue()
    assert "Probelauf" in out.getvalue()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_verbose_dry_run_lists_the_rows_in_german(city, kultur_project):
    out = StringIO()
    call_command("import_data", "vorhaben", str(DATA / "vorhaben_gut.xlsx"), "--dry-run",
                 verbosity=2, stdout=out)  # fmt: skip
    assert "Zeile 2: geändert" in out.getvalue()
    assert "Zeile 4: neu" in out.getvalue()


@pytest.mark.django_db
def test_import_records_the_named_user(city, admin_user):
    call_command("import_data", "vorhaben", str(DATA / "vorhaben_gut.xlsx"), "--user",
                 admin_user.username, stdout=StringIO())  # fmt: skip
    assert Project.objects.count() == 3
    assert Project.objects.get(external_id="KU-1").history.get().history_user == admin_user


@pytest.mark.django_db
def test_errors_exit_non_zero_with_the_report(city):
    err = StringIO()
    with pytest.raises(CommandError, match="nichts importiert"):
        call_command("import_data", "vorhaben", str(DATA / "vorhaben_fehler.xlsx"),
                     stdout=StringIO(), stderr=err)  # fmt: skip
    assert "Zeile 3, Ziele: Ziel „Weltfrieden“ ist unbekannt" in err.getvalue()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_export_and_template(city, kultur_project, tmp_path):
    call_command("export_data", "vorhaben", str(tmp_path / "v.csv"), stdout=StringIO())
    assert "Digitale Ausleihe" in (tmp_path / "v.csv").read_text(encoding="utf-8-sig")
    call_command("export_data", "vorhaben", str(tmp_path / "t.xlsx"), "--template",
                 stdout=StringIO())  # fmt: skip
    assert (tmp_path / "t.xlsx").stat().st_size > 1000


@pytest.mark.django_db
def test_xlsx_export_of_a_text_longer_than_a_cell_stops_with_the_reason(city, tmp_path):
    Project.objects.create(department=city["kultur"], title="Langtext", description="x" * 40_000)
    with pytest.raises(CommandError, match="„Langtext“: Der Text in der Spalte „Beschreibung“"):
        call_command("export_data", "vorhaben", str(tmp_path / "v.xlsx"), stdout=StringIO())
    assert not (tmp_path / "v.xlsx").exists()


@pytest.mark.django_db
def test_an_overlong_csv_cell_is_reported_by_row_and_column(city, tmp_path):
    path = tmp_path / "vorhaben.csv"
    path.write_text(
        "Dezernat;Titel;Ansprechperson\n" + f"Dezernat Kultur;Langer Kontakt;{'x' * 200_000}\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="nichts importiert"):
        call_command("import_data", "vorhaben", str(path), stdout=StringIO(), stderr=err)
    assert "Zeile 2, Ansprechperson: " in err.getvalue()
    assert "höchstens 200 Zeichen" in err.getvalue()


@pytest.mark.django_db
def test_an_outage_stops_the_command_with_the_reason(city, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("spreadsheets.bulk.create", unreachable)
    with pytest.raises(CommandError, match="Datenbank war nicht erreichbar"):
        call_command("import_data", "vorhaben", str(DATA / "vorhaben_gut.xlsx"),
                     stdout=StringIO(), stderr=StringIO())  # fmt: skip
