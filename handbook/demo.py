"""The handbook in the demo: the first version that ships with the app (the same on every
run; pages that exist are left as they are)."""

from handbook import loader


def seed(run) -> None:
    loader.load()
