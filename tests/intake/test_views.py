"""The intake's pages as offices, coordinators and the central unit use them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import answers, services
from intake.models import DepartmentIntake, Response
from organisation.models import Membership
from projects.models import Project
from tests.factories import MembershipFactory, OrgUnitFactory, ProjectFactory, UserFactory
from tests.intake.conftest import fill_in

pytestmark = pytest.mark.django_db


def _edit_url(response):
    return reverse("intake:response_edit", args=[response.pk])


def _form_data(client, response) -> dict:
    """What a browser sends for the form as the page shows it: every field's value (none for
    an unchecked choice), the hidden version and marks included."""
    form = client.get(_edit_url(response)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, []):
            data[name] = value
    return data


def test_an_office_fills_in_over_two_sittings_and_submits(client, sozialamt_response, staff):
    client.force_login(staff)
    page = client.get(_edit_url(sozialamt_response))
    assert page.status_code == 200
    assert "Welche Aufgaben nimmt Ihre Organisationseinheit wahr? (Pflichtfrage)" in (
        page.content.decode()
    )
    data = _form_data(client, sozialamt_response) | {"a-aufgaben": "Wohngeld", "save": ""}
    assert client.post(_edit_url(sozialamt_response), data).status_code == 302
    # Second sitting: the answer is there; submitting with gaps names them and saves the rest.
    data = _form_data(client, sozialamt_response) | {"a-bedarfe": "Personal", "submit": ""}
    page = client.post(_edit_url(sozialamt_response), data, follow=True)
    assert "Pflichtfrage nicht beantwortet" in page.content.decode()
    response = Response.objects.get(pk=sozialamt_response.pk)
    assert response.state == Response.State.IN_PROGRESS
    assert dict(response.answers.values_list("key", "value")) == {
        "aufgaben": "Wohngeld",
        "bedarfe": "Personal",
    }
    response = fill_in(response, staff)
    page = client.post(reverse("intake:response_submit", args=[response.pk]), follow=True)
    assert Response.objects.get(pk=response.pk).state == Response.State.SUBMITTED
    assert "eingereicht" in page.content.decode()


def test_autosave_answers_with_the_new_version_and_marks(client, sozialamt_response, staff):
    client.force_login(staff)
    data = _form_data(client, sozialamt_response) | {"a-aufgaben": "Automatisch"}
    reply = client.post(_edit_url(sozialamt_response), data, headers={"X-Autosave": "1"})
    assert reply.status_code == 200
    body = reply.json()
    assert body["version"] == sozialamt_response.version + 1
    assert body["fingerprints"]["o-aufgaben"] == answers.fingerprint("Automatisch")
    assert body["completeness"] == [1, 9]


def test_autosave_of_a_bad_value_saves_nothing_and_says_so(client, sozialamt_response, staff):
    client.force_login(staff)
    data = _form_data(client, sozialamt_response) | {"a-beschaeftigte": "viele"}
    reply = client.post(_edit_url(sozialamt_response), data, headers={"X-Autosave": "1"})
    assert reply.status_code == 400
    assert not Response.objects.get(pk=sozialamt_response.pk).answers.exists()


def test_autosave_after_the_session_expired_is_sent_to_the_login(client, sozialamt_response):
    reply = client.post(
        _edit_url(sozialamt_response), {"a-aufgaben": "x"}, headers={"X-Autosave": "1"}
    )
    assert reply.status_code == 302
    assert reply["Location"].startswith(reverse("login"))
    assert not Response.objects.get(pk=sozialamt_response.pk).answers.exists()


def test_two_editors_of_one_answer_see_both_versions(
    client, sozialamt_response, staff, soziales_coordinator
):
    client.force_login(staff)
    mine = _form_data(client, sozialamt_response)
    services.response_save(
        actor=soziales_coordinator,
        response=sozialamt_response,
        version=sozialamt_response.version,
        values={"aufgaben": "Fassung der Koordination", "bedarfe": "Von der Koordination"},
        loaded={},
    )
    page = client.post(
        _edit_url(sozialamt_response), mine | {"a-aufgaben": "Meine Fassung", "save": ""}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Fassung der Koordination" in text  # shown as saved meanwhile
    form = page.context["form"]
    assert form["a-aufgaben"].value() == "Meine Fassung"  # own input kept
    assert form["a-bedarfe"].value() == "Von der Koordination"  # theirs taken in
    stored = dict(
        Response.objects.get(pk=sozialamt_response.pk).answers.values_list("key", "value")
    )
    assert stored["aufgaben"] == "Fassung der Koordination"
    # Saving the form as it came back keeps the editor's answer knowingly, and theirs.
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: v for k, v in data.items() if v != []} | {"save": ""}
    assert client.post(_edit_url(sozialamt_response), data).status_code == 302
    stored = dict(
        Response.objects.get(pk=sozialamt_response.pk).answers.values_list("key", "value")
    )
    assert stored["aufgaben"] == "Meine Fassung"
    assert stored["bedarfe"] == "Von der Koordination"


def test_a_title_that_exists_is_offered_as_the_match(
    client, sozialamt_response, staff, soziales, soziales_office
):
    existing = ProjectFactory(department=soziales, lead_unit=soziales_office, title="E-Akte")
    client.force_login(staff)
    url = reverse("intake:entry_create", args=[sozialamt_response.pk, "vorhaben"])
    data = {
        "title": "e-akte",
        "kind": "projekt",
        "status": "umsetzung",
        "financing": "finanziert",
        "influence": "hoch",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert "E-Akte" in page.context["form"].fields["match"].choices[0][1]
    assert not sozialamt_response.project_entries.exists()
    assert client.post(url, data | {"match": str(existing.pk)}).status_code == 302
    assert Project.objects.filter(department=soziales).count() == 1
    existing.refresh_from_db()
    assert existing.status == "umsetzung"
    assert sozialamt_response.project_entries.get().project == existing


def test_comments_go_back_and_forth_and_are_resolved(client, sozialamt_response, staff, rds_user):
    client.force_login(rds_user)
    client.post(
        reverse("intake:comment_start", args=[sozialamt_response.pk]),
        {"key": "bedarfe", "body": "Welche Stellen genau?"},
    )
    thread = sozialamt_response.pk and services.Thread.objects.about(sozialamt_response).get()
    client.force_login(staff)
    page = client.get(sozialamt_response.get_absolute_url())
    assert "Welche Stellen genau?" in page.content.decode()
    client.post(
        reverse("intake:comment_reply", args=[sozialamt_response.pk, thread.pk]),
        {"body": "Zwei im Sachgebiet IT"},
    )
    assert client.post(
        reverse("intake:comment_resolve", args=[sozialamt_response.pk, thread.pk])
    ).status_code in (403, 404)
    client.force_login(rds_user)
    client.post(reverse("intake:comment_resolve", args=[sozialamt_response.pk, thread.pk]))
    thread.refresh_from_db()
    assert thread.is_resolved
    assert [c.body for c in thread.comments.all()] == [
        "Welche Stellen genau?",
        "Zwei im Sachgebiet IT",
    ]


def test_the_progress_view_does_a_fixed_number_of_queries(client, intake_round, rds_user, soziales):
    client.force_login(rds_user)
    url = intake_round.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(8):
        office = OrgUnitFactory(department=soziales, name=f"Amt {number}")
        Response.objects.create(
            intake=intake_round.intakes.get(department=soziales), unit=office, required_total=9
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_staff_without_an_office_see_no_response_and_are_told_why(client, intake_round, soziales):
    user = UserFactory(username="ohne-amt")
    MembershipFactory(user=user, department=soziales, role=Membership.Role.STAFF)
    client.force_login(user)
    page = client.get(reverse("intake:index"))
    assert page.status_code == 200
    assert not page.context["my_responses"]
    assert "Organisationseinheit" in page.content.decode()


def test_the_coordinator_submits_the_department_when_all_are_in(
    client, soziales_intake, soziales_coordinator
):
    for response in soziales_intake.responses.all():
        response = fill_in(response, soziales_coordinator, project_title=f"V {response.pk}")
        services.response_submit(actor=soziales_coordinator, response=response)
    client.force_login(soziales_coordinator)
    page = client.get(soziales_intake.get_absolute_url())
    assert "Dezernat einreichen" in page.content.decode()
    client.post(reverse("intake:intake_submit", args=[soziales_intake.pk]))
    assert DepartmentIntake.objects.get(pk=soziales_intake.pk).state == "eingereicht"
