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
