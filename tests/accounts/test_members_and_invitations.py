import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Invitation
from organisation.models import Membership
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
STRONG_PASSWORD = "Kulturpartner-2026!"


def _invite(client, department, **overrides):
    data = {
        "email": "Partnerin@Beispiel.example",
        "role": "partner_lesen",
        "access_expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return client.post(reverse("accounts:invite", args=[department.slug]), data)


def _link_from_mail():
    return re.search(r"http://testserver(/einladung/[^/\s]+/)", mail.outbox[-1].body).group(1)


def _accept(client, path, **overrides):
    data = {"first_name": "Petra", "last_name": "Partner", "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD}  # fmt: skip
    data.update(overrides)
    return client.post(path, data)


def test_coordinator_invites_partner_who_sets_password_and_lands_in_workspace(
    client, coordinator, kultur
):
    client.force_login(coordinator)
    assert _invite(client, kultur).status_code == 302
    assert mail.outbox[-1].to == ["partnerin@beispiel.example"]
    assert kultur.name in mail.outbox[-1].subject
    path = _link_from_mail()

    client.logout()
    assert client.get(path).status_code == 200
    response = _accept(client, path)
    assert response.status_code == 302
    assert response.url == kultur.get_absolute_url()
    membership = Membership.objects.get(user__username="partnerin@beispiel.example")
    assert membership.role == "partner_lesen"
    assert membership.department == kultur
    assert membership.expires_at.date() == timezone.localdate() + timedelta(days=90)
    assert client.get(kultur.get_absolute_url()).status_code == 200  # logged in
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {AuditEvent.Kind.INVITATION_SENT, AuditEvent.Kind.INVITATION_ACCEPTED} <= kinds


def test_invitation_link_works_once(client, coordinator, kultur):
    client.force_login(coordinator)
    _invite(client, kultur)
    path = _link_from_mail()
    client.logout()
    _accept(client, path)
    client.logout()
    assert client.get(path).status_code == 410


def test_expired_invitation_link_is_refused(client, coordinator, kultur):
    client.force_login(coordinator)
    _invite(client, kultur)
    Invitation.objects.update(link_expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    assert client.get(_link_from_mail()).status_code == 410


def test_access_longer_than_a_year_is_refused(client, coordinator, kultur):
    client.force_login(coordinator)
    later = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = _invite(client, kultur, access_expires_on=later)
    assert response.status_code == 200
    assert "access_expires_on" in response.context["form"].errors
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_weak_password_is_refused_and_nothing_is_created(client, coordinator, kultur):
    client.force_login(coordinator)
    _invite(client, kultur)
    path = _link_from_mail()
    client.logout()
    response = _accept(client, path, password1="12345678", password2="12345678")
    assert response.status_code == 200
    assert not Membership.objects.filter(user__username="partnerin@beispiel.example").exists()


@pytest.mark.parametrize("user_fixture", ["staff", "leadership_user", "partner", "outsider"])
def test_only_coordination_and_rds_manage_members(client, request, user_fixture, kultur):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("accounts:members", args=[kultur.slug])).status_code == 404
    assert _invite(client, kultur).status_code == 404
    assert mail.outbox == []


def test_coordinator_cannot_manage_another_workspace(client, coordinator, soziales):
    client.force_login(coordinator)
    assert client.get(reverse("accounts:members", args=[soziales.slug])).status_code == 404


def test_rds_manages_every_workspace(client, rds_user, soziales):
    client.force_login(rds_user)
    assert client.get(reverse("accounts:members", args=[soziales.slug])).status_code == 200


def test_coordinator_adds_changes_and_removes_a_member(client, coordinator, kultur):
    colleague = UserFactory(username="neu.kollege", email="neu@stadt.example")
    client.force_login(coordinator)
    url = reverse("accounts:members", args=[kultur.slug])
    assert client.post(url, {"user": "neu@stadt.example", "role": "mitarbeit"}).status_code == 302
    membership = Membership.objects.get(user=colleague, department=kultur)
    client.post(
        reverse("accounts:member_role", args=[kultur.slug, membership.pk]),
        {"role": "koordination"},
    )
    membership.refresh_from_db()
    assert membership.role == "koordination"
    remove = reverse("accounts:member_remove", args=[kultur.slug, membership.pk])
    assert client.get(remove).status_code == 200  # asks first
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(remove)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    kinds = list(
        AuditEvent.objects.exclude(kind="login").order_by("pk").values_list("kind", flat=True)
    )
    assert kinds == ["mitglied_hinzugefuegt", "rolle_geaendert", "mitglied_entfernt"]


def test_unknown_account_gives_a_field_error(client, coordinator, kultur):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:members", args=[kultur.slug]), {"user": "niemand", "role": "mitarbeit"}
    )
    assert "user" in response.context["form"].errors


def test_revoked_partner_is_logged_out_at_the_next_request(client, partner, coordinator, kultur):
    from django.test import Client

    partner_client = Client()
    partner_client.force_login(partner)
    assert partner_client.get(kultur.get_absolute_url()).status_code == 200

    client.force_login(coordinator)
    membership = partner.memberships.get()
    client.post(reverse("accounts:member_revoke", args=[kultur.slug, membership.pk]))

    response = partner_client.get(kultur.get_absolute_url())
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in partner_client.session  # the session has ended
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_REVOKED, subject=partner).exists()


def test_expired_partner_is_logged_out(client, expired_partner, kultur):
    client.force_login(expired_partner)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302
    assert response.url == reverse("login")


def test_partner_invited_to_chosen_projects_sees_only_those(client, coordinator, kultur):
    chosen = ProjectFactory(department=kultur, title="Gewählt")
    other = ProjectFactory(department=kultur, title="Nicht gewählt")
    client.force_login(coordinator)
    _invite(client, kultur, role="partner_mitarbeit", projects=[chosen.pk])
    path = _link_from_mail()
    client.logout()
    _accept(client, path)

    html = client.get(reverse("projects:workspace_list", args=[kultur.slug])).content.decode()
    assert "Gewählt" in html
    assert "Nicht gewählt" not in html
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("projects:edit", args=[chosen.pk])).status_code == 200
    assert client.get(reverse("projects:create", args=[kultur.slug])).status_code == 403


def test_partner_finds_nothing_of_other_departments(client, partner, kultur, soziales_project):
    client.force_login(partner)
    workspace_list = reverse("projects:workspace_list", args=[kultur.slug])
    search = client.get(workspace_list, {"q": soziales_project.title[:8]})
    assert soziales_project.title not in search.content.decode()
    office_filter = client.get(workspace_list, {"office": soziales_project.lead_unit_id})
    assert soziales_project.title not in office_filter.content.decode()
    form = office_filter.context["filter"].form
    offices = set(form.fields["office"].queryset.values_list("department_id", flat=True))
    assert offices == {kultur.pk}
    assert "department" not in form.fields or set(form.fields["department"].queryset) == {kultur}
    export = client.get(reverse("projects:workspace_export", args=[kultur.slug]))
    assert soziales_project.title.encode() not in export.content
    assert client.get(reverse("projects:list")).status_code == 404  # no city-wide views
    assert client.get(reverse("projects:export")).status_code == 404
    other_export = reverse("projects:workspace_export", args=[soziales_project.department.slug])
    assert client.get(other_export).status_code == 404
    assert client.get(soziales_project.get_absolute_url()).status_code == 404
    assert client.get(reverse("projects:history", args=[soziales_project.pk])).status_code == 404


def test_rds_sees_all_external_accounts_and_revokes_one(client, rds_user, partner, kultur):
    client.force_login(rds_user)
    response = client.get(reverse("accounts:external"))
    assert partner.username in response.content.decode()
    membership = partner.memberships.get()
    response = client.post(
        reverse("accounts:member_revoke", args=[kultur.slug, membership.pk]),
        {"next": reverse("accounts:external")},
    )
    assert response.url == reverse("accounts:external")
    membership.refresh_from_db()
    assert membership.expires_at <= timezone.now()


@pytest.mark.parametrize("user_fixture", ["coordinator", "staff", "partner", "leadership_user"])
def test_external_accounts_page_is_for_rds_and_admin_only(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("accounts:external")).status_code == 404
