"""Reads of synergies, suggestions and the reuse catalogue, always through the scope: a
project the viewer may not see is never named, only (for a link they see from their side)
its title where it is not confidential."""

from django.db import connection
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404

from access.rights import access_for
from projects.models import Project
from synergies import rights, text
from synergies.models import Computation, Suggestion, Synergy

SHOWN_SUGGESTIONS = 5
TITLE_HINTS = 5
TITLE_MIN_LENGTH = 4
TITLE_CANDIDATES = 200
TITLE_MIN_SIMILARITY = 0.3


def visible_project_ids(user):
    return Project.objects.visible_to(user).values("pk")


def synergies_visible_to(user):
    return Synergy.objects.visible_to(user)


def synergy_get(*, user, pk) -> Synergy:
    synergy = (
        synergies_visible_to(user)
        .for_list()
        .select_related("proposed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if synergy is None:
        raise Http404
    visible = set(
        Project.objects.visible_to(user)
        .filter(pk__in=[synergy.source_id, synergy.target_id])
        .values_list("pk", flat=True)
    )
    synergy.source.is_visible = synergy.source_id in visible
    synergy.target.is_visible = synergy.target_id in visible
    return synergy


def mark_visible(synergies, user) -> list[Synergy]:
    """Note on each link's projects (read with it) whether the viewer may open them."""
    synergies = list(synergies)
    access = access_for(user)
    for synergy in synergies:
        synergy.source.is_visible = access.may_read(synergy.source)
        synergy.target.is_visible = access.may_read(synergy.target)
    return synergies


# What the project page shows of a linked or suggested project (and decides its visibility
# by): reading these alone halves the time of its two queries.
_SHOWN = ("title", "confidential", "department__short_name", "department__name", "lead_unit__name")


def project_synergies(*, user, project) -> list[Synergy]:
    """The links of a project the viewer sees, each with its other side."""
    links = mark_visible(
        synergies_visible_to(user)
        .of_project(project.pk)
        .for_list()
        .only("kind", "status", *_shown("source"), *_shown("target"))
        .order_by("status", "-pk"),
        user,
    )
    for link in links:
        link.far = link.other(project)
        link.outgoing = link.source_id == project.pk
    return links


def _shown(side: str) -> list[str]:
    return [f"{side}__{name}" for name in _SHOWN]


def suggestions_for(*, user, project, limit: int = SHOWN_SUGGESTIONS) -> list[Suggestion]:
    """The best stored suggestions of ``project`` that name projects the viewer may see."""
    if not rights.sees_suggestions(user):
        return []
    return list(
        Suggestion.objects.filter(project=project, other__in=visible_project_ids(user))
        .exclude(other__archived_at__isnull=False)
        .select_related("other__department", "other__lead_unit")
        .only("project_id", "score", "reasons", *_shown("other"))
        .order_by("-score", "other_id")[:limit]
    )


def last_computation() -> Computation | None:
    return Computation.objects.order_by("-finished_at").first()


# The title hint --------------------------------------------------------------------------


def _trigrams(value: str) -> set[str]:
    padded = f"  {text.fold(value)} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _word_trigrams(value: str) -> set[str]:
    return set().union(*(_trigrams(word) for word in text.words(value))) or {""}


def _word_similarity(wanted: set[str], title: str) -> float:
    """How much of the typed title's trigrams (``wanted``) the existing title holds (0 to 1):
    pg_trgm's word similarity, near enough, where PostgreSQL is not at hand."""
    return len(wanted & _word_trigrams(title)) / len(wanted)


def _ranked(title, candidates) -> list:
    wanted = _word_trigrams(title)
    for candidate in candidates:
        candidate.similarity = _word_similarity(wanted, candidate.title)
    return sorted(
        (c for c in candidates if c.similarity >= TITLE_MIN_SIMILARITY),
        key=lambda c: (-c.similarity, c.title, c.pk),
    )


def similar_titles(*, user, title: str, exclude_pk=None, limit: int = TITLE_HINTS):
    """Projects the viewer may see whose titles resemble ``title``, archived ones left out.

    Candidates are the titles holding the typed title's three longest words (their first six
    letters, so that "Förderung" finds "Kulturförderung" and "Förderanträge"), all of them
    or, where that gives too few, some: ``icontains``, which on PostgreSQL uses the pg_trgm
    index on ``UPPER(title)`` of the project list's search (projects migration 0005); on
    SQLite a reading of an index holding the titles, those holding more of the words first.
    They are ranked by a trigram word similarity computed here, the same on both databases."""
    title = " ".join((title or "").split())[:200]
    if len(title) < TITLE_MIN_LENGTH:
        return []
    projects = Project.objects.visible_to(user).active()
    if exclude_pk:
        projects = projects.exclude(pk=exclude_pk)
    projects = projects.select_related("department", "lead_unit").only(
        "pk", "title", "department__name", "department__short_name", "department__slug",
        "lead_unit__name", "status",
    )  # fmt: skip
    words = sorted(
        {word.lower() for word in text.words(title) if len(word) >= TITLE_MIN_LENGTH},
        key=len,
        reverse=True,
    )[:3]
    if not words:
        return []
    parts = [word[:6] if len(word) > 6 else word for word in words]
    every, some = Q(), Q()
    for part in parts:
        every &= Q(title__icontains=part)
        some |= Q(title__icontains=part)
    if connection.vendor != "postgresql":
        # No index serves LIKE here, but an index holding the titles does: the ids of the
        # titles holding more of the words first are read from it alone (reading the table
        # itself, with its long texts, takes ten times longer), then those rows in the scope.
        matched = sum(
            (Case(When(Q(title__icontains=part), then=1), default=0) for part in parts),
            Value(0),
        )
        ids = (
            Project.objects.filter(some)
            .alias(matched=matched)
            .order_by("-matched", "pk")
            .values_list("pk", flat=True)[: 2 * TITLE_CANDIDATES]
        )
        candidates = projects.order_by().filter(pk__in=list(ids))[:TITLE_CANDIDATES]
        return _ranked(title, list(candidates))[:limit]
    # On PostgreSQL the index finds the titles holding all the words first (few, found
    # fast); only if they are not enough, those holding some (a LIMIT without ORDER BY stops
    # at the first rows found).
    projects = projects.order_by()  # not the model's ordering: no sort of every match
    candidates = list(projects.filter(every)[:TITLE_CANDIDATES])
    ranked = _ranked(title, candidates)
    if len(ranked) < limit and len(parts) > 1:
        seen = [candidate.pk for candidate in candidates]
        candidates += list(projects.filter(some).exclude(pk__in=seen)[:TITLE_CANDIDATES])
        ranked = _ranked(title, candidates)
    return ranked[:limit]


# The reuse catalogue (Nachnutzungskatalog) ------------------------------------------------

REUSE_KINDS = (Synergy.Kind.REUSE, Synergy.Kind.REPLICATION)
MADE = (Synergy.Status.CONFIRMED, Synergy.Status.IMPLEMENTED)


def _reuses(user):
    """The confirmed and implemented reuses the user may know of: a reused or replicated
    project is the link's source (the one that gives), a shared component counts for both."""
    return (
        Synergy.objects.visible_to(user)
        .filter(status__in=MADE)
        .filter(Q(kind__in=REUSE_KINDS) | Q(kind=Synergy.Kind.SHARED_COMPONENT))
    )


def catalogue(*, user):
    """Active projects marked reusable, for city staff (not external partners), each with
    the number of confirmed or implemented reuses made from it that the user may know of."""
    access = access_for(user)
    if not access.sees_all_departments:
        raise Http404
    reuses = _reuses(user)
    given = (
        reuses.filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    shared = (
        reuses.filter(kind=Synergy.Kind.SHARED_COMPONENT, target=OuterRef("pk"))
        .order_by()
        .values("target")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Project.objects.visible_to(user)
        .active()
        .filter(reusable=True)
        .for_list()
        .defer(None)  # the contact person is shown
        .annotate(reuses=Coalesce(Subquery(given), 0) + Coalesce(Subquery(shared), 0))
    )


def reuses_of(*, user, projects) -> dict[int, list[Synergy]]:
    """For the catalogue's page of projects: the reuses made from each (as counted by
    ``catalogue``), other sides marked visible or not (two queries)."""
    ids = [project.pk for project in projects]
    links = mark_visible(
        _reuses(user)
        .filter(Q(source__in=ids) | Q(kind=Synergy.Kind.SHARED_COMPONENT, target__in=ids))
        .for_list(),
        user,
    )
    found: dict[int, list[Synergy]] = {pk: [] for pk in ids}
    for link in links:
        if link.source_id in found:
            found[link.source_id].append(link)
        if link.kind == Synergy.Kind.SHARED_COMPONENT and link.target_id in found:
            found[link.target_id].append(link)
    return found
