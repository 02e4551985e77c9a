"""Are the counts the dashboards keep (``dashboards.sources``) still those the data gives?"""

from django.core.cache import caches

from dashboards.figures import department_counts
from dashboards.sources import FIELD, GOAL, Today


def counted(user) -> dict:
    """Every kept count of the city as ``user`` may see it, read through the cache."""
    source = Today(user=user)
    return {
        "counts": department_counts(source),
        "goals": source.linked(GOAL),
        "fields": source.linked(FIELD),
    }


def stale_counts(user, kept: dict) -> dict:
    """The counts that differ between what the cache gave (``kept``, read after a write)
    and a fresh count: empty when every write renewed what it touched."""
    caches["dashboards"].clear()
    fresh = counted(user)
    return {key: (kept[key], fresh[key]) for key in fresh if kept[key] != fresh[key]}


def forget() -> None:
    """Forget every kept count: the next dashboard counts afresh (query counts pinned for
    the first reader after a write)."""
    caches["dashboards"].clear()
