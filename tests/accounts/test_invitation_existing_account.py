"""An invitation to the address of an existing (external) account never sets that account's
password: whoever holds the link, only the account's owner accepts it, with their own
password. Otherwise a coordinator who shows the link instead of mailing it could take over a
partner invited by another department."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from organisation.models import Membership
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Uebernahme-2026-Versuch!"


@pytest.fixture
def soziales_partner(soziales):
    from access.rights import EXTERNAL_GROUP, role_group
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="partnerin@firma.example", email="partnerin@firma.example",
                       groups=[role_group(EXTERNAL_GROUP)])  # fmt: skip
    MembershipFactory(user=user, department=soziales, partner=True)
    return user


def _link_without_mail(client, coordinator, kultur, email):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:invite", args=[kultur.slug]), {
        "email": email, "role": "partner_lesen", "without_mail": "1",
        "access_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    })  # fmt: skip
    return response.context["accept_url"].split("testserver")[1]


def test_the_link_holder_cannot_set_an_existing_partners_password(
    client, coordinator, kultur, soziales_partner
):
    path = _link_without_mail(client, coordinator, kultur, soziales_partner.email)
    client.logout()
    response = client.post(path, {"first_name": "X", "last_name": "Y",
                                  "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
                                  "password": NEW_PASSWORD})  # fmt: skip
    soziales_partner.refresh_from_db()
    assert soziales_partner.check_password(TEST_PASSWORD)
    assert not soziales_partner.check_password(NEW_PASSWORD)
    assert "_auth_user_id" not in client.session
    assert not soziales_partner.memberships.filter(department=kultur).exists()
    assert response.status_code == 200


def test_the_owner_accepts_with_their_own_password(client, coordinator, kultur, soziales_partner):
    path = _link_without_mail(client, coordinator, kultur, soziales_partner.email)
    owner = Client()
    page = owner.get(path).content.decode()
    assert "bereits ein Konto" in page
    response = owner.post(path, {"password": TEST_PASSWORD})
    assert response.status_code == 302
    membership = soziales_partner.memberships.get(department=kultur)
    assert membership.role == Membership.Role.PARTNER_READER
    assert soziales_partner.memberships.filter(department__slug="soziales").exists()
    assert int(owner.session["_auth_user_id"]) == soziales_partner.pk


def test_a_wrong_password_counts_as_a_failed_login(client, coordinator, kultur, soziales_partner,
                                                   settings):  # fmt: skip
    path = _link_without_mail(client, coordinator, kultur, soziales_partner.email)
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(path, {"password": "falsch"})
    response = client.post(path, {"password": TEST_PASSWORD})  # locked by now
    assert not soziales_partner.memberships.filter(department=kultur).exists()
    assert response.status_code in (200, 429)


def test_a_new_address_still_sets_its_password(client, coordinator, kultur):
    path = _link_without_mail(client, coordinator, kultur, "ganz-neu@firma.example")
    client.logout()
    client.post(path, {"first_name": "Neu", "last_name": "Person", "password1": NEW_PASSWORD,
                       "password2": NEW_PASSWORD})  # fmt: skip
    user = get_user_model().objects.get(username="ganz-neu@firma.example")
    assert user.check_password(NEW_PASSWORD)


def test_the_service_never_sets_an_existing_accounts_password(coordinator, kultur,
                                                              soziales_partner):  # fmt: skip
    tokens = []
    services.invitation_create(
        actor=coordinator, department=kultur, email=soziales_partner.email, role="partner_lesen",
        access_expires_on=timezone.localdate() + timedelta(days=30), send_mail_now=False,
        accept_url_builder=lambda token: tokens.append(token) or token,
    )  # fmt: skip
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.invitation_accept(token=tokens[0], first_name="X", last_name="Y",
                                   password=NEW_PASSWORD)  # fmt: skip
    soziales_partner.refresh_from_db()
    assert soziales_partner.check_password(TEST_PASSWORD)
