"""Large exports are built by the worker: the request only queues them, the page shows the
progress and then offers the file, to the person who asked for it and nobody else."""

import io

import openpyxl
import pytest
from django.urls import reverse

from jobs.downloads import PROGRESS_EVERY, with_progress
from jobs.models import Download
from projects.models import Project


@pytest.fixture
def many_projects(kultur):
    Project.objects.bulk_create(
        Project(department=kultur, title=f"Vorhaben {number}") for number in range(30)
    )


@pytest.mark.django_db
def test_a_large_export_is_built_in_the_background_and_offered_when_ready(
    client, rds_user, many_projects, settings
):
    settings.EXPORT_INLINE_ROWS = 10
    client.force_login(rds_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", "csv"]))
    download = Download.objects.get()
    assert response.url == reverse("jobs:download", args=[download.pk])
    assert (download.status, download.rows_done, download.rows_expected) == ("fertig", 30, 30)
    assert download.worker  # taken up by a worker (here: the test process)

    page = client.get(response.url).content.decode()
    assert "Die Datei ist fertig: 30 Zeilen." in page
    file = client.get(reverse("jobs:download_file", args=[download.pk]))
    assert file["Content-Disposition"].startswith('attachment; filename="vorhaben-')
    assert file.content.decode("utf-8-sig").count("Vorhaben ") == 30


@pytest.mark.django_db
def test_a_small_export_is_written_in_the_request(client, rds_user, many_projects, settings):
    settings.EXPORT_INLINE_ROWS = 100
    client.force_login(rds_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", "csv"]))
    assert response["Content-Disposition"].startswith("attachment")
    assert not Download.objects.exists()


@pytest.mark.django_db
def test_nobody_else_sees_the_export(client, rds_user, admin_user, many_projects, settings):
    settings.EXPORT_INLINE_ROWS = 10
    client.force_login(rds_user)
    client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"]))
    download = Download.objects.get()
    client.force_login(admin_user)
    assert client.get(reverse("jobs:download", args=[download.pk])).status_code == 404
    assert client.get(reverse("jobs:download_file", args=[download.pk])).status_code == 404


@pytest.mark.django_db
def test_a_text_too_long_for_excel_ends_the_export_with_what_to_do(
    client, rds_user, kultur, settings
):
    settings.EXPORT_INLINE_ROWS = 0
    Project.objects.create(department=kultur, title="Langtext", description="x" * 40_000)
    client.force_login(rds_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", "xlsx"]), follow=True)
    page = response.content.decode()
    assert "hat 40.000 Zeichen" in page
    assert "CSV-Export" in page
    assert Download.objects.get().status == Download.Status.FAILED


def test_progress_is_reported_every_thousand_rows_and_at_the_end():
    seen = []
    rows = list(with_progress(range(2 * PROGRESS_EVERY + 5), seen.append))
    assert len(rows) == 2 * PROGRESS_EVERY + 5
    assert seen == [PROGRESS_EVERY, 2 * PROGRESS_EVERY, 2 * PROGRESS_EVERY + 5]


@pytest.mark.django_db
def test_a_long_project_list_export_is_built_in_the_background_within_the_filters(
    client, rds_user, many_projects, soziales, settings
):
    settings.EXPORT_INLINE_ROWS = 10
    Project.objects.create(department=soziales, title="Anderswo")
    client.force_login(rds_user)
    response = client.get(reverse("projects:workspace_export", args=["kultur"]))
    download = Download.objects.get()
    assert response.url == reverse("jobs:download", args=[download.pk])
    assert (download.status, download.rows_done) == ("fertig", 30)
    file = client.get(reverse("jobs:download_file", args=[download.pk]))
    assert file["Content-Disposition"].startswith('attachment; filename="vorhaben-kultur-')
    sheet = openpyxl.load_workbook(io.BytesIO(file.content)).active
    titles = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Anderswo" not in str(list(sheet.values))
    assert sheet.max_row == 31
    assert titles


@pytest.mark.django_db
def test_builders_apply_their_page_gate_when_the_file_is_built(partner, coordinator):
    from jobs.downloads import Refused
    from projects.exports import list_export
    from spreadsheets.exports import data_export

    with pytest.raises(Refused, match="nur die Vorhaben ihrer Arbeitsräume"):
        list_export(user=partner, params={"query": "", "department": ""}, progress=print)
    with pytest.raises(Refused, match="Referat Digitale Stadt"):
        data_export(user=coordinator, params={"kind": "vorhaben", "format": "csv"}, progress=print)


@pytest.mark.django_db
def test_a_large_export_is_written_in_the_language_it_was_asked_in(
    client, rds_user, many_projects, settings
):
    settings.EXPORT_INLINE_ROWS = 10
    client.force_login(rds_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switch in the header
    client.get(reverse("spreadsheets:export", args=["vorhaben", "csv"]))
    download = Download.objects.get()
    header = bytes(download.data).decode("utf-8-sig").splitlines()[0]
    assert download.params["language"] == "en"
    assert "Title" in header
