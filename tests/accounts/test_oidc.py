"""Single sign-on is off by default and, configured by environment variables alone, sends the
user to the city's identity provider (checked in a separate process, because the settings
are read at start-up)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # a throwaway in-memory database for this process
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
login = client.get("/accounts/login/").content.decode()
print("SSO-LINK" if "/oidc/authenticate/" in login else "NO-LINK")
response = client.get("/oidc/authenticate/")
print(response.status_code, response["Location"])
"""


def test_single_sign_on_is_off_by_default():
    assert settings.OIDC_ENABLED is False
    try:
        reverse("oidc_authentication_init")
    except NoReverseMatch:
        return
    raise AssertionError("the OIDC URLs must not exist while single sign-on is off")


def test_single_sign_on_is_configured_by_environment_variables():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "OIDC_")) and k != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL="sqlite://:memory:",
        OIDC_RP_CLIENT_ID="digitale-agenda",
        OIDC_RP_CLIENT_SECRET="geheim",
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://sso.stadt.example/auth",
        OIDC_OP_TOKEN_ENDPOINT="https://sso.stadt.example/token",
        OIDC_OP_USER_ENDPOINT="https://sso.stadt.example/userinfo",
        OIDC_OP_JWKS_ENDPOINT="https://sso.stadt.example/certs",
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    link, redirect = result.stdout.strip().splitlines()[-2:]
    assert link == "SSO-LINK"
    assert redirect.startswith("302 https://sso.stadt.example/auth?")
    assert "client_id=digitale-agenda" in redirect
