"""Inviting a partner while the mail server is unreachable: a German message, nothing
half-done, and the choice to try again or to pass the link on yourself."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Invitation

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreachable_mail(settings):
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.UnreachableBackend"


def _data(**extra):
    return {
        "email": "partnerin@beispiel.example",
        "role": "partner_lesen",
        "access_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        **extra,
    }


def test_unreachable_mail_server_gives_a_german_message_and_keeps_nothing(
    client, coordinator, kultur, unreachable_mail
):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invite", args=[kultur.slug]), _data())
    assert response.status_code == 200
    html = response.content.decode()
    assert "konnte nicht versendet werden" in html
    assert "partnerin@beispiel.example" in html  # the input is kept
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.INVITATION_SENT).exists()


def test_the_inviter_can_create_the_invitation_and_copy_the_link(
    client, coordinator, kultur, unreachable_mail
):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invite", args=[kultur.slug]), _data(without_mail="1"))
    assert response.status_code == 200
    html = response.content.decode()
    link = re.search(r"http://testserver(/einladung/[^/\"<\s]+/)", html).group(1)
    invitation = Invitation.objects.get()
    assert invitation.email == "partnerin@beispiel.example"
    client.logout()
    assert client.get(link).status_code == 200  # the partner can use it
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.INVITATION_SENT).exists()


def test_retrying_once_the_server_answers_sends_the_mail(client, coordinator, kultur, settings):
    settings.EMAIL_BACKEND = "tests.accounts.mail_backends.UnreachableBackend"
    client.force_login(coordinator)
    client.post(reverse("accounts:invite", args=[kultur.slug]), _data())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(reverse("accounts:invite", args=[kultur.slug]), _data())
    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    assert mail.outbox[-1].to == ["partnerin@beispiel.example"]
