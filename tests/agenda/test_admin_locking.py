"""Strategy objects are maintained in the admin by several people: a save based on an
outdated version is refused with a message naming what changed, and the input stays."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _post(client, goal, **changes):
    data = {"field": goal.field_id, "title": goal.title, "description": goal.description,
            "target": goal.target, "order": goal.order, "version_seen": goal.version}  # fmt: skip
    data.update(changes)
    return client.post(reverse("admin:agenda_goal_change", args=[goal.pk]), data)


def test_admin_save_on_an_outdated_version_is_refused(client, admin_user, agenda):
    goal = agenda.fields.first().goals.first()
    client.force_login(admin_user)
    opened = client.get(reverse("admin:agenda_goal_change", args=[goal.pk]))
    assert b'name="version_seen"' in opened.content

    # Someone else saves first.
    other = type(goal).objects.get(pk=goal.pk)
    other.target = "50 % bis 2027"
    other.version += 1
    other.save()

    response = _post(client, goal, title="Mein neuer Titel")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mein neuer Titel" in html  # input kept
    assert "Messbarer Zielwert" in html  # names what changed meanwhile
    goal.refresh_from_db()
    assert goal.title != "Mein neuer Titel"

    # Saving again from the form as now shown succeeds.
    goal.version = 2
    response = _post(client, goal, title="Mein neuer Titel", target="50 % bis 2027")
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Mein neuer Titel"
    assert goal.version == 3


def test_admin_saves_normally_when_nobody_else_did(client, admin_user, agenda):
    goal = agenda.fields.first().goals.first()
    client.force_login(admin_user)
    assert _post(client, goal, title="Anders").status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Anders", 2)
