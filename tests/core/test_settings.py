"""Production settings refuse to start without a real secret key and allowed hosts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "x.example"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "kurz", "DJANGO_ALLOWED_HOSTS": "x.example"},
         "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 60}, "DJANGO_ALLOWED_HOSTS"),
    ],
)  # fmt: skip
def test_production_refuses_to_start_without_secret_key_and_hosts(env, message):
    result = _check(**env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("variable", ["LOGIN_FAILURE_LIMIT", "LOGIN_ADDRESS_FAILURE_LIMIT"])
def test_a_login_failure_limit_below_one_is_refused(variable):
    result = _check(**{variable: "0"})
    assert result.returncode != 0
    assert variable in result.stderr


def test_production_starts_with_key_and_hosts():
    result = _check(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k3y-" * 15, DJANGO_ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr


# Runs in a fresh process under production settings, with the real ALLOWED_HOSTS (the test
# runner would add "testserver") and Django's test client standing in for the proxy's probe.
_PROBE = """
import json
import django

django.setup()
from django.test import Client

client = Client()
answers = {}
for name, path, host in [
    ("healthz_loopback", "/healthz", "127.0.0.1:8000"),
    ("healthz_public", "/healthz", "digital.example.org"),
    ("login_loopback", "/accounts/login/", "127.0.0.1:8000"),
    ("login_public", "/accounts/login/", "digital.example.org"),
]:
    response = client.get(path, HTTP_HOST=host)
    answers[name] = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "cache_control": response.get("Cache-Control", ""),
        "cookies": sorted(response.cookies),
        "body": response.content.decode()[:200] if path == "/healthz" else "",
    }
print(json.dumps(answers))
"""


def test_production_answers_healthz_on_plain_http_loopback(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="leipzig_digital.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k3y-" * 15,
        DJANGO_ALLOWED_HOSTS="digital.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.splitlines()[-1])
    for name in ("healthz_loopback", "healthz_public"):
        assert answers[name]["status"] == 200, name
        assert json.loads(answers[name]["body"]) == {"status": "ok", "database": "ok"}
        assert "no-store" in answers[name]["cache_control"]
        assert answers[name]["cookies"] == []
    assert answers["login_loopback"]["status"] == 400  # a foreign Host, still refused
    assert answers["login_public"]["status"] == 301
    assert answers["login_public"]["location"] == "https://digital.example.org/accounts/login/"
