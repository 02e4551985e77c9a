import pytest
from django.urls import reverse

from projects import services
from projects.models import Project

pytestmark = pytest.mark.django_db


def test_every_change_is_recorded_with_user_and_values(client, coordinator, kultur, agenda):
    field = agenda.fields.first()
    project = services.project_create(actor=coordinator, department=kultur, title="Erst")
    services.project_update(
        project=project,
        actor=coordinator,
        version=project.version,
        title="Dann",
        status=Project.Status.IMPLEMENTATION,
        fields_of_action=[field],
    )
    client.force_login(coordinator)
    response = client.get(reverse("projects:history", args=[project.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Erst" in html
    assert "Dann" in html
    assert "in Umsetzung" in html  # choice shown by its label
    assert field.name in html
    changed = [e for e in response.context["entries"] if e.kind == "~"]
    assert changed
    assert changed[0].user == coordinator


def test_status_updates_and_archiving_have_history(coordinator, kultur_project):
    services.status_update_create(
        project=kultur_project,
        actor=coordinator,
        progress=10,
        text="Start",
        traffic_light="im_plan",
    )
    services.project_archive(project=kultur_project, actor=coordinator)
    update = kultur_project.status_updates.get()
    assert update.history.count() == 1
    assert kultur_project.history.filter(archived_at__isnull=False).exists()


def test_history_page_follows_the_read_scope(client, staff, confidential_kultur_project):
    client.force_login(staff)
    url = reverse("projects:history", args=[confidential_kultur_project.pk])
    assert client.get(url).status_code == 404


def test_membership_and_strategy_changes_have_history(coordinator, agenda):
    membership = coordinator.memberships.get()
    membership.role = "mitarbeit"
    membership.save()
    field = agenda.fields.first()
    field.motto = "Neues Motto"
    field.save()
    assert membership.history.count() == 2
    assert field.history.first().motto == "Neues Motto"


def test_organisation_changes_have_history(kultur):
    office = kultur.units.first()
    office.name = "Umbenanntes Amt"
    office.save()
    kultur.head = "Neue Leitung"
    kultur.save()
    assert office.history.first().name == "Umbenanntes Amt"
    assert kultur.history.first().head == "Neue Leitung"


# --- What the history shows to whom -------------------------------------------------------


@pytest.fixture
def formerly_confidential(coordinator, kultur):
    """Created confidential with secret values, then made public with new ones."""
    project = services.project_create(
        actor=coordinator, department=kultur, title="Geheimes Vergabeverfahren",
        description="Geheime Beschreibung", budget=987654, confidential=True,
    )  # fmt: skip
    project = services.project_update(
        project=project, actor=coordinator, version=project.version,
        title="Öffentliches Vorhaben", description="Öffentliche Beschreibung", budget=1000,
    )  # fmt: skip
    return services.project_update(
        project=project, actor=coordinator, version=project.version, confidential=False
    )


@pytest.mark.parametrize("reader", ["staff", "leadership_user"])
def test_values_recorded_while_confidential_stay_hidden_from_other_readers(
    client, request, reader, formerly_confidential
):
    client.force_login(request.getfixturevalue(reader))
    response = client.get(reverse("projects:history", args=[formerly_confidential.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for secret in ("Geheimes Vergabeverfahren", "Geheime Beschreibung", "987654", "987.654"):
        assert secret not in html
    assert "Öffentliches Vorhaben" in html  # today's values are the page's own
    assert "vertraulich" in html  # says that earlier entries are not shown


@pytest.mark.parametrize("reader", ["coordinator", "rds_user", "admin_user"])
def test_those_who_may_see_it_confidential_see_the_whole_history(
    client, request, reader, formerly_confidential
):
    client.force_login(request.getfixturevalue(reader))
    html = client.get(reverse("projects:history", args=[formerly_confidential.pk])).content
    assert "Geheimes Vergabeverfahren" in html.decode()


def test_a_project_confidential_again_hides_only_that_period(client, staff, coordinator, kultur):
    project = services.project_create(actor=coordinator, department=kultur, title="Offen")
    project = services.project_update(
        project=project, actor=coordinator, version=project.version, confidential=True,
        title="Verdeckt",
    )  # fmt: skip
    services.project_update(
        project=project, actor=coordinator, version=project.version, confidential=False,
        title="Wieder offen",
    )  # fmt: skip
    client.force_login(staff)
    response = client.get(reverse("projects:history", args=[project.pk]))
    assert [entry.kind for entry in response.context["entries"]] == ["~", "+"]
    assert response.context["entries"][0].follows_hidden
    assert "Verdeckt" not in response.content.decode()


def test_partners_get_no_history_page(client, partner, kultur_project):
    client.force_login(partner)
    assert client.get(reverse("projects:history", args=[kultur_project.pk])).status_code == 404
    detail = client.get(kultur_project.get_absolute_url()).content.decode()
    assert reverse("projects:history", args=[kultur_project.pk]) not in detail
