"""The import page as the Referat Digitale Stadt uses it: upload, preview, confirm."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from jobs.processes import current_worker
from projects.models import Project
from spreadsheets.models import ImportRun
from tests.spreadsheets.conftest import data_file


def _upload(client, name, kind="vorhaben"):
    return client.post(
        reverse("spreadsheets:upload"),
        {"kind": kind, "file": SimpleUploadedFile(name, data_file(name))},
    )


@pytest.mark.django_db
def test_upload_preview_confirm(client, city, kultur_project, rds_user):
    client.force_login(rds_user)
    response = _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()
    assert response.url == reverse("spreadsheets:run", args=[run.pk])
    assert run.status == ImportRun.Status.CHECKED

    page = client.get(response.url).content.decode()
    assert "Übernehmen: 2 neu, 1 geändert" in page
    assert "</span>in Planung</del> → <ins>" in page
    assert "</span>in Umsetzung</ins>" in page
    assert Project.objects.count() == 1  # the preview changed nothing

    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    assert run.applied_by == rds_user
    assert Project.objects.count() == 3
    assert "2 neu, 1 geändert" in client.get(response.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1000, len(data_file("vorhaben_gut.xlsx")) // 2])
def test_a_stored_file_is_read_back_in_slices(
    client, city, kultur_project, rds_user, monkeypatch, size
):
    monkeypatch.setattr("spreadsheets.services.SLICE_SIZE", size)
    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()
    assert run.result.summary()["new"] == 2
    assert run.result.summary()["changed"] == 1


@pytest.mark.django_db
def test_errors_are_listed_and_cannot_be_applied(client, city, rds_user):
    client.force_login(rds_user)
    response = _upload(client, "vorhaben_fehler.xlsx")
    page = client.get(response.url).content.decode()
    assert "Die Datei enthält 8 Fehler. Es wurde nichts geändert." in page
    assert "„Weltfrieden“" in page
    run = ImportRun.objects.get()
    assert not run.can_apply
    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_an_overlong_csv_cell_is_listed_by_row_and_column(client, city, rds_user):
    content = f"Dezernat;Titel;Ansprechperson\nDezernat Kultur;Lang;{'x' * 200_000}\n"
    client.force_login(rds_user)
    response = client.post(
        reverse("spreadsheets:upload"),
        {"kind": "vorhaben", "file": SimpleUploadedFile("lang.csv", content.encode())},
    )
    run = ImportRun.objects.get()
    assert [(e.row, e.column) for e in run.result.errors] == [(2, "Ansprechperson")]
    assert "höchstens 200 Zeichen" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_an_outage_while_applying_is_not_shown_as_errors_in_the_file(
    client, city, rds_user, monkeypatch
):
    client.force_login(rds_user)
    response = _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()

    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("spreadsheets.bulk.create", unreachable)
    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    page = client.get(response.url).content.decode()
    assert "Die Datenbank war nicht erreichbar, daher wurde nichts geändert." in page
    assert "Die Datei enthält" not in page
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_confirm_after_the_data_changed_shows_a_new_preview(client, city, kultur_project, rds_user):
    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()
    Project.objects.create(department=city["kultur"], title="Öffnungszeiten für Bühnen und Säle")
    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED
    assert run.result.outdated
    assert (run.result.new, run.result.changed) == (1, 2)
    assert not Project.objects.filter(external_id="KU-1").exists()
    assert (
        "neue Vorschau" in client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    )


@pytest.mark.django_db
def test_file_over_the_limit_is_refused_before_reading(client, city, rds_user, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    client.force_login(rds_user)
    response = _upload(client, "vorhaben_gut.xlsx")
    assert response.status_code == 400
    assert "größer als" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_empty_upload_is_a_form_error(client, city, rds_user):
    client.force_login(rds_user)
    response = client.post(
        reverse("spreadsheets:upload"),
        {"kind": "vorhaben", "file": SimpleUploadedFile("leer.xlsx", b"")},
    )
    assert response.status_code == 400
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "staff", "partner", "leadership_user"])
def test_only_admin_and_rds_import(client, city, request, role):
    client.force_login(request.getfixturevalue(role))
    assert _upload(client, "vorhaben_gut.xlsx").status_code == 403
    assert client.get(reverse("spreadsheets:overview")).status_code == 403
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_progress_as_json(client, city, rds_user):
    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()
    state = client.get(reverse("spreadsheets:run", args=[run.pk]), {"format": "json"}).json()
    assert state == {
        "status": "geprueft",
        "working": False,
        "rows_done": 3,
        "rows_expected": run.rows_expected,
        "percent": state["percent"],
    }


def _workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.mark.django_db
def test_template_has_the_export_columns_and_an_explanation_sheet(client, city, rds_user):
    client.force_login(rds_user)
    template = _workbook(client.get(reverse("spreadsheets:template", args=["vorhaben"])))
    export = _workbook(client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"])))
    assert [c.value for c in template.worksheets[0][1]] == [c.value for c in export.active[1]]
    explanation = {row[0]: row for row in template.worksheets[1].iter_rows(values_only=True)}
    assert explanation["Titel"][1] == "ja"
    assert "in Planung" in explanation["Status"][2]
    assert explanation["Beginn"][2] == "Datum, TT.MM.JJJJ"
    assert "ignoriert" in explanation["Ampel"][4]


@pytest.mark.django_db
def test_exports_neutralise_formulas(client, city, rds_user):
    Project.objects.create(department=city["kultur"], title='=HYPERLINK("http://x")')
    client.force_login(rds_user)
    sheet = _workbook(client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"]))).active
    cell = sheet.cell(2, 4)
    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    csv_text = client.get(reverse("spreadsheets:export", args=["vorhaben", "csv"])).content
    assert "'=HYPERLINK" in csv_text.decode("utf-8-sig")


@pytest.mark.django_db
def test_xlsx_export_of_a_text_longer_than_a_cell_is_refused_with_a_message(client, city, rds_user):
    Project.objects.create(department=city["kultur"], title="Langtext", description="x" * 40_000)
    client.force_login(rds_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"]), follow=True)
    assert response.redirect_chain == [(reverse("spreadsheets:overview"), 302)]
    page = response.content.decode()
    assert "„Langtext“: Der Text in der Spalte „Beschreibung“ hat 40.000 Zeichen" in page
    assert "CSV-Export" in page


@pytest.mark.django_db
def test_csv_export_keeps_a_text_longer_than_a_cell(client, city, rds_user):
    Project.objects.create(department=city["kultur"], title="Langtext", description="x" * 40_000)
    client.force_login(rds_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", "csv"]))
    assert "x" * 40_000 in response.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_export_leaves_out_what_the_user_may_not_see(client, city, rds_user, partner):
    """The data page is for importers; partners and others never reach it (403)."""
    client.force_login(partner)
    assert client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"])).status_code == 403


@pytest.mark.django_db
def test_unapplied_uploads_expire_after_a_week(client, city, rds_user):
    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    old = ImportRun.objects.get()
    ImportRun.objects.filter(pk=old.pk).update(heartbeat_at=old.heartbeat_at - timedelta(days=8))
    _upload(client, "vorhaben_gut.xlsx")
    old.refresh_from_db()
    assert old.status == ImportRun.Status.EXPIRED
    assert bytes(old.data) == b""
    assert not old.can_apply


@pytest.mark.django_db
def test_a_running_check_shows_its_progress_and_a_stalled_one_says_so(client, rds_user):
    client.force_login(rds_user)
    run = ImportRun.objects.create(kind="vorhaben", file_name="gross.xlsx", file_size=1, data=b"x",
                                   rows_done=1500, rows_expected=5000,
                                   worker=current_worker())  # taken up by a worker  # fmt: skip
    page = client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    assert "bisher 1500 Zeilen" in page
    assert '<progress aria-labelledby="import-progress-label" max="100" value="30">' in page
    assert "import-progress.js" in page

    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=run.heartbeat_at - timedelta(hours=1))
    page = client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    assert "Der Import wurde abgebrochen" in page


@pytest.mark.django_db
def test_the_project_history_page_shows_the_import(client, city, kultur_project, rds_user):
    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    client.post(reverse("spreadsheets:confirm", args=[ImportRun.objects.get().pk]))
    page = client.get(reverse("projects:history", args=[kultur_project.pk])).content.decode()
    assert "Import von vorhaben_gut.xlsx" in page
    assert (rds_user.get_full_name() or rds_user.username) in page
    assert "in Umsetzung" in page


@pytest.mark.django_db
def test_htmx_polls_get_the_progress_box_and_then_the_event_that_loads_the_result(client, rds_user):
    client.force_login(rds_user)
    run = ImportRun.objects.create(kind="vorhaben", file_name="gross.xlsx", file_size=1, data=b"x",
                                   rows_done=1500, rows_expected=5000,
                                   worker=current_worker())  # fmt: skip
    url = reverse("spreadsheets:run", args=[run.pk])
    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.content.decode().lstrip().startswith('<div class="kern-progress import-progress"')
    assert "bisher 1500 Zeilen" in poll.content.decode()
    assert "<html" not in poll.content.decode()

    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.CHECKED)
    done = client.get(url, headers={"HX-Request": "true"})
    assert (done.status_code, done["HX-Trigger"]) == (204, "job-done")


@pytest.mark.django_db
def test_an_apply_given_up_before_it_commits_changes_nothing(client, city, rds_user, monkeypatch):
    """Its worker was taken for dead while it still wrote: "interrupted, nothing changed" must
    stay true, so the rows are rolled back with the run's own end."""
    from jobs import work

    client.force_login(rds_user)
    _upload(client, "vorhaben_gut.xlsx")
    run = ImportRun.objects.get()
    real = work.owned

    def given_up_first(model, pk, worker):
        model.objects.filter(pk=pk).update(status=model.FAILED_STATUS, problem="dienst_beendet")
        return real(model, pk, worker)

    monkeypatch.setattr(work, "owned", given_up_first)
    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert (run.status, run.problem) == (ImportRun.Status.FAILED, "dienst_beendet")
    assert not Project.objects.filter(external_id="KU-1").exists()
