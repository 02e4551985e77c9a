"""Reminder e-mails to the offices of a round: who gets what, never twice a day (also when
two runs overlap), dry runs that write nothing, the page that sends them and who may use it,
the command for cron, and what the mail says."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone, translation

from intake import reminders, services
from intake.models import DepartmentIntake, Event, Reminder, Response
from organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.intake.conftest import fill_in

pytestmark = pytest.mark.django_db

Reason = Reminder.Reason
SITE = "https://digital.stadt.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def setting(intake_round, kultur, soziales, staff, gesundheitsamt_staff, coordinator):
    """Sozialamt in progress, Gesundheitsamt not started (both with staff), Kulturamt
    submitted, the Bibliotheken not started and without staff (→ Kultur's coordination)."""
    sozialamt = Response.objects.get(intake__round=intake_round, unit__name="Sozialamt")
    services.response_save(
        actor=staff,
        response=sozialamt,
        version=sozialamt.version,
        values={"aufgaben": "Wohngeld"},
        loaded={"aufgaben": None},
    )
    kulturamt = Response.objects.get(intake__round=intake_round, unit__name="Kulturamt")
    services.response_submit(actor=coordinator, response=fill_in(kulturamt, coordinator))
    return intake_round


def _by_office(planned):
    return {item.response.unit.name: item for item in planned}


# --- who gets what ---------------------------------------------------------------------


def test_offices_not_started_or_not_submitted_are_due_with_their_staff(setting, today):
    due = _by_office(reminders.due(setting, today))
    assert set(due) == {"Sozialamt", "Gesundheitsamt", "Leipziger Städtische Bibliotheken"}
    assert due["Sozialamt"].reason == Reason.NOT_SUBMITTED
    assert due["Sozialamt"].recipients == ["mitarbeit-soziales-test@example.org"]
    assert due["Gesundheitsamt"].reason == Reason.NOT_STARTED
    assert due["Gesundheitsamt"].recipients == ["mitarbeit-gesundheitsamt-test@example.org"]
    assert not due["Gesundheitsamt"].to_coordination


def test_an_office_without_staff_is_reminded_through_the_coordination(setting, today):
    item = _by_office(reminders.due(setting, today))["Leipziger Städtische Bibliotheken"]
    assert item.reason == Reason.NOT_STARTED
    assert item.to_coordination
    assert item.recipients == ["koordination-kultur-test@example.org"]


def test_only_active_staff_of_the_office_with_an_address_get_it(
    setting, today, soziales, soziales_office, soziales_coordinator
):
    MembershipFactory(  # an expired membership
        user=UserFactory(username="ehemals"),
        department=soziales,
        org_unit=soziales_office,
        expires_at=timezone.now() - timedelta(days=1),
    )
    MembershipFactory(user=UserFactory(username="ohne-adresse", email=""), department=soziales,
                      org_unit=soziales_office)  # fmt: skip
    MembershipFactory(user=UserFactory(username="inaktiv", is_active=False),
                      department=soziales, org_unit=soziales_office)  # fmt: skip
    coordinator_membership = soziales_coordinator.memberships.get()
    coordinator_membership.org_unit = soziales_office  # a coordinator is not the office's staff
    coordinator_membership.save()
    item = _by_office(reminders.due(setting, today))["Sozialamt"]
    assert item.recipients == ["mitarbeit-soziales-test@example.org"]
    assert not item.to_coordination


def test_a_department_that_has_submitted_gets_no_reminders(setting, today, kultur):
    setting.intakes.filter(department=kultur).update(state=DepartmentIntake.State.SUBMITTED)
    assert set(_by_office(reminders.due(setting, today))) == {"Sozialamt", "Gesundheitsamt"}


def test_changes_requested_count_as_not_submitted(setting, today, soziales):
    setting.intakes.filter(department=soziales).update(
        state=DepartmentIntake.State.CHANGES_REQUESTED
    )
    Response.objects.filter(unit__name="Gesundheitsamt").update(
        state=Response.State.CHANGES_REQUESTED
    )
    item = _by_office(reminders.due(setting, today))["Gesundheitsamt"]
    assert item.reason == Reason.NOT_SUBMITTED


# --- sending: once a day ---------------------------------------------------------------


def test_one_mail_per_office_recorded_with_reminder_and_event(setting, today, rds_user):
    report = reminders.send(setting, today, actor=rds_user)
    assert len(report.sent) == 3
    assert len(mail.outbox) == 3
    assert sorted(tuple(message.to) for message in mail.outbox) == [
        ("koordination-kultur-test@example.org",),
        ("mitarbeit-gesundheitsamt-test@example.org",),
        ("mitarbeit-soziales-test@example.org",),
    ]
    reminder = Reminder.objects.get(response__unit__name="Sozialamt")
    assert reminder.sent_on == today
    assert reminder.reason == Reason.NOT_SUBMITTED
    assert reminder.recipients == "mitarbeit-soziales-test@example.org"
    events = Event.objects.filter(action=Event.Action.REMINDED)
    assert events.count() == 3
    assert {event.actor for event in events} == {rds_user}


def test_a_second_run_on_the_same_day_sends_nothing(setting, today):
    reminders.send(setting, today)
    second = reminders.send(setting, today)
    assert second.sent == []
    assert len(mail.outbox) == 3
    assert Reminder.objects.count() == 3
    assert Event.objects.filter(action=Event.Action.REMINDED).count() == 3


def test_the_next_day_they_are_reminded_again(setting, today):
    reminders.send(setting, today)
    reminders.send(setting, today + timedelta(days=1))
    assert len(mail.outbox) == 6
    assert Reminder.objects.filter(sent_on=today + timedelta(days=1)).count() == 3


def test_a_run_that_raced_another_skips_the_office_it_reminded(setting, today, monkeypatch):
    """Both runs planned the same offices; the other one was first for the Sozialamt."""
    planned = reminders.due(setting, today)
    sozialamt = next(item for item in planned if item.response.unit.name == "Sozialamt")
    Reminder.objects.create(
        response=sozialamt.response, reason=sozialamt.reason, sent_on=today, recipients="x"
    )
    monkeypatch.setattr(reminders, "due", lambda *args, **kwargs: planned)
    report = reminders.send(setting, today)
    assert [item.response.unit.name for item in report.skipped] == ["Sozialamt"]
    assert len(report.sent) == 2
    assert len(mail.outbox) == 2
    assert not Event.objects.filter(
        action=Event.Action.REMINDED, response=sozialamt.response
    ).exists()


def test_a_refused_mail_leaves_no_record_so_the_next_run_tries_again(setting, today, settings):
    settings.EMAIL_BACKEND = "tests.intake.test_reminders.RefusingBackend"
    report = reminders.send(setting, today)
    assert len(report.failed) == 3
    assert not Reminder.objects.exists()
    assert not Event.objects.filter(action=Event.Action.REMINDED).exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(reminders.send(setting, today).sent) == 3


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_dry_run_sends_and_writes_nothing(setting, today):
    written = []
    post_save.connect(lambda **kwargs: written.append(kwargs["instance"]), weak=False,
                      dispatch_uid="dry-run-probe")  # fmt: skip
    try:
        report = reminders.send(setting, today, dry_run=True)
    finally:
        post_save.disconnect(dispatch_uid="dry-run-probe")
    assert len(report.sent) == 3
    assert mail.outbox == []
    assert written == []
    assert not Reminder.objects.exists()
    assert not Event.objects.filter(action=Event.Action.REMINDED).exists()


def test_an_office_without_any_address_is_reported_not_mailed(intake_round, today):
    report = reminders.send(intake_round, today)  # nobody is a member of either department
    assert report.sent == []
    assert len(report.nobody) == 4
    assert mail.outbox == []
    assert not Reminder.objects.exists()


# --- the mail --------------------------------------------------------------------------


def test_the_mail_is_german_with_office_round_deadline_and_link(setting, today):
    with translation.override("en"):  # whoever starts the run: the site's language
        reminders.send(setting, today)
    message = next(m for m in mail.outbox if m.to == ["mitarbeit-soziales-test@example.org"])
    assert "Erinnerung" in message.subject
    assert "Sozialamt" in message.subject
    assert "Staffel 2" in message.subject
    body = message.body
    assert "Sozialamt" in body
    assert "Dezernat Soziales, Gesundheit und Vielfalt" in body
    assert f"Frist: {setting.deadline:%d.%m.%Y}" in body
    assert "noch 14 Tage" in body
    assert "In Bearbeitung" in body
    assert "nicht eingereicht" in body
    assert "&" not in body.replace("&", "")  # plain text, nothing escaped
    assert "&quot;" not in body


def test_the_coordination_is_told_why_it_gets_the_mail(setting, today):
    reminders.send(setting, today)
    message = next(m for m in mail.outbox if m.to == ["koordination-kultur-test@example.org"])
    assert "Koordination" in message.body
    assert "Leipziger Städtische Bibliotheken" in message.body
    assert "noch nicht begonnen" in message.body


def test_the_mail_links_to_the_response_page(setting, today):
    reminders.send(setting, today)
    sozialamt = Response.objects.get(intake__round=setting, unit__name="Sozialamt")
    message = next(m for m in mail.outbox if m.to == ["mitarbeit-soziales-test@example.org"])
    assert f"{SITE}/status-quo/antworten/{sozialamt.pk}/" in message.body


# --- the task and the command ----------------------------------------------------------


def test_the_task_sends_the_round_reminders(setting):
    result = reminders.send_round_reminders.enqueue(setting.pk)
    assert "3 gesendet" in result.return_value
    assert len(mail.outbox) == 3


def test_the_command_reminds_rounds_near_or_past_their_deadline(setting, settings, capsys):
    settings.INTAKE_REMINDER_DAYS_BEFORE = 7  # the round's deadline is 14 days ahead
    call_command("send_intake_reminders")
    assert mail.outbox == []
    settings.INTAKE_REMINDER_DAYS_BEFORE = 14
    call_command("send_intake_reminders")
    assert len(mail.outbox) == 3
    assert "3 gesendet" in capsys.readouterr().out
    type(setting).objects.filter(pk=setting.pk).update(
        deadline=timezone.localdate() - timedelta(days=3)
    )
    call_command("send_intake_reminders")  # past the deadline, but reminded today already
    assert len(mail.outbox) == 3


def test_the_command_dry_run_lists_and_sends_nothing(setting, capsys):
    call_command("send_intake_reminders", "--dry-run", "--round", str(setting.pk))
    out = capsys.readouterr().out
    assert "3 würden gesendet" in out
    assert "Gesundheitsamt: Nicht begonnen → mitarbeit-gesundheitsamt-test@example.org" in out
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_the_command_needs_the_site_address_and_a_real_round(setting, settings):
    with pytest.raises(CommandError):
        call_command("send_intake_reminders", "--round", "987654")
    settings.SITE_URL = ""
    with pytest.raises(CommandError):
        call_command("send_intake_reminders", "--round", str(setting.pk))
    assert mail.outbox == []


# --- the page --------------------------------------------------------------------------


def _url(intake_round):
    return reverse("intake:round_remind", args=[intake_round.pk])


def test_rds_sees_who_would_get_what_and_sends(client, setting, rds_user):
    client.force_login(rds_user)
    page = client.get(_url(setting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Gesundheitsamt" in text
    assert "mitarbeit-gesundheitsamt-test@example.org" in text
    assert "Kulturamt" not in text  # submitted
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    response = client.post(_url(setting))
    assert response.status_code == 302
    assert response.url == reverse("intake:round", args=[setting.pk])
    assert len(mail.outbox) == 3
    assert Event.objects.filter(action=Event.Action.REMINDED, actor=rds_user).count() == 3
    assert SITE not in mail.outbox[0].body  # the link is built from the request's address
    assert "http://testserver/status-quo/" in mail.outbox[0].body


def test_a_coordinator_reminds_only_their_departments_offices(client, setting, coordinator):
    client.force_login(coordinator)
    page = client.get(_url(setting))
    assert page.status_code == 200
    assert "Gesundheitsamt" not in page.content.decode()
    client.post(_url(setting))
    assert [message.to for message in mail.outbox] == [["koordination-kultur-test@example.org"]]
    assert set(Reminder.objects.values_list("response__intake__department__slug", flat=True)) == {
        "kultur"
    }


def test_a_coordinator_of_another_department_cannot_remind_this_one(
    client, rds_user, standard_version, soziales, coordinator
):
    soziales_only = services.round_open(
        actor=rds_user,
        title="Nur Soziales",
        version=standard_version,
        deadline=timezone.localdate() + timedelta(days=3),
        departments=[soziales],
    )
    client.force_login(coordinator)  # Kultur's
    assert client.get(_url(soziales_only)).status_code == 404
    assert client.post(_url(soziales_only)).status_code == 404
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("staff", 403), ("gesundheitsamt_staff", 403), ("leadership_user", 404),
     ("partner", 404), ("outsider", 404)],
)  # fmt: skip
def test_others_may_not_send_reminders(client, request, setting, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(setting)).status_code == status
    assert client.post(_url(setting)).status_code == status
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_the_page_says_when_nobody_needs_a_reminder(client, setting, rds_user, today):
    reminders.send(setting, today)
    client.force_login(rds_user)
    page = client.get(_url(setting))
    assert "Heute braucht keine Organisationseinheit eine Erinnerung." in page.content.decode()
    assert Membership.objects.exists()
