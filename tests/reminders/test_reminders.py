"""Reminders about status updates: who gets what, never twice for the same reason, the
escalation to the coordination after the second reminder, the weekly digest, opting out."""

import smtplib
from datetime import date, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisation.models import Membership
from projects import services as project_services
from projects.models import Project
from projects.selectors import contact_q
from reminders import services
from reminders.models import Kind, Notice, OptOut
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)  # a Wednesday
FRIDAY = date(2026, 12, 4)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://digital.stadt.example"
    settings.REMINDER_DIGEST_WEEKDAY = 6  # Sunday: no digest in these tests but its own


@pytest.fixture
def kulturamt_staff(kultur, kultur_office):
    user = UserFactory(username="kulturamt")
    MembershipFactory(user=user, department=kultur, role=Membership.Role.STAFF,
                      org_unit=kultur_office)  # fmt: skip
    return user


def _project(kultur, office, title, days_silent, **fields):
    return ProjectFactory(
        department=kultur,
        lead_unit=office,
        title=title,
        status="umsetzung",
        last_reported_on=TODAY - timedelta(days=days_silent),
        **fields,
    )


def _told(user):
    return sorted(
        (notice.kind, notice.project.title if notice.project else notice.department.short_name)
        for notice in Notice.objects.filter(recipient=user)
    )


def test_contacts_are_reminded_once_when_due_and_once_when_overdue(
    kultur, kultur_office, kulturamt_staff, coordinator, partner
):
    _project(kultur, kultur_office, "Fällig", 35)
    _project(kultur, kultur_office, "Überfällig", 65)
    _project(kultur, kultur_office, "Aktuell", 5)
    _project(kultur, None, "Ohne Amt", 35)  # nobody's office: no contact

    report = services.send(TODAY)
    assert report.summary().startswith("1 E-Mails gesendet (2 Anlässe)")
    assert _told(kulturamt_staff) == [("faellig", "Fällig"), ("ueberfaellig", "Überfällig")]
    (message,) = mail.outbox
    assert message.to == ["kulturamt@example.org"]
    assert message.subject == "Statusmeldungen fällig: 2 Vorhaben"
    assert "Zweite Erinnerung" in message.body
    assert "https://digital.stadt.example/vorhaben/" in message.body
    assert "https://digital.stadt.example/erinnerungen/" in message.body
    # The coordinator and the partner are nobody's contact here; nothing is escalated yet.
    assert _told(coordinator) == []
    assert _told(partner) == []

    # A second run the same day, and the day after: nothing again.
    assert services.send(TODAY).sent == []
    assert services.send(TODAY + timedelta(days=1)).sent == []
    assert len(mail.outbox) == 1


def test_a_new_status_update_starts_a_new_reason(kultur, kultur_office, kulturamt_staff):
    project = _project(kultur, kultur_office, "Fällig", 35)
    services.send(TODAY)
    project_services.status_update_create(
        project=project, actor=kulturamt_staff, progress=20, text="Weiter", traffic_light="im_plan"
    )
    project.refresh_from_db()
    later = project.last_reported_on + timedelta(days=31)
    services.send(later)
    assert [n.kind for n in Notice.objects.filter(project=project)] == ["faellig", "faellig"]
    assert len({n.reason for n in Notice.objects.filter(project=project)}) == 2


def test_the_coordination_hears_of_stale_projects_after_the_second_reminder(
    kultur, kultur_office, kulturamt_staff, coordinator
):
    stale = _project(kultur, kultur_office, "Veraltet", 95)
    nobodys = _project(kultur, None, "Ohne Ansprechperson", 95)
    services.send(TODAY)
    # The contact got the second reminder; the project without a contact is escalated at once.
    assert _told(kulturamt_staff) == [("ueberfaellig", "Veraltet")]
    assert _told(coordinator) == [("eskalation", "Ohne Ansprechperson")]
    services.send(TODAY + timedelta(days=1))  # after the second reminder: escalated
    assert _told(coordinator) == [("eskalation", "Ohne Ansprechperson"), ("eskalation", "Veraltet")]
    body = mail.outbox[-1].body
    assert "Als Koordination" in body
    assert stale.title in body
    assert nobodys.title not in body  # told the day before, not again


def test_the_weekly_digest_goes_to_coordinators_once_a_week(
    settings, kultur, kultur_office, coordinator, kulturamt_staff
):
    settings.REMINDER_DIGEST_WEEKDAY = 4  # Friday
    _project(kultur, kultur_office, "Kritisch", 5, traffic_light="kritisch")
    services.send(TODAY)  # a Wednesday: the digest waits for Friday
    assert _told(coordinator) == []
    services.send(FRIDAY)
    assert _told(coordinator) == [("wochenbericht", "Kultur")]
    message = next(m for m in mail.outbox if m.to == [coordinator.email])
    assert message.subject == "Wochenbericht des Arbeitsraums Kultur"
    assert "1 offenes Vorhaben mit Ampel kritisch" in message.body
    assert "Kritisch" in message.body
    services.send(FRIDAY + timedelta(days=1))  # same week: not again
    services.send(FRIDAY + timedelta(days=3))  # Monday of the next week: waits for Friday
    services.send(FRIDAY + timedelta(days=8))  # the next Saturday: the first run after Friday
    assert [n.reason for n in Notice.objects.filter(recipient=coordinator)] == [
        "woche-2026-50", "woche-2026-49"
    ]  # fmt: skip


def test_nobody_gets_a_kind_they_turned_off(client, kultur, kultur_office, kulturamt_staff,
                                            coordinator):  # fmt: skip
    _project(kultur, kultur_office, "Fällig", 35)
    _project(kultur, kultur_office, "Überfällig", 65)
    client.force_login(kulturamt_staff)
    page = client.get("/erinnerungen/")
    assert page.context["form"]["wanted"].value() == [
        "faellig", "ueberfaellig", "eskalation", "wochenbericht"
    ]  # fmt: skip
    client.post("/erinnerungen/", {"wanted": ["ueberfaellig"]})
    assert set(OptOut.objects.filter(user=kulturamt_staff).values_list("kind", flat=True)) == {
        "faellig", "eskalation", "wochenbericht"
    }  # fmt: skip
    assert not OptOut.objects.filter(user=coordinator).exists()  # only one's own choice
    services.send(TODAY)
    assert _told(kulturamt_staff) == [("ueberfaellig", "Überfällig")]


def test_a_coordinator_may_turn_off_the_digest(settings, kultur, coordinator):
    settings.REMINDER_DIGEST_WEEKDAY = 0
    OptOut.objects.create(user=coordinator, kind=Kind.DIGEST)
    services.send(TODAY)
    assert _told(coordinator) == []


def test_a_dry_run_tells_and_records_nothing(kultur, kultur_office, kulturamt_staff):
    _project(kultur, kultur_office, "Fällig", 35)
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--today", TODAY.isoformat(), stdout=out)
    assert "1 E-Mails würden gesendet (1 Anlässe)" in out.getvalue()
    assert "kulturamt@example.org ← Statusmeldung fällig: Fällig" in out.getvalue()
    assert mail.outbox == []
    assert not Notice.objects.exists()


def test_a_refused_mail_is_not_recorded_and_is_tried_again(kultur, kultur_office,
                                                          kulturamt_staff):  # fmt: skip
    _project(kultur, kultur_office, "Fällig", 35)
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPException):
        report = services.send(TODAY)
    assert len(report.failed) == 1
    assert not Notice.objects.exists()
    assert len(services.send(TODAY).sent) == 1


def test_the_command_needs_the_site_address(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="DJANGO_SITE_URL"):
        call_command("send_reminders")


def test_the_start_page_lists_what_needs_the_user(client, kultur, kultur_office,
                                                  kulturamt_staff):  # fmt: skip
    _project(kultur, kultur_office, "Fällig", 35)
    _project(kultur, kultur_office, "Kritisch", 2, traffic_light="kritisch")
    _project(kultur, kultur_office, "Aktuell", 2)
    client.force_login(kulturamt_staff)
    needs = client.get("/").context["needs_me"]
    assert [p.title for p in needs["due"]["items"]] == ["Fällig"]
    assert [p.title for p in needs["critical"]["items"]] == ["Kritisch"]
    assert needs["anything"] is True


def test_the_contacts_found_at_once_are_those_of_each_users_start_page(
    kultur, soziales, kultur_office, soziales_office, kulturamt_staff, coordinator
):
    creator = UserFactory(username="ersteller")
    MembershipFactory(user=creator, department=kultur, role=Membership.Role.STAFF)
    _project(kultur, kultur_office, "Im Amt", 35)
    _project(kultur, None, "Selbst angelegt", 35, created_by=creator)
    _project(soziales, soziales_office, "Anderes Dezernat", 35, created_by=kulturamt_staff)
    _project(kultur, None, "Ohne Amt", 65)
    users = [kulturamt_staff, coordinator, creator]
    contacts_of = services._contacts(users)
    for project in Project.objects.all():
        expected = {
            user.pk for user in users if Project.objects.filter(contact_q(user), pk=project.pk)
        }
        assert contacts_of(project) == expected, project.title


def test_the_run_asks_as_many_queries_for_many_recipients_as_for_one(
    kultur, kultur_office, kulturamt_staff
):
    _project(kultur, kultur_office, "Fällig", 35)
    _project(kultur, kultur_office, "Überfällig", 65)
    with CaptureQueriesContext(connection) as one:
        assert len(services.due(TODAY)) == 1
    for number in range(5):
        user = UserFactory(username=f"kollegin{number}")
        MembershipFactory(user=user, department=kultur, role=Membership.Role.STAFF,
                          org_unit=kultur_office)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        assert len(services.due(TODAY)) == 6
    assert len(many) == len(one)
