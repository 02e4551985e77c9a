"""Production settings refuse to start without a real secret key and allowed hosts."""

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


def test_production_starts_with_key_and_hosts():
    result = _check(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k3y-" * 15, DJANGO_ALLOWED_HOSTS="x.example"
    )
    assert result.returncode == 0, result.stderr
