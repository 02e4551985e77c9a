"""Invitations by e-mail with the calendar entry, sent by the task queue."""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from tests.workshops.fixtures_protocol import *  # noqa: F403  (the fixtures)
from tests.workshops.fixtures_protocol import STARTS_AT, plan
from workshops import invitations, services
from workshops.models import InvitationMail, Workshop


def fresh(workshop):
    return Workshop.objects.get(pk=workshop.pk)


def calendar_part(message):
    """The text/calendar part of a sent mail, as the recipient's program sees it."""
    parsed = message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part


def test_each_participant_and_guest_with_an_address_gets_one_mail(workshop, rds_user, coordinator):
    invitations.invitations_send(workshop=workshop, actor=rds_user)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [coordinator.email, "gitte.gast@partner.example"]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "Einladung" in mail.outbox[0].subject
    assert fresh(workshop).invited_at is not None
    assert InvitationMail.objects.filter(workshop=workshop, method="REQUEST").count() == 2


def test_mail_is_german_text_with_the_ics_attached(workshop, rds_user):
    invitations.invitations_send(workshop=workshop, actor=rds_user)
    message = mail.outbox[0]
    assert "15.03.2027" in message.body
    assert "09:30–09:45" in message.body
    part = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    assert part.get_filename().endswith(".ics")
    event = Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
    assert str(event["UID"]).startswith(str(workshop.calendar_uid))


def test_one_call_sends_each_mail_once(workshop, rds_user):
    invitations.invitations_send(workshop=workshop, actor=rds_user)
    assert len(mail.outbox) == 2
    invitations.invitations_send(workshop=workshop, actor=rds_user)  # nothing changed
    assert len(mail.outbox) == 2


def test_a_change_after_the_invitation_sends_the_update(workshop, rds_user):
    invitations.invitations_send(workshop=workshop, actor=rds_user)
    plan(workshop, rds_user, starts_at=STARTS_AT + timedelta(days=7))
    invitations.invitations_send(workshop=fresh(workshop), actor=rds_user)
    assert len(mail.outbox) == 4
    update = mail.outbox[-1]
    assert "Geändert" in update.subject
    event = Calendar.from_ical(calendar_part(update).get_payload(decode=True)).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1


def test_cancelling_an_invited_workshop_sends_a_cancellation(
    workshop, rds_user, django_capture_on_commit_callbacks
):
    invitations.invitations_send(workshop=workshop, actor=rds_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(workshop=fresh(workshop), actor=rds_user)
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert "Abgesagt" in message.subject
    part = calendar_part(message)
    assert part.get_param("method") == "CANCEL"
    entry = Calendar.from_ical(part.get_payload(decode=True))
    assert entry["METHOD"] == "CANCEL"
    assert entry.walk("VEVENT")[0]["STATUS"] == "CANCELLED"
    assert InvitationMail.objects.filter(method="CANCEL").count() == 2


def test_cancelling_a_workshop_never_invited_sends_nothing(
    workshop, rds_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.workshop_cancel(workshop=fresh(workshop), actor=rds_user)
    assert mail.outbox == []


def test_a_workshop_without_a_date_cannot_be_invited(cohort, soziales, rds_user):
    with pytest.raises(ValidationError):
        invitations.invitations_send(
            workshop=cohort.workshops.get(department=soziales, part=1), actor=rds_user
        )
    assert mail.outbox == []


@pytest.mark.parametrize("role", ["staff", "partner", "leadership_user"])
def test_only_who_records_the_workshop_invites(workshop, request, role):
    with pytest.raises(PermissionDenied):
        invitations.invitations_send(workshop=workshop, actor=request.getfixturevalue(role))
    assert mail.outbox == []


def test_coordinator_invites_through_the_page(client, workshop, coordinator):
    client.force_login(coordinator)
    response = client.post(f"/workshops/{workshop.pk}/einladen/", follow=True)
    assert response.status_code == 200
    assert "Einladungen werden versendet" in response.content.decode()
    assert len(mail.outbox) == 2
