import pytest
from django.urls import reverse

from tests.factories import AgendaProjectFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_agenda_page_shows_fields_goals_and_agenda_projects(client, staff, agenda):
    field = agenda.fields.first()
    field.motto = "Die Stadt mit Daten steuern"
    field.save()
    AgendaProjectFactory(agenda=agenda, title="Urbane Datenplattform", field=field)
    client.force_login(staff)
    html = client.get(reverse("agenda:overview")).content.decode()
    assert agenda.title in html
    assert "„Die Stadt mit Daten steuern“" in html
    assert field.goals.first().title in html
    assert "Urbane Datenplattform" in html


def test_agenda_counts_only_projects_the_user_may_see(client, staff, agenda, kultur, soziales):
    goal = agenda.fields.first().goals.first()
    ProjectFactory(department=kultur, title="Offen", goals=[goal])
    ProjectFactory(department=kultur, title="Geheim", confidential=True, goals=[goal])
    client.force_login(staff)
    response = client.get(reverse("agenda:overview"))
    fields = response.context["agenda"].fields.all()
    counted = {g.title: g.project_count for f in fields for g in f.goals.all()}
    assert counted[goal.title] == 1


def test_goal_page_lists_linked_projects(client, rds_user, agenda, kultur):
    goal = agenda.fields.first().goals.first()
    ProjectFactory(department=kultur, title="Verknüpftes Vorhaben", goals=[goal])
    ProjectFactory(department=kultur, title="Anderes Vorhaben")
    client.force_login(rds_user)
    html = client.get(reverse("agenda:goal", args=[goal.pk])).content.decode()
    assert "Verknüpftes Vorhaben" in html
    assert "Anderes Vorhaben" not in html


def test_field_page_lists_linked_projects(client, rds_user, agenda, kultur):
    field = agenda.fields.first()
    ProjectFactory(department=kultur, title="Datenprojekt", fields_of_action=[field])
    client.force_login(rds_user)
    html = client.get(reverse("agenda:field", args=[field.pk])).content.decode()
    assert "Datenprojekt" in html


def test_agenda_page_without_agenda_explains_what_to_do(client, staff):
    client.force_login(staff)
    html = client.get(reverse("agenda:overview")).content.decode()
    assert "load_reference" not in html
    assert "Referat Digitale Stadt" in html


def test_department_list_shows_offices_and_counts(client, leadership_user, kultur, soziales):
    ProjectFactory(department=kultur, kind="projekt")
    ProjectFactory(department=kultur, kind="prozess")
    ProjectFactory(department=kultur, kind="projekt", confidential=True)
    client.force_login(leadership_user)
    response = client.get(reverse("dashboards:department_list"))
    departments = {d.slug: d for d in response.context["departments"]}
    assert departments["kultur"].project_count == 1
    assert departments["kultur"].process_count == 1
    assert "Kulturamt" in response.content.decode()


def test_workspace_page_shows_summary_and_create_button_for_editors(client, coordinator, kultur):
    ProjectFactory(department=kultur, title="Top-Vorhaben", priority_rank=1)
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:workspace", args=[kultur.slug])).content.decode()
    assert "Top-Vorhaben" in html
    assert reverse("projects:create", args=[kultur.slug]) in html


def test_workspace_page_has_no_create_button_for_readers(client, staff, kultur):
    client.force_login(staff)
    html = client.get(reverse("dashboards:workspace", args=[kultur.slug])).content.decode()
    assert reverse("projects:create", args=[kultur.slug]) not in html


def test_language_switch_turns_the_interface_english(client, staff, kultur):
    client.force_login(staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("projects:list")).content.decode()
    assert '<html lang="en">' in html
    assert "All projects and processes" in html


def test_english_browser_still_gets_the_german_interface(client, staff, kultur):
    client.force_login(staff)
    html = client.get(reverse("projects:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert b'<html lang="de">' in html


def test_accessibility_statement_is_public_and_names_the_tests(client, db, settings):
    settings.ACCESSIBILITY_FEEDBACK_CONTACT = "barrierefreiheit@stadt.example"
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "Erklärung zur Barrierefreiheit" in html
    assert "axe-core" in html
    assert "barrierefreiheit@stadt.example" in html
