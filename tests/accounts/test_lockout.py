"""The login lock-out is keyed on the pair (user name, client address), with a higher limit
for the address alone; the client address is the one the trusted proxy saw.

Five wrong passwords for a name lock that name from that address only, so nobody can lock
the administration out from elsewhere; many names tried from one address lock the address.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import AuditEvent
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS_A = "198.51.100.7"
ADDRESS_B = "203.0.113.9"
PROXY = "127.0.0.1"


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _status(client, user, **meta):
    """The status of a login with the right password: 302 logged in, 429 locked."""
    status = _login(client, user.username, TEST_PASSWORD, **meta).status_code
    client.logout()
    return status


def _fail(client, username, times, **meta):
    """Wrong passwords; the one that reaches a limit already answers with the lockout page."""
    for _ in range(times):
        assert _login(client, username, "falsch", **meta).status_code in (200, 429)


@pytest.fixture
def target(db):
    return UserFactory(username="admin-ziel")


def test_failures_from_one_address_do_not_lock_the_name_from_another(client, settings, target):
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ADDRESS_A)
    response = _login(client, target.username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_B)
    assert response.status_code == 302


def test_failures_lock_the_name_from_that_address(client, settings, target):
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ADDRESS_A)
    response = _login(client, target.username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A)
    assert response.status_code == 429
    assert "Anmeldung gesperrt" in response.content.decode()


def test_a_few_failures_below_the_limit_lock_nothing(client, settings, target):
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 302


def test_many_names_from_one_address_lock_the_address(client, settings, target):
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    for number in range(limit - 1):
        _fail(client, f"geraten-{number}", 1, REMOTE_ADDR=ADDRESS_A)
    # One short of the address limit, an untouched name still logs in from there ...
    other = UserFactory(username="kollegin")
    assert _status(client, other, REMOTE_ADDR=ADDRESS_A) == 302
    _fail(client, "geraten-letzter", 1, REMOTE_ADDR=ADDRESS_A)
    # ... at the limit every name is locked from that address, and only from there.
    response = _login(client, target.username, TEST_PASSWORD, REMOTE_ADDR=ADDRESS_A)
    assert response.status_code == 429
    assert _status(client, target, REMOTE_ADDR=ADDRESS_B) == 302


def test_a_successful_login_does_not_clear_other_names_failures_from_that_address(
    client, settings, target
):
    attacker = UserFactory(username="eigenes-konto")
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, attacker, REMOTE_ADDR=ADDRESS_A) == 302
    _fail(client, target.username, 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 429


def test_a_successful_login_clears_the_own_failures(client, settings, target):
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 302
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT - 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 302


def test_behind_the_proxy_the_forwarded_address_counts(client, settings, target):
    settings.BEHIND_PROXY = True
    from_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ADDRESS_A}
    from_b = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ADDRESS_B}
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT, **from_a)
    assert _status(client, target, **from_a) == 429
    assert _status(client, target, **from_b) == 302


def test_behind_the_proxy_only_the_address_the_proxy_added_counts(client, settings, target):
    """The proxy appends the address it saw; what the client sent before it is its own."""
    settings.BEHIND_PROXY = True
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"10.9.9.{number}, {ADDRESS_A}"}
        _fail(client, target.username, 1, **forged)
    from_a = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{ADDRESS_B}, {ADDRESS_A}"}
    assert _status(client, target, **from_a) == 429


def test_without_a_proxy_a_forged_forwarded_address_is_ignored(client, settings, target):
    settings.BEHIND_PROXY = False
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = {"REMOTE_ADDR": ADDRESS_A, "HTTP_X_FORWARDED_FOR": f"10.9.9.{number}"}
        _fail(client, target.username, 1, **forged)
    forged = {"REMOTE_ADDR": ADDRESS_A, "HTTP_X_FORWARDED_FOR": ADDRESS_B}
    assert _status(client, target, **forged) == 429
    assert set(AuditEvent.objects.values_list("ip_address", flat=True)) == {ADDRESS_A}


def test_the_audit_log_records_the_address_the_proxy_saw(client, settings, target):
    settings.BEHIND_PROXY = True
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"10.9.9.9, {ADDRESS_A}"}
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT, **meta)
    _login(client, target.username, TEST_PASSWORD, **meta)
    events = AuditEvent.objects.values_list("kind", "ip_address")
    kinds = {AuditEvent.Kind.LOGIN_FAILED, AuditEvent.Kind.LOCKED_OUT}
    assert {kind for kind, _ in events} == kinds
    assert {address for _, address in events} == {ADDRESS_A}


def test_axes_reset_username_lifts_the_lock_of_a_name(client, settings, target):
    _fail(client, target.username, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR=ADDRESS_A)
    call_command("axes_reset_username", target.username)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 302


def test_axes_reset_ip_lifts_the_lock_of_an_address(client, settings, target):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT + 2
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        _fail(client, f"geraten-{number}", 1, REMOTE_ADDR=ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 429
    call_command("axes_reset_ip", ADDRESS_A)
    assert _status(client, target, REMOTE_ADDR=ADDRESS_A) == 302
