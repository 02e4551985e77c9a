"""/healthz: 200 when the database answers, 503 when it does not, no login needed."""

from unittest import mock

import pytest
from django.db import DatabaseError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_database_answers(client):
    assert client.get("/healthz").status_code == 200


def test_healthz_reports_ok_as_json(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_healthz_needs_no_login(client):
    response = client.get("/healthz")
    assert (response.status_code, response.has_header("Location")) == (200, False)


def test_healthz_answers_503_when_database_fails(client):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_reports_unavailable_database_as_json(client):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_healthz_is_not_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_works_for_logged_in_user(client, staff):
    client.force_login(staff)
    assert client.get("/healthz").status_code == 200


# --- In production: plain HTTP on loopback, with a Host that is not an allowed host ---------

LOOPBACK = {"HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["digital.example.org"]
    return settings


def test_healthz_answers_plain_http_on_loopback_in_production(client, production):
    response = client.get("/healthz", **LOOPBACK)
    assert (response.status_code, response.has_header("Location")) == (200, False)
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_on_loopback_in_production(client, production):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz", **LOOPBACK)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_healthz_is_not_redirected_to_https_for_an_allowed_host(client, production):
    response = client.get("/healthz", HTTP_HOST="digital.example.org")
    assert response.status_code == 200


def test_healthz_sets_no_cookie_and_is_not_stored(client, production):
    response = client.get("/healthz", **LOOPBACK)
    assert response.cookies == {}
    assert "no-store" in response["Cache-Control"]
    assert "Vary" not in response  # nothing read from cookies or the session


def test_healthz_tells_nothing_about_the_failure(client, production):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("FATAL: secret")):
        body = client.get("/healthz", **LOOPBACK).content.decode()
    assert "secret" not in body
    assert "FATAL" not in body


def test_healthz_still_refuses_post_in_production(client, production):
    assert client.post("/healthz", **LOOPBACK).status_code == 405


def test_other_pages_still_refuse_a_foreign_host(client, production):
    assert client.get("/accounts/login/", **LOOPBACK).status_code == 400


def test_other_pages_are_still_redirected_to_https(client, production):
    response = client.get("/accounts/login/", HTTP_HOST="digital.example.org")
    assert response.status_code == 301
    assert response["Location"] == "https://digital.example.org/accounts/login/"


def test_a_path_that_only_starts_like_healthz_is_not_answered(client, production):
    assert client.get("/healthz/extra", **LOOPBACK).status_code == 400
