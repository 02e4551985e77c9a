"""One set of domain rules for every path that writes: the project and status-update forms,
the web import, ``manage.py import_data`` and the admin's import. Each rule is tried on each
path; each time the database stays unchanged and the person learns why."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from projects.models import Project, StatusUpdate
from projects.resources import ProjectResource, StatusUpdateResource
from spreadsheets.models import ImportRun
from tests.factories import AgendaProjectFactory, project_edit_data

pytestmark = pytest.mark.django_db

PATHS = ("form", "web_import", "import_data", "admin_import")
TOMORROW = timezone.localdate() + timedelta(days=1)


def _csv(resource, rows: list[dict]) -> bytes:
    headings = resource.column_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([row.get(heading, "") for heading in headings])
    return buffer.getvalue().encode("utf-8")


def _status_row(project, **values):
    return {"Dezernat": project.department.name, "Vorhaben": project.title,
            "Datum": values.get("date", timezone.localdate()).strftime("%d.%m.%Y"),
            "Ampel": "im Plan", "Fortschritt (%)": "30", "Bericht": "Neuer Bericht"}  # fmt: skip


def _project_row(project, **values):
    row = {"Dezernat": project.department.name, "Titel": project.title,
           "Federführendes Amt": project.lead_unit.name, "Status": "in Planung",
           "Beschreibung": project.description}  # fmt: skip
    row.update(values)
    return row


def _write(path, *, client, user, kind, content, form_url=None, form_data=None) -> str:
    """Send the change along ``path``; return what the person is told."""
    client.force_login(user)
    if path == "form":
        return client.post(form_url, form_data, follow=True).content.decode()
    if path == "web_import":
        upload = SimpleUploadedFile(f"{kind}.csv", content, content_type="text/csv")
        client.post(reverse("spreadsheets:upload"), {"kind": kind, "file": upload})
        run = ImportRun.objects.latest("pk")
        client.post(reverse("spreadsheets:confirm", args=[run.pk]))
        return client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    if path == "import_data":
        with open(_tmp_file(content), "rb") as file:
            name = file.name
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_data", kind, name, stdout=io.StringIO(), stderr=err)
        return err.getvalue()
    url = reverse(
        f"admin:projects_{'statusupdate' if kind == 'statusmeldungen' else 'project'}_import"
    )
    page = client.get(url).content.decode()
    csv_format = re.search(r'<option value="(\d+)"[^>]*>csv</option>', page).group(1)
    response = client.post(url, {
        "format": csv_format, "resource": "0",
        "import_file": SimpleUploadedFile("datei.csv", content),
    })  # fmt: skip
    if "confirm_form" in (response.context or {}):  # the admin would apply it: do so
        confirm = response.context["confirm_form"]
        client.post(url.replace("/import/", "/process_import/"), confirm.initial)
    return response.content.decode()


def _tmp_file(content: bytes):
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)  # noqa: SIM115
    handle.write(content)
    handle.close()
    return handle.name


def _state(project):
    project.refresh_from_db()
    fields = ("title", "description", "agenda_contribution", "agenda_project_id", "version")
    reports = StatusUpdate.objects.order_by("pk").values_list(
        "pk", "reported_on", "text", "traffic_light", "progress", "withdrawn_at"
    )
    return [getattr(project, name) for name in fields], list(reports)


@pytest.mark.parametrize("path", PATHS)
def test_a_status_update_dated_in_the_future_is_refused(client, admin_user, kultur_project, path):
    before = _state(kultur_project)
    told = _write(
        path, client=client, user=admin_user, kind="statusmeldungen",
        content=_csv(StatusUpdateResource(), [_status_row(kultur_project, date=TOMORROW)]),
        form_url=reverse("projects:status_update_create", args=[kultur_project.pk]),
        form_data={"reported_on": TOMORROW.isoformat(), "traffic_light": "im_plan",
                   "progress": "30", "text": "Aus der Zukunft"},
    )  # fmt: skip
    assert _state(kultur_project) == before
    assert "in der Zukunft" in told


@pytest.mark.parametrize("path", PATHS)
def test_an_archived_project_takes_no_status_update(client, admin_user, kultur_project, path):
    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    before = _state(kultur_project)
    told = _write(
        path, client=client, user=admin_user, kind="statusmeldungen",
        content=_csv(StatusUpdateResource(), [_status_row(kultur_project)]),
        form_url=reverse("projects:status_update_create", args=[kultur_project.pk]),
        form_data={"reported_on": timezone.localdate().isoformat(), "traffic_light": "im_plan",
                   "progress": "30", "text": "Nach dem Archivieren"},
    )  # fmt: skip
    assert _state(kultur_project) == before
    assert "archiviert" in told


@pytest.mark.parametrize("path", PATHS)
def test_a_contribution_needs_its_agenda_project(client, admin_user, kultur_project, agenda, path):
    before = _state(kultur_project)
    contribution = "Liefert Daten für die Plattform"
    told = _write(
        path, client=client, user=admin_user, kind="vorhaben",
        content=_csv(ProjectResource(), [
            _project_row(kultur_project, **{"Beitrag zum Agenda-Projekt": contribution})
        ]),
        form_url=reverse("projects:edit", args=[kultur_project.pk]),
        form_data=project_edit_data(kultur_project, agenda_contribution=contribution),
    )  # fmt: skip
    assert _state(kultur_project) == before
    assert "Agenda-Projekt, auf das sich dieser Beitrag bezieht" in told


@pytest.mark.parametrize("path", PATHS)
def test_an_archived_project_is_not_changed(client, admin_user, kultur_project, path):
    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    before = _state(kultur_project)
    told = _write(
        path, client=client, user=admin_user, kind="vorhaben",
        content=_csv(ProjectResource(), [
            _project_row(kultur_project, Beschreibung="Nach dem Archivieren geändert")
        ]),
        form_url=reverse("projects:edit", args=[kultur_project.pk]),
        form_data=project_edit_data(kultur_project, description="Nach dem Archivieren geändert"),
    )  # fmt: skip
    assert _state(kultur_project) == before
    assert "archiviert" in told


def test_an_unchanged_row_of_an_archived_project_is_no_error(admin_user, kultur_project, tmp_path):
    """Exports hold archived projects; importing such an export again changes nothing."""
    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    kultur_project.refresh_from_db()
    path = tmp_path / "vorhaben.csv"
    path.write_bytes(_csv(ProjectResource(), [_project_row(kultur_project)]))
    out = io.StringIO()
    call_command("import_data", "vorhaben", str(path), "--dry-run", stdout=out)
    assert "1 unverändert, 0 Fehler" in out.getvalue()


def test_agenda_project_with_contribution_is_accepted_on_import(admin_user, kultur_project, agenda,
                                                                 tmp_path):  # fmt: skip
    target = AgendaProjectFactory(agenda=agenda, title="Urbane Datenplattform")
    path = tmp_path / "vorhaben.csv"
    path.write_bytes(_csv(ProjectResource(), [_project_row(
        kultur_project, **{"Agenda-Projekt": target.title, "Beitrag zum Agenda-Projekt": "Daten"}
    )]))  # fmt: skip
    call_command("import_data", "vorhaben", str(path), stdout=io.StringIO())
    kultur_project.refresh_from_db()
    assert (kultur_project.agenda_project, kultur_project.agenda_contribution) == (target, "Daten")


def test_the_service_refuses_to_change_an_archived_project(coordinator, kultur_project):
    from django.core.exceptions import ValidationError

    from projects import services

    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    kultur_project.refresh_from_db()
    with pytest.raises(ValidationError, match="archiviert"):
        services.project_update(
            project=kultur_project, actor=coordinator, version=kultur_project.version,
            title="Geändert",
        )  # fmt: skip


def _report_row(update, **values):
    return {"Dezernat": update.project.department.name, "Vorhaben": update.project.title,
            "Datum": update.reported_on.strftime("%d.%m.%Y"), "Ampel": "kritisch",
            "Fortschritt (%)": "99", "Bericht": update.text} | values  # fmt: skip


@pytest.fixture
def report(kultur_project, coordinator):
    from projects import services

    return services.status_update_create(
        project=kultur_project,
        actor=coordinator,
        progress=30,
        text="Bericht",
        traffic_light="im_plan",
    )


@pytest.mark.parametrize("path", [p for p in PATHS if p != "form"])
def test_a_status_update_of_an_archived_project_is_not_changed(client, admin_user, report, path):
    Project.objects.filter(pk=report.project_id).update(archived_at=timezone.now())
    before = _state(report.project)
    told = _write(path, client=client, user=admin_user, kind="statusmeldungen",
                  content=_csv(StatusUpdateResource(), [_report_row(report)]))  # fmt: skip
    assert _state(report.project) == before
    assert "archiviert" in told


@pytest.mark.parametrize("path", [p for p in PATHS if p != "form"])
def test_a_withdrawn_status_update_is_not_changed(client, admin_user, coordinator, report, path):
    from projects import services

    services.status_update_withdraw(update=report, actor=coordinator, reason="Irrtum")
    before = _state(report.project)
    told = _write(path, client=client, user=admin_user, kind="statusmeldungen",
                  content=_csv(StatusUpdateResource(), [_report_row(report)]))  # fmt: skip
    assert _state(report.project) == before
    assert "zurückgezogen" in told


def test_the_correction_form_refuses_a_status_update_of_an_archived_project(
    client, coordinator, report
):
    Project.objects.filter(pk=report.project_id).update(archived_at=timezone.now())
    client.force_login(coordinator)
    url = reverse("projects:status_update_correct", args=[report.project_id, report.pk])
    data = {"reported_on": report.reported_on.isoformat(), "traffic_light": "kritisch",
            "progress": "99", "text": "Neu"}  # fmt: skip
    response = client.post(url, data)
    report.refresh_from_db()
    assert report.text == "Bericht"
    assert "archiviert" in response.content.decode()


def test_the_admin_import_does_not_change_only_the_links_of_an_archived_project(
    client, admin_user, kultur_project, soziales_office
):
    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    kultur_project.refresh_from_db()
    told = _write("admin_import", client=client, user=admin_user, kind="vorhaben",
                  content=_csv(ProjectResource(), [_project_row(
                      kultur_project, **{"Beteiligte Ämter": soziales_office.name})]))  # fmt: skip
    assert not kultur_project.participating_units.exists()
    assert "archiviert" in told
