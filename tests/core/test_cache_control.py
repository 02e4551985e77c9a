"""Nothing made for a visitor is kept by a shared cache or the browser's history.

Every response to a logged-in user (pages, JSON, exports and templates, redirects, error
pages) carries ``Cache-Control: private, no-store``, and so does every anonymous page made
from the visitor's session or CSRF token, such as the login page. Static files stay
cacheable; ``/healthz`` is never stored.
"""

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from tests import test_permission_matrix as matrix
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

objects = matrix.objects  # the same objects (fixture) and URLs as the permission matrix
_url = matrix._url

URL_NAMES = sorted(set(matrix._url_names()))


def _directives(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.strip().split("=")[0].lower() for part in value.split(",") if part.strip()}


def _assert_not_stored(response):
    directives = _directives(response)
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")
    assert "public" not in directives


@pytest.mark.parametrize("role", ["admin_user", "staff"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_every_page_for_a_logged_in_user_is_private_and_not_stored(
    client, request, objects, name, role
):
    """The administration opens everything; the staff account of another department gets
    the forbidden and not-found pages of the same URLs."""
    client.force_login(request.getfixturevalue(role))
    _assert_not_stored(client.get(_url(name, objects)))


def test_the_import_progress_json_is_private_and_not_stored(client, admin_user, objects):
    client.force_login(admin_user)
    response = client.get(_url("spreadsheets:run", objects), {"format": "json"})
    assert response["Content-Type"] == "application/json"
    _assert_not_stored(response)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_are_private_and_not_stored(client, admin_user, objects, fmt):
    client.force_login(admin_user)
    response = client.get(reverse("spreadsheets:export", args=["vorhaben", fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    _assert_not_stored(response)


def test_a_redirect_after_a_post_is_private_and_not_stored(client, coordinator, objects):
    client.force_login(coordinator)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    _assert_not_stored(response)


def test_the_successful_login_is_private_and_not_stored(client, coordinator):
    response = client.post(
        reverse("login"), {"username": coordinator.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    _assert_not_stored(response)


def test_the_anonymous_login_page_is_private_and_not_stored(client):
    """It carries a CSRF token bound to this visitor's cookie."""
    response = client.get(reverse("login"))
    assert response.status_code == 200
    _assert_not_stored(response)


def test_the_anonymous_invitation_page_is_private_and_not_stored(client, objects):
    """The link's token is in the address, and the page sets the partner's password."""
    response = client.get(_url("accounts:accept", objects))
    assert response.status_code == 200
    _assert_not_stored(response)


def test_healthz_is_not_stored(client):
    assert "no-store" in _directives(client.get("/healthz"))


def test_static_files_stay_cacheable_for_a_logged_in_user(settings, coordinator):
    settings.WHITENOISE_USE_FINDERS = True  # read at start-up: a new client starts afresh
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    client.force_login(coordinator)
    response = client.get(static("css/app.css"))
    assert response.status_code == 200
    assert "no-store" not in _directives(response)
    assert "private" not in _directives(response)
