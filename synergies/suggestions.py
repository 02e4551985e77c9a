"""Suggested synergies: computed by the worker, stored, shown at once.

- :func:`recompute_all` compares every project with every other (nightly, from
  ``manage.py housekeeping``, and by ``manage.py compute_suggestions``) and replaces the
  stored suggestions in one transaction.
- :func:`refresh_pending` does the same for the projects changed since (marked by
  :func:`mark_changed` when a project's text or links change), and puts a changed project
  into the lists of the projects it now resembles more than their weakest suggestion.
- A pair that is linked already or that staff dismissed is never suggested.

Which suggestions a viewer sees is decided when they are shown
(:func:`synergies.selectors.suggestions_for`): never a project outside their scope.
"""

import resource
from collections import Counter, defaultdict

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from agenda.models import FieldOfAction, Goal
from projects.models import Project
from synergies import similarity, text
from synergies.models import Computation, Dismissal, PendingProject, Suggestion, Synergy

MAX_TERMS = 4
TELLING_TERMS = 30
# A changed project enters at most this many other projects' lists at once; the nightly
# computation settles the rest.
REVERSE_CANDIDATES = 500
BATCH = 2000

# (label prefix, the projects' through table, its project column, its target column, the
# target's name): the links a project's similarity and its reasons are read from.
LABELS = [
    ("goals", Project.goals.through, "project_id", "goal_id", Goal, "title"),
    ("fields", Project.fields_of_action.through, "project_id", "fieldofaction_id",
     FieldOfAction, "name"),
]  # fmt: skip


def register_label(name, through, project_column, target_column, model, name_field) -> None:
    """Another app's links of projects that say what a project is about (the RDS offerings
    it uses)."""
    LABELS.append((name, through, project_column, target_column, model, name_field))


def _group(department_id: int, lead_unit_id: int | None) -> int:
    return lead_unit_id if lead_unit_id is not None else -department_id


def load() -> tuple[list[similarity.Document], dict]:
    """All projects as documents, and the names of their labels."""
    labels: dict[int, list[str]] = defaultdict(list)
    names: dict[str, str] = {}
    for prefix, through, project_column, target_column, model, name_field in LABELS:
        for project_id, target_id in through.objects.values_list(project_column, target_column):
            labels[project_id].append(f"{prefix}:{target_id}")
        for pk, name in model.objects.values_list("pk", name_field):
            names[f"{prefix}:{pk}"] = name
    rows = Project.objects.order_by("pk").values_list(
        "pk", "department_id", "lead_unit_id", "title", "description", "archived_at"
    )
    documents = similarity.analysed(
        similarity.Document(
            pk=pk,
            group=_group(department_id, lead_unit_id),
            title=title,
            description=description,
            labels=tuple(labels.get(pk, ())),
            active=archived_at is None,
        )
        for pk, department_id, lead_unit_id, title, description, archived_at in rows
    )
    return documents, names


def excluded_pairs() -> list[tuple[int, int]]:
    return [
        *Synergy.objects.values_list("source_id", "target_id"),
        *Dismissal.objects.values_list("first_id", "second_id"),
    ]


class Reasons:
    """Why two projects are alike, in words: the goals, fields of action and offerings they
    share, and their most telling common terms (also where one is part of a compound word
    of the other)."""

    def __init__(self, documents, names):
        self.documents = {document.pk: document for document in documents}
        self.names = names
        frequency = Counter()
        for document in documents:
            frequency.update(set(document.terms))
        self.frequency = frequency
        # A term in more than a fifth of all projects tells nothing about a pair.
        self.common = max(2, len(documents) // 5)
        self._forms: dict[int, dict[str, str]] = {}
        self._telling: dict[int, set[str]] = {}

    def telling(self, pk) -> set[str]:
        """A project's rarest terms (at most ``TELLING_TERMS``): what the reasons are made of;
        the bound keeps the compound-word comparison cheap for long descriptions."""
        if pk not in self._telling:
            terms = set(self.documents[pk].terms)
            self._telling[pk] = set(
                sorted(terms, key=lambda term: (self.frequency[term], term))[:TELLING_TERMS]
            )
        return self._telling[pk]

    def forms(self, pk) -> dict[str, str]:
        if pk not in self._forms:
            document = self.documents[pk]
            self._forms[pk] = text.surface_forms(f"{document.title} {document.description}")
        return self._forms[pk]

    def __call__(self, pk, other_pk) -> dict:
        document, other = self.documents[pk], self.documents[other_pk]
        reasons = {}
        shared = set(document.labels) & set(other.labels)
        for prefix, *_rest in LABELS:
            found = sorted(self.names[label] for label in shared if label.startswith(f"{prefix}:"))
            if found:
                reasons[prefix] = found
        mine, theirs = self.telling(pk), self.telling(other_pk)
        common = mine & theirs
        # Compound words: "radverkehrsforder" holds "radverkehr" and "forder".
        long_mine = [term for term in mine - common if len(term) >= 8]
        long_theirs = [term for term in theirs - common if len(term) >= 8]
        parts = {
            term
            for term in mine - common
            if len(term) >= 5 and any(term in compound for compound in long_theirs)
        }
        compounds = {
            term
            for term in long_mine
            if any(len(part) >= 5 and part in term for part in theirs - common)
        }
        telling = sorted(
            (term for term in common | parts | compounds if self.frequency[term] <= self.common),
            key=lambda term: (self.frequency[term], term),
        )
        forms = self.forms(pk)
        words = [forms[term] for term in telling if term in forms][:MAX_TERMS]
        if words:
            reasons["terms"] = words
        return reasons


def _store(lists: dict[int, list[tuple[int, float]]], reasons: Reasons, now) -> int:
    """Write the lists in batches (memory stays flat at 50,000 projects). Pairs linked or
    dismissed while the similarity was computed are left out: the excluded pairs are read
    again here, inside the transaction that writes."""
    excluded = {frozenset(pair) for pair in excluded_pairs()}
    stored = 0
    batch = []
    for pk, found in lists.items():
        for other, score in found:
            if frozenset((pk, other)) in excluded:
                continue
            batch.append(
                Suggestion(
                    project_id=pk,
                    other_id=other,
                    score=score,
                    reasons=reasons(pk, other),
                    computed_at=now,
                )
            )
            if len(batch) >= BATCH:
                Suggestion.objects.bulk_create(batch)
                stored += len(batch)
                batch = []
    Suggestion.objects.bulk_create(batch)
    return stored + len(batch)


def _peak_memory_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def recompute_all() -> Computation:
    """Every project's suggestions anew."""
    started = timezone.now()
    documents, names = load()
    collection = similarity.Collection(documents, excluded_pairs())
    lists = collection.neighbours()
    reasons = Reasons(documents, names)
    with transaction.atomic():
        # Changes marked while this ran are computed again by their own refresh.
        PendingProject.objects.filter(since__lt=started).delete()
        Suggestion.objects.all().delete()
        stored = _store(lists, reasons, timezone.now())
        return Computation.objects.create(
            scope=Computation.Scope.ALL,
            started_at=started,
            finished_at=timezone.now(),
            projects=len(documents),
            computed=len(lists),
            suggestions=stored,
            peak_memory_mb=_peak_memory_mb(),
        )


def refresh(project_ids, *, marked_before=None) -> Computation | None:
    """New suggestions for the projects ``project_ids`` (and their place in others' lists).
    Their change marks up to ``marked_before`` go once the new lists are written."""
    project_ids = set(project_ids)
    if not project_ids:
        return None
    started = timezone.now()
    documents, names = load()
    collection = similarity.Collection(documents, excluded_pairs())
    lists = collection.neighbours(project_ids)
    reasons = Reasons(documents, names)
    now = timezone.now()
    entering = _entering(collection, project_ids)
    with transaction.atomic():
        if marked_before is not None:
            PendingProject.objects.filter(
                project_id__in=project_ids, since__lte=marked_before
            ).delete()
        Suggestion.objects.filter(
            Q(project_id__in=project_ids) | Q(other_id__in=project_ids)
        ).delete()
        stored = _store(lists, reasons, now)
        stored += _store(entering, reasons, now)
        _trim(entering.keys())
        return Computation.objects.create(
            scope=Computation.Scope.CHANGED,
            started_at=started,
            finished_at=timezone.now(),
            projects=len(documents),
            computed=len(lists),
            suggestions=stored,
            peak_memory_mb=_peak_memory_mb(),
        )


def _entering(collection, project_ids) -> dict[int, list[tuple[int, float]]]:
    """The changed projects in the lists of the projects they resemble: each other project
    whose list has room or whose weakest suggestion scores lower."""
    rows = collection.rows_of(project_ids)
    if not len(rows):
        return {}
    scores = collection.scores(rows)
    candidates: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for row, i in enumerate(rows.tolist()):
        line = scores[row]
        strong = np.flatnonzero(line >= similarity.MIN_SCORE)
        if len(strong) > REVERSE_CANDIDATES:
            strong = strong[np.argsort(-line[strong])[:REVERSE_CANDIDATES]]
        changed_pk = int(collection.pks[i])
        for j in strong.tolist():
            other = int(collection.pks[j])
            if other not in project_ids:
                candidates[other].append((changed_pk, round(float(line[j]), 4)))
    if not candidates:
        return {}
    weakest: dict[int, list[float]] = defaultdict(list)
    for pk, score in (
        Suggestion.objects.filter(project_id__in=candidates.keys())
        .exclude(other_id__in=project_ids)
        .values_list("project_id", "score")
    ):
        weakest[pk].append(score)
    entering = {}
    for pk, found in candidates.items():
        kept = weakest.get(pk, [])
        floor = min(kept) if len(kept) >= similarity.K else 0.0
        better = [(other, score) for other, score in found if score > floor]
        if better:
            entering[pk] = sorted(better, key=lambda item: -item[1])[: similarity.K]
    return entering


def _trim(project_ids) -> None:
    """Keep each list at its best ``K``."""
    surplus = []
    by_project = defaultdict(list)
    for pk, project_id in (
        Suggestion.objects.filter(project_id__in=list(project_ids))
        .order_by("project_id", "-score", "other_id")
        .values_list("pk", "project_id")
    ):
        by_project[project_id].append(pk)
    for pks in by_project.values():
        surplus.extend(pks[similarity.K :])
    if surplus:
        Suggestion.objects.filter(pk__in=surplus).delete()


def refresh_pending() -> Computation | None:
    """The projects marked as changed, all at once (a burst of changes is one run). The marks
    stay until the new lists are written, so a run that fails leaves them for the next."""
    read_at = timezone.now()
    project_ids = list(
        PendingProject.objects.filter(since__lte=read_at).values_list("project_id", flat=True)
    )
    return refresh(project_ids, marked_before=read_at)


def mark_changed(project_ids) -> None:
    """Note that these projects' suggestions are out of date and have the worker refresh
    them once the current transaction is committed. A transaction saving many projects queues
    a task per call: the first to run takes every mark, the others find none and end at once."""
    project_ids = list(project_ids)
    if not project_ids:
        return
    now = timezone.now()
    PendingProject.objects.bulk_create(
        [PendingProject(project_id=pk, since=now) for pk in project_ids],
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=["since"],
    )
    transaction.on_commit(lambda: refresh_suggestions.enqueue())


@task()
def refresh_suggestions() -> str:
    computation = refresh_pending()
    if computation is None:
        return "nothing to refresh"
    return f"{computation.computed} projects, {computation.suggestions} suggestions"


@task()
def recompute_suggestions() -> str:
    computation = recompute_all()
    return f"{computation.projects} projects, {computation.suggestions} suggestions"


def nightly() -> str:
    """The housekeeping step: the full computation, by the worker."""
    recompute_suggestions.enqueue()
    return "suggestions: full computation queued"
