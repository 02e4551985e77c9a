"""The Django admin's import-export screens use the same definitions and safeguards."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Project
from tests.spreadsheets.conftest import data_file


def _format_index(page: str, label: str) -> str:
    return re.search(rf'<option value="(\d+)"[^>]*>{label}</option>', page).group(1)


@pytest.mark.django_db
def test_admin_import_previews_then_applies_with_history(client, city, kultur_project, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:projects_project_import")
    page = client.get(url).content.decode()
    response = client.post(url, {
        "format": _format_index(page, "xlsx"), "resource": "0",
        "import_file": SimpleUploadedFile("vorhaben_gut.xlsx", data_file("vorhaben_gut.xlsx")),
    })  # fmt: skip
    assert response.status_code == 200
    preview = response.context["result"]
    assert not preview.has_errors()
    assert not preview.has_validation_errors()
    assert preview.totals["new"] == 2
    assert preview.totals["update"] == 1
    assert Project.objects.count() == 1

    confirm = response.context["confirm_form"]
    client.post(reverse("admin:projects_project_process_import"), confirm.initial)
    assert Project.objects.count() == 3
    hours = Project.objects.get(external_id="KU-2")
    assert hours.goals.count() == 2
    assert hours.history.first().history_user == admin_user


@pytest.mark.django_db
def test_admin_refuses_a_broken_file_with_the_apps_message(client, city, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:projects_project_import")
    page = client.get(url).content.decode()
    response = client.post(url, {
        "format": _format_index(page, "xlsx"), "resource": "0",
        "import_file": SimpleUploadedFile("x.xlsx", b"kein Excel"),
    })  # fmt: skip
    assert "keine Excel-Arbeitsmappe" in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_only_importers_see_the_admin_import(client, city, admin_user):
    admin_user.groups.clear()  # a superuser, but not in the group "Administration"
    admin_user.is_superuser = False
    admin_user.save()
    client.force_login(admin_user)
    assert client.get(reverse("admin:projects_project_import")).status_code == 403


@pytest.mark.django_db
def test_admin_export_of_a_text_longer_than_a_cell_is_refused_with_a_message(
    client, city, admin_user
):
    Project.objects.create(department=city["kultur"], title="Langtext", description="x" * 40_000)
    client.force_login(admin_user)
    url = reverse("admin:projects_project_export")
    page = client.get(url).content.decode()
    columns = dict.fromkeys(re.findall(r'name="(projectresource_\w+)"', page), "on")
    response = client.post(url, {"format": "0", "resource": "0", **columns})  # xlsx: the only
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "hat 40.000 Zeichen, mehr als die 32.767" in response.content.decode()
