import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_successful_and_failed_logins_are_logged(client, coordinator):
    _login(client, coordinator.username, "falsch")
    _login(client, coordinator.username, TEST_PASSWORD)
    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", "username"))
    assert kinds == [
        (AuditEvent.Kind.LOGIN_FAILED, coordinator.username),
        (AuditEvent.Kind.LOGIN, coordinator.username),
    ]


def test_logout_is_logged(client, coordinator):
    client.force_login(coordinator)
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, subject=coordinator).exists()


def test_username_is_locked_after_five_failures_even_with_the_right_password(client, coordinator):
    for _ in range(5):
        _login(client, coordinator.username, "falsch")
    response = _login(client, coordinator.username, TEST_PASSWORD)
    assert response.status_code == 429
    assert "Anmeldung gesperrt" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOCKED_OUT).exists()


def test_failures_for_one_name_do_not_lock_other_names_from_that_address(
    client, coordinator, staff
):
    for _ in range(5):
        _login(client, coordinator.username, "falsch")
    response = _login(client, staff.username, TEST_PASSWORD)
    assert response.status_code == 302  # same address, other user name: not locked


def test_admin_can_lift_a_lock(client, coordinator):
    from django.core.management import call_command

    for _ in range(5):
        _login(client, coordinator.username, "falsch")
    call_command("axes_reset_username", coordinator.username)
    assert _login(client, coordinator.username, TEST_PASSWORD).status_code == 302


@pytest.mark.parametrize("user_fixture", ["rds_user", "admin_user"])
def test_central_unit_reads_the_audit_log(client, request, user_fixture, coordinator):
    _login(client, coordinator.username, "falsch")
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("accounts:audit_log"), {"kind": "login_fehlgeschlagen"})
    assert response.status_code == 200
    assert coordinator.username in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["coordinator", "staff", "leadership_user", "partner"])
def test_audit_log_is_hidden_from_everyone_else(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(reverse("accounts:audit_log")).status_code == 404
