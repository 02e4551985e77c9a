"""Where invitation mails go: in development the console backend prints them to the
development server's output, as the README shows; in production they go out by SMTP."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def _email_backend(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.EMAIL_BACKEND)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]  # after the shell's own notice


def test_development_prints_mail_and_production_sends_it_by_smtp():
    assert _email_backend() == "django.core.mail.backends.console.EmailBackend"
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k3y-" * 15,
                  "DJANGO_ALLOWED_HOSTS": "x.example"}  # fmt: skip
    assert _email_backend(**production) == "django.core.mail.backends.smtp.EmailBackend"


def _readme_example() -> list[str]:
    """The lines of the mail example under "E-mail in development" in the README."""
    text = README.read_text(encoding="utf-8")
    assert "**E-mail in development.**" in text, "the README must say where mail goes"
    section = text.split("**E-mail in development.**", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, flags=re.S).group(1)
    return [line for line in block.splitlines() if line.strip() and line != "..."]


def _pattern(line: str) -> str:
    pattern = re.escape(line)
    pattern = pattern.replace(re.escape("<token>"), r"[\w-]+")
    return pattern.replace(re.escape("http://127.0.0.1:8000"), r"http://[^/]+")


@pytest.mark.django_db
def test_readme_shows_the_invitation_as_the_development_server_prints_it(
    client, settings, capsys, coordinator, kultur
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invite", args=[kultur.slug]),
        {
            "email": "partner@example.org",
            "role": "partner_lesen",
            "access_expires_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    printed = capsys.readouterr().out.splitlines()
    position = 0
    for line in _readme_example():
        matches = [i for i, out in enumerate(printed[position:], position)
                   if re.fullmatch(_pattern(line), out)]  # fmt: skip
        assert matches, f"README line not printed (in this order): {line!r}\n" + "\n".join(printed)
        position = matches[0] + 1
    assert printed[-1] == "-" * 79
