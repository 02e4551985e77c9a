"""The workshop pages as their users meet them: forms that plan, record and decide, and the
answers to hostile posts (another workspace's ids, values outside the choices, missing
fields), which change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from access.rights import EXTERNAL_GROUP, role_group
from organisation.models import Membership
from projects.models import Project
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.workshops.fixtures_series import *  # noqa: F403
from workshops import services
from workshops.models import ChangeItem, Cohort, Decision, OpenQuestion, Workshop


@pytest.fixture
def kultur_projects(kultur):
    return [
        ProjectFactory(department=kultur, title="Digitales Kulturticket", priority_rank=1),
        ProjectFactory(department=kultur, title="Online-Förderantrag", priority_rank=2),
        ProjectFactory(department=kultur, title="Archiv digitalisieren"),
    ]


def url(name, *args):
    return reverse(f"workshops:{name}", args=args)


def test_rds_plans_a_cohort_with_the_form_and_is_warned_about_one_department(
    client, rds_user, series_templates, kultur
):
    client.force_login(rds_user)
    response = client.post(
        url("cohort_create"),
        {"number": 7, "name": "Frühjahr", "status": "geplant", "departments": [kultur.pk]},
        follow=True,
    )
    cohort = Cohort.objects.get(number=7)
    assert response.redirect_chain[-1][0] == cohort.get_absolute_url()
    assert cohort.workshops.count() == 3
    assert "zwei Dezernate" in response.content.decode() or "two departments" in (
        response.content.decode()
    )


def test_the_cohort_form_refuses_hostile_input(client, rds_user, series_templates, kultur):
    client.force_login(rds_user)
    for data in (
        {"number": 8, "status": "erfunden", "departments": [kultur.pk]},
        {"number": 8, "status": "geplant", "departments": [999999]},
        {"number": 8, "status": "geplant"},
        {"number": "", "status": "geplant", "departments": [kultur.pk]},
    ):
        response = client.post(url("cohort_create"), data)
        assert response.status_code == 200
    assert not Cohort.objects.filter(number=8).exists()


def test_the_coordinator_records_and_applies_a_change_list(
    client, coordinator, kultur_teil2, kultur_projects
):
    ticket = kultur_projects[0]
    client.force_login(coordinator)
    response = client.post(
        url("result_add", kultur_teil2.pk, "aenderung"),
        {"project": ticket.pk, "field": "status", "status": "umsetzung"},
    )
    assert response.status_code == 302
    item = ChangeItem.objects.get()
    client.post(url("change_decide", item.pk, "annehmen"))
    page = client.get(kultur_teil2.get_absolute_url()).content.decode()
    assert "Digitales Kulturticket" in page
    client.post(url("change_list_apply", kultur_teil2.pk))
    ticket.refresh_from_db()
    assert ticket.status == "umsetzung"
    assert ticket.history.latest().history_change_reason.endswith(("Staffel 3", "cohort 3"))


def test_hostile_result_posts_change_nothing(
    client, coordinator, kultur_teil2, kultur_projects, soziales_project, cohort, soziales
):
    client.force_login(coordinator)
    ticket = kultur_projects[0]
    hostile = [
        ("aenderung", {"project": soziales_project.pk, "field": "status", "status": "pausiert"}),
        ("aenderung", {"project": ticket.pk, "field": "title", "status": "pausiert"}),
        ("aenderung", {"project": ticket.pk, "field": "status", "status": "<b>x</b>"}),
        ("aenderung", {"project": ticket.pk, "field": "goals", "goals": ["999999"]}),
        ("aenderung", {}),
        ("frage", {"text": "Wer?", "owner": 999999}),
        ("vorhaben", {"project": soziales_project.pk}),
        ("beschluss", {"text": ""}),
        ("fund", {"kind": "erfunden", "title": "x"}),
    ]
    for kind, data in hostile:
        response = client.post(url("result_add", kultur_teil2.pk, kind), data)
        assert response.status_code == 200, (kind, data)
    assert not ChangeItem.objects.exists()
    assert not OpenQuestion.objects.exists()
    assert not Decision.objects.exists()
    # Another department's workshop does not exist for Kultur's coordinator.
    other = cohort.workshops.get(department=soziales, part=2)
    response = client.post(url("result_add", other.pk, "beschluss"), {"text": "Fremd"})
    assert response.status_code == 404
    assert client.post(url("result_add", kultur_teil2.pk, "unbekannt"), {}).status_code == 404


def test_staff_read_the_workshop_but_cannot_record(client, staff, kultur_teil2):
    client.force_login(staff)
    assert client.get(kultur_teil2.get_absolute_url()).status_code == 200
    response = client.post(url("result_add", kultur_teil2.pk, "beschluss"), {"text": "Nein"})
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_a_partner_never_sees_another_departments_workshop(client, partner, cohort, soziales):
    client.force_login(partner)
    other = cohort.workshops.get(department=soziales, part=1)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(cohort.get_absolute_url()).status_code == 404
    listed = client.get(url("workshops")).context["page"].object_list
    assert {w.department_id for w in listed} == {cohort.departments.get(slug="kultur").pk}


def test_the_contracted_office_sees_the_cohort_it_supports(
    client, cohort, rds_user, kultur, soziales
):
    """Invited to Kultur's workspace, and as the cohort's contracted office to its workshops
    (Soziales' too), not to Soziales' workspace."""
    office = UserFactory(username="buero", groups=[role_group(EXTERNAL_GROUP)])
    MembershipFactory(
        user=office,
        department=kultur,
        role=Membership.Role.PARTNER_READER,
        expires_at=timezone.now() + timedelta(days=30),
    )
    cohort.supporters.add(office)
    client.force_login(office)
    assert client.get(cohort.get_absolute_url()).status_code == 200
    workshop = cohort.workshops.get(department=soziales, part=1)
    assert client.get(workshop.get_absolute_url()).status_code == 200
    assert client.get(url("minutes_edit", workshop.pk)).status_code == 200
    assert client.get(soziales.get_absolute_url()).status_code == 404


def test_ranking_by_plain_posts_and_by_htmx(client, coordinator, kultur_teil3, kultur_projects):
    client.force_login(coordinator)
    archive = kultur_projects[2]
    page = client.get(url("priorities", kultur_teil3.pk))
    assert [e.project for e in page.context["entries"]] == kultur_projects
    response = client.post(
        url("priority_move", kultur_teil3.pk), {"project": archive.pk, "direction": "up"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?verschoben={archive.pk}&richtung=up#rang-{archive.pk}")
    page = client.get(response["Location"])
    assert page.context["moved"] == (archive.pk, "up")
    assert "autofocus" in page.content.decode()
    response = client.post(
        url("priority_move", kultur_teil3.pk),
        {"project": archive.pk, "direction": "up"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "autofocus" in html
    assert response.context["entries"][0].project == archive
    client.post(url("priorities_apply", kultur_teil3.pk))
    ranks = dict(Project.objects.values_list("title", "priority_rank"))
    assert ranks == {
        "Archiv digitalisieren": 1,
        "Digitales Kulturticket": 2,
        "Online-Förderantrag": 3,
    }


def test_minutes_are_rendered_safely(client, coordinator, kultur_teil2):
    client.force_login(coordinator)
    client.post(
        url("minutes_edit", kultur_teil2.pk),
        {
            "minutes": "# Ablauf\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
            "version": kultur_teil2.version,
        },
    )
    html = client.get(kultur_teil2.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_a_stale_minutes_edit_keeps_the_text_and_shows_the_saved_one(
    client, coordinator, rds_user, kultur_teil2
):
    client.force_login(coordinator)
    version = kultur_teil2.version
    client.post(url("minutes_edit", kultur_teil2.pk), {"minutes": "Erste", "version": version})
    response = client.post(
        url("minutes_edit", kultur_teil2.pk), {"minutes": "Meine Fassung", "version": version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meine Fassung" in html
    assert "Erste" in html
    assert Workshop.objects.get(pk=kultur_teil2.pk).minutes == "Erste"


def test_the_owner_sees_an_open_question_on_the_start_page_until_done(
    client, coordinator, kultur_teil2
):
    client.force_login(coordinator)
    client.post(
        url("result_add", kultur_teil2.pk, "frage"),
        {"text": "Wer betreut die Schnittstelle?", "owner": coordinator.pk},
    )
    question = OpenQuestion.objects.get()
    assert "Wer betreut die Schnittstelle?" in client.get("/").content.decode()
    client.post(url("question_done", question.pk), {"next": "start"})
    assert "Wer betreut die Schnittstelle?" not in client.get("/").content.decode()


def test_the_workspace_lists_its_workshops(client, coordinator, cohort, kultur):
    client.force_login(coordinator)
    html = client.get(kultur.get_absolute_url()).content.decode()
    assert (
        html.count(
            reverse(
                "workshops:workshop", args=[cohort.workshops.filter(department=kultur).first().pk]
            )
        )
        >= 1
    )


def test_a_confidential_project_stays_with_its_department_on_the_workshop_pages(
    client, rds_user, leadership_user, kultur_teil3, confidential_kultur_project, kultur_projects
):
    services.change_propose(
        workshop=kultur_teil3, actor=rds_user, project=confidential_kultur_project,
        field="status", value="pausiert",
    )  # fmt: skip
    services.discussed_add(
        workshop=kultur_teil3, actor=rds_user, project=confidential_kultur_project
    )
    title = confidential_kultur_project.title
    client.force_login(rds_user)
    assert title in client.get(kultur_teil3.get_absolute_url()).content.decode()
    client.force_login(leadership_user)
    assert title not in client.get(kultur_teil3.get_absolute_url()).content.decode()
    ranking = client.get(url("priorities", kultur_teil3.pk)).content.decode()
    assert title not in ranking


def test_the_calendar_download_names_the_attendees_only_to_those_who_run_it(
    client, coordinator, staff, kultur_teil2
):
    kultur_teil2.participants.add(coordinator)
    client.force_login(coordinator)
    assert b"ATTENDEE" in client.get(url("workshop_ics", kultur_teil2.pk)).content
    client.force_login(staff)
    assert b"ATTENDEE" not in client.get(url("workshop_ics", kultur_teil2.pk)).content


def test_a_partner_taking_part_sees_the_workshop_only_while_invited(
    client, cohort, soziales, partner
):
    other = cohort.workshops.get(department=soziales, part=1)
    other.participants.add(partner)  # taking part, but invited to Kultur only
    client.force_login(partner)
    assert client.get(other.get_absolute_url()).status_code == 404


def test_workshops_sorted_by_date_put_the_undated_last(client, rds_user, cohort, kultur_teil2):
    client.force_login(rds_user)
    for order in ("date", "-date"):
        listed = list(client.get(url("workshops"), {"o": order}).context["page"].object_list)
        assert listed[0] == kultur_teil2  # the only one with a date
        assert all(w.starts_at is None for w in listed[1:])
