"""A save changes only what its author can see: links the form does not offer (offices of
departments an external partner cannot see, goals and agenda projects of an archived agenda)
stay as they are, and an edit without the version it started from is a conflict."""

import pytest
from django.urls import reverse

from agenda.models import Agenda
from projects import services
from projects.models import Project
from tests.factories import (
    AgendaFactory,
    AgendaProjectFactory,
    FieldOfActionFactory,
    GoalFactory,
    MembershipFactory,
    project_edit_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_project(kultur_project, kultur_office, soziales_office):
    kultur_project.participating_units.set([kultur_office, soziales_office])
    return kultur_project


def test_contributing_partner_keeps_offices_of_other_departments(
    client, partner_contributor, shared_project, kultur_office, soziales_office
):
    client.force_login(partner_contributor)
    url = reverse("projects:edit", args=[shared_project.pk])
    form = client.get(url).context["form"]
    assert soziales_office not in form.fields["participating_units"].queryset
    response = client.post(
        url, project_edit_data(shared_project, participating_units=[kultur_office.pk])
    )
    assert response.status_code == 302
    assert set(shared_project.participating_units.all()) == {kultur_office, soziales_office}


def test_contributing_partner_removes_an_office_they_can_see(
    client, partner_contributor, shared_project, soziales_office
):
    client.force_login(partner_contributor)
    client.post(
        reverse("projects:edit", args=[shared_project.pk]), project_edit_data(shared_project)
    )
    assert set(shared_project.participating_units.all()) == {soziales_office}


def test_partner_sees_the_offices_taking_part_in_the_project(
    client, partner, shared_project, soziales_office, soziales
):
    client.force_login(partner)
    detail = client.get(shared_project.get_absolute_url()).content.decode()
    assert soziales_office.name in detail
    # ... and nothing else of that department
    assert client.get(soziales.get_absolute_url()).status_code == 404
    departments = client.get(reverse("dashboards:department_list")).content.decode()
    assert soziales.name not in departments


def test_the_partner_form_names_the_kept_offices(
    client, partner_contributor, shared_project, soziales_office
):
    client.force_login(partner_contributor)
    html = client.get(reverse("projects:edit", args=[shared_project.pk])).content.decode()
    assert soziales_office.name in html


def test_service_refuses_links_its_actor_cannot_see(partner_contributor, shared_project, soziales):
    other = soziales.units.exclude(pk__in=shared_project.participating_units.all()).first()
    with pytest.raises(Exception, match="participating"):
        services.project_update(
            project=shared_project, actor=partner_contributor, version=shared_project.version,
            participating_units=[other],
        )  # fmt: skip
    assert other not in shared_project.participating_units.all()


@pytest.fixture
def archived_links(kultur_project, agenda):
    old = AgendaFactory(title="Alte Agenda", status=Agenda.Status.ARCHIVED)
    field = FieldOfActionFactory(agenda=old, name="Altes Feld")
    goal = GoalFactory(field=field, title="Altes Ziel")
    agenda_project = AgendaProjectFactory(agenda=old, field=field, title="Altes Agenda-Projekt")
    kultur_project.goals.set([goal])
    kultur_project.fields_of_action.set([field])
    kultur_project.agenda_project = agenda_project
    kultur_project.save()
    return goal, field, agenda_project


def test_saving_the_form_keeps_links_to_an_archived_agenda(
    client, coordinator, kultur_project, archived_links
):
    goal, field, agenda_project = archived_links
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:edit", args=[kultur_project.pk]), project_edit_data(kultur_project)
    )
    assert response.status_code == 302
    kultur_project.refresh_from_db()
    assert list(kultur_project.goals.all()) == [goal]
    assert list(kultur_project.fields_of_action.all()) == [field]
    assert kultur_project.agenda_project == agenda_project


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "99999"])
def test_an_edit_without_its_version_is_a_conflict(client, coordinator, kultur_project, version):
    data = project_edit_data(kultur_project, title="Überschrieben")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    client.force_login(coordinator)
    response = client.post(reverse("projects:edit", args=[kultur_project.pk]), data)
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    kultur_project.refresh_from_db()
    assert kultur_project.title == "Digitale Ausleihe"


def test_the_service_treats_a_missing_version_as_a_conflict(coordinator, kultur_project):
    with pytest.raises(services.StaleEditError):
        services.project_update(
            project=kultur_project, actor=coordinator, version=None, title="Ohne Version"
        )
    assert Project.objects.get(pk=kultur_project.pk).title == "Digitale Ausleihe"


def test_a_contributing_partner_in_two_workspaces_links_offices_of_both(
    client, partner_contributor, shared_project, soziales, soziales_office
):
    MembershipFactory(user=partner_contributor, department=soziales, partner=True)
    client.force_login(partner_contributor)
    form = client.get(reverse("projects:edit", args=[shared_project.pk])).context["form"]
    assert soziales_office in form.fields["participating_units"].queryset
