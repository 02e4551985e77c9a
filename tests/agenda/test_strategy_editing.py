"""The central unit keeps the strategy in the app: guiding principles, fields of action, goals
and agenda projects of the active agenda, with the same optimistic locking and history as the
administration. Nobody else may, and a gap seen on the city dashboard leads to the editor."""

import pytest
from django.core.exceptions import PermissionDenied

from agenda import services
from agenda.models import AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from tests.factories import AgendaFactory, FieldOfActionFactory, GoalFactory

pytestmark = pytest.mark.django_db


def _goal_data(goal, **changes):
    data = {"field": goal.field_id, "title": goal.title, "description": goal.description,
            "target": goal.target, "order": goal.order, "version": goal.version}  # fmt: skip
    return data | changes


def test_rds_adds_a_goal_to_a_field_and_it_is_recorded(client, rds_user, agenda):
    netze = agenda.fields.get(name="Netze")
    client.force_login(rds_user)
    form = client.get(f"/agenda/ziele/neu/?handlungsfeld={netze.pk}")
    assert form.context["form"]["field"].value() == str(netze.pk)
    response = client.post(
        "/agenda/ziele/neu/",
        {"field": netze.pk, "title": "Glasfaser in jedes Haus", "target": "90 % bis 2030",
         "order": 2, "description": ""},
    )  # fmt: skip
    goal = Goal.objects.get(title="Glasfaser in jedes Haus")
    assert response.url == f"/agenda/ziele/{goal.pk}/"
    assert (goal.field, goal.version) == (netze, 1)
    record = goal.history.get()
    assert (record.history_type, record.history_user) == ("+", rds_user)


def test_an_edit_on_an_outdated_version_is_refused_and_keeps_the_input(client, rds_user, agenda):
    goal = agenda.fields.get(name="Daten").goals.get()
    client.force_login(rds_user)
    opened = client.get(f"/agenda/ziele/{goal.pk}/bearbeiten/")
    assert opened.context["form"]["version"].value() == 1
    services.strategy_update(actor=rds_user, entry=goal, version=1, target="Von anderer Seite")

    response = client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", _goal_data(goal, title="Neu"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jemand anderes hat diesen Eintrag gespeichert" in html
    assert 'value="Neu"' in html  # the input is kept
    assert "Von anderer Seite" in html  # next to the saved version
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Ziel im Handlungsfeld Daten", 2)
    # Saving again from the form as shown now (it carries the current version) succeeds.
    again = response.context["form"].data.copy()
    assert client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", again).status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Neu", 3)


def test_the_history_names_who_changed_what(client, rds_user, agenda):
    field = agenda.fields.get(name="Daten")
    services.strategy_update(actor=rds_user, entry=field, version=1, motto="Daten teilen")
    client.force_login(rds_user)
    response = client.get(f"/agenda/handlungsfelder/{field.pk}/verlauf/")
    (entry, *_older) = response.context["entries"]
    assert entry.user == rds_user
    assert [(c.label, c.new) for c in entry.changes] == [("Motto", "Daten teilen")]


def test_every_kind_can_be_created_on_the_active_agenda(client, rds_user, agenda):
    client.force_login(rds_user)
    posts = {
        "leitlinien": {"title": "Offen by default", "order": 1},
        "handlungsfelder": {"name": "Bildung", "short_name": "", "order": 3},
        "agenda-projekte": {"number": 7, "title": "Schul-WLAN", "field": ""},
    }
    for kind, data in posts.items():
        response = client.post(f"/agenda/{kind}/neu/", data)
        assert response.status_code == 302, (kind, response.context["form"].errors)
    assert GuidingPrinciple.objects.get(title="Offen by default").agenda == agenda
    assert FieldOfAction.objects.get(name="Bildung").agenda == agenda
    assert AgendaProject.objects.get(title="Schul-WLAN").agenda == agenda


def test_a_duplicate_name_is_refused_with_a_message_on_the_field(client, rds_user, agenda):
    client.force_login(rds_user)
    response = client.post("/agenda/handlungsfelder/neu/", {"name": "daten", "order": 5})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "bereits ein Handlungsfeld mit diesem Namen" in str(errors["name"])
    assert FieldOfAction.objects.filter(name__iexact="daten").count() == 1


def test_hostile_input_changes_nothing(client, rds_user, agenda):
    other_agenda = AgendaFactory(title="Alte Agenda", status="archiviert")
    foreign = FieldOfActionFactory(agenda=other_agenda, name="Fremd")
    old_goal = GoalFactory(field=foreign, title="Alt")
    goal = agenda.fields.get(name="Daten").goals.get()
    client.force_login(rds_user)
    # A field of action of another (archived) agenda, a missing version, a forged version,
    # HTML in the title, and an entry of an archived agenda.
    moved = client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", _goal_data(goal, field=foreign.pk))
    assert moved.status_code == 200
    assert "field" in moved.context["form"].errors
    no_version = client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", _goal_data(goal, version=""))
    assert "Jemand anderes" in no_version.content.decode()
    forged = client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", _goal_data(goal, version="²"))
    assert "Jemand anderes" in forged.content.decode()
    goal.refresh_from_db()
    assert (goal.field.name, goal.version) == ("Daten", 1)
    assert client.get(f"/agenda/ziele/{old_goal.pk}/bearbeiten/").status_code == 404
    client.post(f"/agenda/ziele/{goal.pk}/bearbeiten/", _goal_data(goal, title="<b>Fett</b>"))
    page = client.get(f"/agenda/ziele/{goal.pk}/").content.decode()
    assert "&lt;b&gt;Fett&lt;/b&gt;" in page
    assert "<b>Fett</b>" not in page


@pytest.mark.parametrize("user", ["coordinator", "staff", "leadership_user", "partner"])
def test_nobody_else_keeps_the_strategy(client, request, agenda, user):
    actor = request.getfixturevalue(user)
    goal = agenda.fields.first().goals.get()
    client.force_login(actor)
    for url in (
        "/agenda/ziele/neu/",
        f"/agenda/ziele/{goal.pk}/bearbeiten/",
        f"/agenda/ziele/{goal.pk}/verlauf/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, _goal_data(goal, title="Übernommen")).status_code == 404
    assert (
        b"/agenda/ziele/neu/" not in client.get(f"/agenda/handlungsfelder/{goal.field_id}/").content
    )
    with pytest.raises(PermissionDenied):
        services.strategy_update(actor=actor, entry=goal, version=1, title="Übernommen")
    goal.refresh_from_db()
    assert goal.title != "Übernommen"


def test_the_agenda_page_offers_the_editor_to_rds_only(client, rds_user, leadership_user, agenda):
    client.force_login(rds_user)
    html = client.get("/agenda/").content.decode()
    for url in (
        "/agenda/leitlinien/neu/",
        "/agenda/handlungsfelder/neu/",
        "/agenda/agenda-projekte/neu/",
        "/agenda/ziele/neu/?handlungsfeld=",
    ):
        assert url in html  # fmt: skip
    client.force_login(leadership_user)
    assert "/bearbeiten/" not in client.get("/agenda/").content.decode()
