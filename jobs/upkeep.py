"""Daily upkeep that apps contribute to ``manage.py housekeeping``: each registers a function
that does its part and says in a few words what it did."""

from collections.abc import Callable

STEPS: list[Callable[[], str]] = []


def register(step: Callable[[], str]) -> Callable[[], str]:
    STEPS.append(step)
    return step
