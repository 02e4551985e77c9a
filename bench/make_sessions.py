"""Create logged-in sessions for the load test, so that the measured minute is spent on the
pages and not on password hashing (people log in once a day, then work in their session).
Writes {username: [session keys]} as JSON to stdout."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")

import django

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

USERNAMES = ["koordination-kultur", "mitarbeit-soziales", "rds", "leitung", "partner-kultur"]


def main(per_user: int) -> None:
    sessions = {}
    for user in get_user_model().objects.filter(username__in=USERNAMES):
        keys = []
        for _ in range(per_user):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            keys.append(store.session_key)
        sessions[user.username] = keys
    json.dump(sessions, sys.stdout)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
