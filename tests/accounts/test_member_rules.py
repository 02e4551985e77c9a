"""Roles are what they say, and an external account never becomes city staff: whatever the
members page is sent, the service and the database refuse a role outside the choices, and
external accounts get access only through invitations."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from access.rights import access_for
from accounts import services
from accounts.models import Invitation
from organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _change_role(client, membership, role):
    url = reverse("accounts:member_role", args=[membership.department.slug, membership.pk])
    return client.post(url, {"role": role})


@pytest.mark.parametrize("role", ["partner_foo", "x" * 48, "", "KOORDINATION", "admin"])
def test_role_outside_the_choices_is_refused_for_a_partner(client, coordinator, partner, role):
    membership = partner.memberships.get()
    client.force_login(coordinator)
    _change_role(client, membership, role)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.PARTNER_READER
    access = access_for(type(partner).objects.get(pk=partner.pk))
    assert access.is_partner_only


@pytest.mark.parametrize("role", ["partner_foo", "x" * 48, "mitarbeit_plus"])
def test_role_outside_the_choices_is_refused_for_a_member(client, coordinator, kultur, role):
    colleague = MembershipFactory(department=kultur, role=Membership.Role.STAFF)
    client.force_login(coordinator)
    response = _change_role(client, colleague, role)
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Membership.Role.STAFF


def test_the_service_refuses_a_role_outside_the_choices(coordinator, partner):
    with pytest.raises(ValidationError):
        services.membership_change_role(
            actor=coordinator, membership=partner.memberships.get(), role="partner_foo"
        )


def test_the_database_refuses_a_role_outside_the_choices(partner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=partner).update(role="partner_foo")


def test_the_database_refuses_an_invitation_with_an_internal_role(kultur, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            email="x@example.org", department=kultur, role=Membership.Role.STAFF,
            access_expires_on=timezone.localdate() + timedelta(days=5), token_digest="d" * 64,
            link_expires_at=timezone.now() + timedelta(days=7), invited_by=coordinator,
        )  # fmt: skip


def test_partner_role_changes_between_the_partner_roles_and_keeps_its_expiry(
    client, coordinator, partner
):
    membership = partner.memberships.get()
    expires = membership.expires_at
    client.force_login(coordinator)
    _change_role(client, membership, Membership.Role.PARTNER_CONTRIBUTOR)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.PARTNER_CONTRIBUTOR
    assert membership.expires_at == expires


@pytest.mark.parametrize("role", [Membership.Role.STAFF, Membership.Role.COORDINATOR])
def test_partner_never_becomes_city_staff_by_a_role_change(client, coordinator, partner, role):
    membership = partner.memberships.get()
    client.force_login(coordinator)
    _change_role(client, membership, role)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.PARTNER_READER


def test_members_page_does_not_add_an_account_invited_elsewhere(client, coordinator, soziales):
    elsewhere = UserFactory(
        username="partnerin@beispiel.example", email="partnerin@beispiel.example"
    )
    MembershipFactory(user=elsewhere, department=soziales, partner=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:members", args=[coordinator.memberships.get().department.slug]),
        {"user": "partnerin@beispiel.example", "role": Membership.Role.STAFF},
    )
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert elsewhere.memberships.count() == 1
    assert access_for(elsewhere).is_partner_only


def test_an_external_account_stays_external_after_its_membership_is_gone(
    client, coordinator, kultur, partner
):
    partner.memberships.all().delete()
    client.force_login(coordinator)
    client.post(
        reverse("accounts:members", args=[kultur.slug]),
        {"user": partner.username, "role": Membership.Role.STAFF},
    )
    assert not partner.memberships.exists()


def test_admin_cannot_make_an_external_account_city_staff(admin_client, partner, soziales):
    response = admin_client.post(
        reverse("admin:organisation_membership_add"),
        {"user": partner.pk, "department": soziales.pk, "role": Membership.Role.STAFF},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not partner.memberships.filter(department=soziales).exists()


def test_inviting_the_address_of_a_city_account_is_refused(client, coordinator, kultur):
    UserFactory(username="kollegin", email="kollegin@stadt.example")
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invite", args=[kultur.slug]),
        {
            "email": "Kollegin@Stadt.example",
            "role": Membership.Role.PARTNER_READER,
            "access_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_accepting_an_invitation_marks_the_account_external(client, coordinator, kultur):
    client.force_login(coordinator)
    client.post(
        reverse("accounts:invite", args=[kultur.slug]),
        {
            "email": "neu@partner.example",
            "role": Membership.Role.PARTNER_READER,
            "access_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        },
    )
    token = mail.outbox[-1].body.split("/einladung/")[1].split("/")[0]
    client.logout()
    client.post(
        reverse("accounts:accept", args=[token]),
        {"first_name": "N", "last_name": "P", "password1": "Partner-2026-sicher!",
         "password2": "Partner-2026-sicher!"},
    )  # fmt: skip
    user = Membership.objects.get(department=kultur, role="partner_lesen").user
    user.memberships.all().delete()
    assert access_for(type(user).objects.get(pk=user.pk)).external


def test_removing_a_member_asks_first_on_a_page_of_its_own(client, coordinator, kultur):
    colleague = MembershipFactory(department=kultur, role=Membership.Role.STAFF)
    url = reverse("accounts:member_remove", args=[kultur.slug, colleague.pk])
    client.force_login(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    assert colleague.user.username in page.content.decode()
    assert Membership.objects.filter(pk=colleague.pk).exists()
    assert client.post(url).status_code == 302
    assert not Membership.objects.filter(pk=colleague.pk).exists()


def test_withdrawing_access_asks_first_and_returns_to_where_it_began(client, rds_user, partner):
    membership = partner.memberships.get()
    url = reverse("accounts:member_revoke", args=[membership.department.slug, membership.pk])
    client.force_login(rds_user)
    page = client.get(url, {"next": reverse("accounts:external")})
    assert page.status_code == 200
    membership.refresh_from_db()
    assert membership.expires_at > timezone.now()
    response = client.post(url, {"next": reverse("accounts:external")})
    assert response.url == reverse("accounts:external")
    membership.refresh_from_db()
    assert membership.expires_at <= timezone.now()


def test_withdrawing_an_ended_access_changes_nothing(client, coordinator, expired_partner):
    membership = expired_partner.memberships.get()
    ended = membership.expires_at
    client.force_login(coordinator)
    client.post(reverse("accounts:member_revoke", args=[membership.department.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.expires_at == ended


def test_the_members_page_does_not_tell_external_accounts_from_unknown_ones(
    client, coordinator, kultur, soziales
):
    elsewhere = UserFactory(username="extern@firma.example")
    MembershipFactory(user=elsewhere, department=soziales, partner=True)
    client.force_login(coordinator)
    url = reverse("accounts:members", args=[kultur.slug])
    external = client.post(url, {"user": "extern@firma.example", "role": "mitarbeit"})
    unknown = client.post(url, {"user": "niemand@firma.example", "role": "mitarbeit"})
    assert external.context["form"].errors == unknown.context["form"].errors
