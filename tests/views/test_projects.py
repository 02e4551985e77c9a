"""The project pages as each role uses them: lists, detail, create, edit, archive, status
updates, Excel export; bad input and forged requests."""

from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project, StatusUpdate
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _valid_form(department, **overrides):
    office = department.units.order_by("pk").first()
    data = {
        "kind": "projekt",
        "title": "Digitale Raumvergabe",
        "description": "Räume der Bibliotheken online buchen.",
        "lead_unit": office.pk,
        "status": "planung",
        "financing": "nicht_finanziert",
        "influence": "mittel",
        "decision_scope": "eigenstaendig",
        "progress": "10",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
    }
    data.update(overrides)
    return data


# --- Login ------------------------------------------------------------------------------------


def test_anonymous_user_is_sent_to_login(client, kultur):
    response = client.get(reverse("projects:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_uses_standard_field_names(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_login_with_password_lands_on_start_page(client, coordinator):
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": "test-passwort-2026"}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboards:home")


def test_page_shows_user_name_and_role(client, coordinator, kultur):
    client.force_login(coordinator)
    response = client.get(reverse("dashboards:home"))
    assert coordinator.get_full_name().encode() in response.content
    assert "Koordination" in response.content.decode()


def test_interface_is_german_by_default(client, coordinator, kultur):
    client.force_login(coordinator)
    html = client.get(reverse("projects:list")).content.decode()
    assert '<html lang="de">' in html
    assert "Alle Vorhaben" in html
    assert "Zum Inhalt springen" in html


# --- Lists ------------------------------------------------------------------------------------


def test_city_wide_list_hides_confidential_projects_of_other_departments(
    client, staff, kultur_project, confidential_kultur_project, confidential_soziales_project
):
    client.force_login(staff)
    html = client.get(reverse("projects:list")).content.decode()
    assert kultur_project.title in html
    assert confidential_soziales_project.title in html  # own department
    assert confidential_kultur_project.title not in html


def test_list_filters_by_status_and_search(client, rds_user, kultur, kultur_office):
    ProjectFactory(department=kultur, title="E-Akte Kulturamt", status="umsetzung")
    ProjectFactory(department=kultur, title="Ticketsystem Oper", status="planung")
    client.force_login(rds_user)
    html = client.get(reverse("projects:list"), {"status": "umsetzung", "q": "akte"}).content
    assert b"E-Akte Kulturamt" in html
    assert b"Ticketsystem Oper" not in html


def test_list_sorts_by_title_descending(client, rds_user, kultur):
    for title in ("Alpha", "Beta", "Gamma"):
        ProjectFactory(department=kultur, title=title)
    client.force_login(rds_user)
    html = client.get(reverse("projects:list"), {"o": "-title"}).content.decode()
    assert html.index("Gamma") < html.index("Beta") < html.index("Alpha")
    assert 'aria-sort="descending"' in html


def test_list_paginates(client, rds_user, kultur, settings):
    settings.PROJECTS_PER_PAGE = 2
    for title in ("A1", "A2", "A3"):
        ProjectFactory(department=kultur, title=title)
    client.force_login(rds_user)
    response = client.get(reverse("projects:list"), {"o": "title", "page": 2})
    assert b">A3<" in response.content
    assert b">A1<" not in response.content


def test_invalid_filter_value_shows_an_error_not_a_crash(client, rds_user, kultur_project):
    client.force_login(rds_user)
    response = client.get(reverse("projects:list"), {"status": "gibt-es-nicht", "page": "x"})
    assert response.status_code == 200


def test_empty_workspace_list_explains_itself(client, coordinator, kultur):
    client.force_login(coordinator)
    html = client.get(reverse("projects:workspace_list", args=[kultur.slug])).content.decode()
    assert "noch keine Vorhaben" in html


def test_partner_cannot_open_other_workspace(client, partner, soziales):
    client.force_login(partner)
    assert client.get(reverse("dashboards:workspace", args=[soziales.slug])).status_code == 404
    url = reverse("projects:workspace_list", args=[soziales.slug])
    assert client.get(url).status_code == 404


def test_partner_sees_only_own_department_in_department_list(client, partner, kultur, soziales):
    client.force_login(partner)
    html = client.get(reverse("dashboards:department_list")).content.decode()
    assert kultur.name in html
    assert soziales.name not in html


# --- Export -----------------------------------------------------------------------------------


def _rows(response):
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def test_export_contains_exactly_the_filtered_rows(client, rds_user, kultur, soziales):
    ProjectFactory(department=kultur, title="Im Filter", financing="finanziert")
    ProjectFactory(department=kultur, title="Außerhalb", financing="nicht_finanziert")
    ProjectFactory(department=soziales, title="Anderes Dezernat", financing="finanziert")
    client.force_login(rds_user)
    response = client.get(
        reverse("projects:workspace_export", args=[kultur.slug]), {"financing": "finanziert"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response)
    assert rows[0][:4] == ("Externe ID", "Dezernat", "Art", "Titel")
    assert [row[3] for row in rows[1:]] == ["Im Filter"]
    assert rows[1][9] == "finanziert"


def test_export_leaves_out_what_the_user_may_not_see(
    client, staff, kultur_project, confidential_kultur_project
):
    client.force_login(staff)
    titles = [row[3] for row in _rows(client.get(reverse("projects:export")))[1:]]
    assert kultur_project.title in titles
    assert confidential_kultur_project.title not in titles


def test_export_writes_formula_like_titles_as_text(client, rds_user, kultur):
    ProjectFactory(department=kultur, title='=HYPERLINK("http://x")')
    client.force_login(rds_user)
    sheet = load_workbook(BytesIO(client.get(reverse("projects:export")).content)).active
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'


def test_export_of_a_text_longer_than_a_cell_is_refused_on_the_filtered_list(
    client, coordinator, kultur
):
    ProjectFactory(department=kultur, title="Langtext", description="x" * 40_000)
    client.force_login(coordinator)
    response = client.get(
        reverse("projects:workspace_export", args=[kultur.slug]), {"q": "Lang"}, follow=True
    )
    list_url = reverse("projects:workspace_list", args=[kultur.slug])
    assert response.redirect_chain == [(f"{list_url}?q=Lang", 302)]
    assert "„Langtext“: Der Text in der Spalte „Beschreibung“ hat 40.000 Zeichen" in (
        response.content.decode()
    )


# --- Detail -----------------------------------------------------------------------------------


def test_detail_shows_fields_links_and_timeline(client, coordinator, kultur_project, agenda):
    goal = agenda.fields.first().goals.first()
    kultur_project.goals.add(goal)
    StatusUpdate.objects.create(
        project=kultur_project, reported_on=date(2026, 3, 1), progress=40, text="Testlauf ok",
        traffic_light="im_plan",
    )  # fmt: skip
    client.force_login(coordinator)
    html = client.get(kultur_project.get_absolute_url()).content.decode()
    assert kultur_project.title in html
    assert goal.title in html
    assert "Testlauf ok" in html
    assert "Statusmeldung hinzufügen" in html


def test_confidential_project_is_404_for_other_departments(
    client, staff, leadership_user, partner, confidential_kultur_project
):
    for user in (staff, leadership_user, partner):
        client.force_login(user)
        response = client.get(confidential_kultur_project.get_absolute_url())
        assert response.status_code == 404, user.username


def test_confidential_project_is_visible_to_own_department_and_rds(
    client, coordinator, rds_user, confidential_kultur_project
):
    for user in (coordinator, rds_user):
        client.force_login(user)
        assert client.get(confidential_kultur_project.get_absolute_url()).status_code == 200


def test_title_with_html_is_shown_as_text(client, rds_user, kultur):
    project = ProjectFactory(department=kultur, title="<script>alert('x')</script>")
    client.force_login(rds_user)
    for url in (project.get_absolute_url(), reverse("projects:list")):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert" in html


# --- Create, edit, archive ---------------------------------------------------------------------


def test_coordinator_creates_project_in_own_department(client, coordinator, kultur, agenda):
    client.force_login(coordinator)
    field = agenda.fields.first()
    data = _valid_form(kultur, fields_of_action=[field.pk], budget="12500.50")
    response = client.post(reverse("projects:create", args=[kultur.slug]), data)
    project = Project.objects.get(title="Digitale Raumvergabe")
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.department == kultur
    assert project.created_by == coordinator
    assert list(project.fields_of_action.all()) == [field]


@pytest.mark.parametrize("user_fixture", ["staff", "leadership_user", "outsider"])
def test_readers_cannot_create_projects_in_kultur(client, request, user_fixture, kultur):
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse("projects:create", args=[kultur.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, _valid_form(kultur)).status_code == 403
    assert not Project.objects.exists()


def test_partner_create_in_other_workspace_is_404(client, partner, soziales):
    client.force_login(partner)
    response = client.post(reverse("projects:create", args=[soziales.slug]), _valid_form(soziales))
    assert response.status_code == 404


def test_end_before_start_gives_german_field_error(client, coordinator, kultur):
    client.force_login(coordinator)
    data = _valid_form(kultur, start_date="2026-06-01", end_date="2026-01-01")
    response = client.post(reverse("projects:create", args=[kultur.slug]), data)
    assert response.status_code == 200
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    assert not Project.objects.exists()


def test_overlong_title_and_bad_progress_give_field_errors(client, coordinator, kultur):
    client.force_login(coordinator)
    data = _valid_form(kultur, title="x" * 201, progress="150")
    response = client.post(reverse("projects:create", args=[kultur.slug]), data)
    form = response.context["form"]
    assert set(form.errors) == {"title", "progress"}
    html = response.content.decode()
    assert "höchstens 200 Zeichen" in html
    assert 'aria-invalid="true"' in html


def test_duplicate_title_in_department_gives_field_error(client, coordinator, kultur_project):
    client.force_login(coordinator)
    data = _valid_form(kultur_project.department, title=kultur_project.title)
    response = client.post(reverse("projects:create", args=[kultur_project.department.slug]), data)
    assert response.status_code == 200
    assert Project.objects.filter(title=kultur_project.title).count() == 1


def test_staff_edits_own_department_project(client, staff, soziales_project):
    client.force_login(staff)
    url = reverse("projects:edit", args=[soziales_project.pk])
    data = _valid_form(
        soziales_project.department, title="Neuer Titel", version=soziales_project.version
    )
    response = client.post(url, data)
    assert response.status_code == 302
    soziales_project.refresh_from_db()
    assert soziales_project.title == "Neuer Titel"
    assert soziales_project.version == 2


def test_edit_of_readable_project_is_403_and_unseen_is_404(
    client, staff, kultur_project, confidential_kultur_project
):
    client.force_login(staff)
    assert client.get(reverse("projects:edit", args=[kultur_project.pk])).status_code == 403
    url = reverse("projects:edit", args=[confidential_kultur_project.pk])
    assert client.get(url).status_code == 404


def test_stale_edit_is_refused_and_keeps_the_input(client, staff, soziales_project):
    client.force_login(staff)
    url = reverse("projects:edit", args=[soziales_project.pk])
    old_version = soziales_project.version
    Project.objects.filter(pk=soziales_project.pk).update(version=old_version + 1, title="Fremd")
    data = _valid_form(soziales_project.department, title="Meine Eingabe", version=old_version)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Eingabe" in html
    assert "nachdem Sie das Formular geöffnet haben" in html
    soziales_project.refresh_from_db()
    assert soziales_project.title == "Fremd"


def test_archive_hides_project_from_list_and_restore_brings_it_back(
    client, coordinator, kultur_project
):
    client.force_login(coordinator)
    url = reverse("projects:archive", args=[kultur_project.pk])
    assert client.post(url).status_code == 302
    list_url = reverse("projects:workspace_list", args=[kultur_project.department.slug])
    assert kultur_project.title not in client.get(list_url).content.decode()
    assert kultur_project.title in client.get(list_url, {"archived": "nur"}).content.decode()
    client.post(url)
    assert kultur_project.title in client.get(list_url).content.decode()


# --- Status updates ----------------------------------------------------------------------------


def test_status_update_is_added_and_shown(client, coordinator, kultur_project):
    client.force_login(coordinator)
    url = reverse("projects:status_update_create", args=[kultur_project.pk])
    data = {"reported_on": "2026-11-20", "traffic_light": "gefaehrdet", "progress": "55",
            "text": "Lieferverzug beim Dienstleister."}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    kultur_project.refresh_from_db()
    assert kultur_project.traffic_light == "gefaehrdet"
    assert kultur_project.progress == 55
    html = client.get(kultur_project.get_absolute_url()).content.decode()
    assert "Lieferverzug beim Dienstleister." in html


def test_invalid_status_update_shows_errors_and_saves_nothing(client, coordinator, kultur_project):
    client.force_login(coordinator)
    url = reverse("projects:status_update_create", args=[kultur_project.pk])
    response = client.post(url, {"reported_on": "kein Datum", "progress": "150", "text": ""})
    assert response.status_code == 422
    errors = set(response.context["status_form"].errors)
    assert errors == {"reported_on", "traffic_light", "progress", "text"}
    assert not StatusUpdate.objects.exists()


def test_reader_cannot_add_status_update(client, leadership_user, kultur_project):
    client.force_login(leadership_user)
    url = reverse("projects:status_update_create", args=[kultur_project.pk])
    data = {"reported_on": "2026-11-20", "traffic_light": "im_plan", "progress": "5", "text": "x"}
    assert client.post(url, data).status_code == 403
    assert not StatusUpdate.objects.exists()


# --- Forged requests ---------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused(coordinator, kultur):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(reverse("projects:create", args=[kultur.slug]), _valid_form(kultur))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_filter_select_keeps_the_chosen_option_and_escapes_labels(client, rds_user, kultur):
    office = kultur.units.first()
    office.name = "<i>Amt</i> & Co"
    office.save()
    client.force_login(rds_user)
    html = client.get(reverse("projects:list"), {"office": office.pk}).content.decode()
    assert f'<option value="{office.pk}" selected>&lt;i&gt;Amt&lt;/i&gt; &amp; Co</option>' in html
    assert '<select name="office" class="kern-form-input__select" id="id_office">' in html


def test_edit_form_shows_chosen_participating_offices(client, staff, soziales_project, kultur):
    office = kultur.units.first()
    soziales_project.participating_units.add(office)
    client.force_login(staff)
    html = client.get(reverse("projects:edit", args=[soziales_project.pk])).content.decode()
    assert 'name="participating_units"' in html
    assert " multiple" in html.split('name="participating_units"')[1].split(">")[0]
    assert f'<option value="{office.pk}" selected>' in html


def test_cached_filter_choices_stay_within_each_scope(client, rds_user, partner, kultur, soziales):
    client.force_login(rds_user)
    client.get(reverse("projects:workspace_list", args=[kultur.slug]))
    client.get(reverse("projects:list"))  # caches the city-wide choice lists
    client.force_login(partner)
    html = client.get(reverse("projects:workspace_list", args=[kultur.slug])).content.decode()
    assert "Sozialamt" not in html
    assert soziales.name not in html
