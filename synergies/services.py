"""Writes on synergies and suggestions. Each checks the actor's rights and the link rules and
saves atomically; views, the conversion of workshop results and the demo call these."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from projects import services as project_services
from projects.models import Project
from synergies import rights
from synergies.models import Dismissal, Suggestion, Synergy
from synergies.suggestions import mark_changed

Kind, Status = Synergy.Kind, Synergy.Status

# From a status to the ones it may change to.
TRANSITIONS = {
    Status.PROPOSED: {Status.CONFIRMED, Status.DISCARDED},
    Status.CONFIRMED: {Status.IMPLEMENTED, Status.DISCARDED, Status.PROPOSED},
    Status.IMPLEMENTED: {Status.CONFIRMED},
    Status.DISCARDED: {Status.PROPOSED},
}
# These steps need a reason: discarding, and going back.
NEEDS_REASON = {
    (Status.PROPOSED, Status.DISCARDED),
    (Status.CONFIRMED, Status.DISCARDED),
    (Status.CONFIRMED, Status.PROPOSED),
    (Status.IMPLEMENTED, Status.CONFIRMED),
    (Status.DISCARDED, Status.PROPOSED),
}


def already_linked() -> str:
    return _("These two projects are already linked. Change the existing link instead.")


class StaleSynergy(Exception):
    def __init__(self, current: Synergy):
        super().__init__("stale synergy")
        self.current = current


def ordered(kind, source: Project, target: Project) -> tuple[Project, Project]:
    """Symmetric kinds keep the lower id first, so that a pair reads the same from both
    sides; directed kinds keep the order given."""
    if kind not in Synergy.DIRECTED and source.pk > target.pk:
        return target, source
    return source, target


def _counts_as_dependency(link: Synergy) -> bool:
    return link.kind == Kind.DEPENDENCY and link.status != Status.DISCARDED


def depends_on(
    project_id: int, *, exclude_pk: int | None = None, planned: Sequence[Synergy] = ()
) -> set[int]:
    """Every project ``project_id`` depends on, directly or through others (discarded links
    do not count). ``planned``: links about to be saved (see :func:`check_link`), counted
    instead of their stored state."""
    edges: dict[int, set[int]] = {}
    replaced = {link.pk for link in planned if link.pk is not None}
    links = Synergy.objects.filter(kind=Kind.DEPENDENCY).exclude(status=Status.DISCARDED)
    if exclude_pk:
        replaced.add(exclude_pk)
    if replaced:
        links = links.exclude(pk__in=replaced)
    pairs = list(links.values_list("source_id", "target_id"))
    pairs += [
        (link.source_id, link.target_id)
        for link in planned
        if _counts_as_dependency(link) and (exclude_pk is None or link.pk != exclude_pk)
    ]
    for source, target in pairs:
        edges.setdefault(source, set()).add(target)
    reached, todo = set(), [project_id]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    return reached


def _already_linked(synergy: Synergy, planned: Sequence[Synergy]) -> bool:
    stored = Synergy.objects.between(synergy.source_id, synergy.target_id).exclude(pk=synergy.pk)
    pair = {synergy.source_id, synergy.target_id}
    return stored.exists() or any(
        link is not synergy and {link.source_id, link.target_id} == pair for link in planned
    )


def check_link(synergy: Synergy, *, planned: Sequence[Synergy] = ()) -> None:
    """The link rules: two different projects, once per pair, no cycle of dependencies.
    ``planned``: other links about to be saved with this one (the rows of an import above
    it), counted as if they were stored already."""
    errors = {}
    if synergy.source_id == synergy.target_id:
        errors["target"] = _("A project cannot be linked with itself.")
    elif _already_linked(synergy, planned):
        errors["target"] = already_linked()
    elif _counts_as_dependency(synergy) and synergy.source_id in depends_on(
        synergy.target_id, exclude_pk=synergy.pk, planned=planned
    ):
        errors["kind"] = _(
            "This dependency would close a circle: the other project already depends, "
            "directly or through others, on this one."
        )
    if errors:
        raise ValidationError(errors)


def _ensure_may_link(actor, project: Project, other: Project) -> None:
    if not rights.may_link(actor, project):
        raise PermissionDenied(_("You may not link this project."))
    if not Project.objects.visible_to(actor).active().filter(pk=other.pk).exists():
        raise ValidationError({"target": _("Choose a current project you can see.")})


@transaction.atomic
def synergy_propose(
    *,
    actor,
    project: Project,
    other: Project,
    kind: str,
    description: str = "",
    outgoing: bool = True,
    from_suggestion: bool = False,
    score: float | None = None,
) -> Synergy:
    """``actor`` links ``project`` (one they may edit) with ``other``. For a directed kind
    ``outgoing`` says that ``project`` is the source (its solution is reused, it is the
    original, it depends on the other)."""
    _ensure_may_link(actor, project, other)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose one of the offered kinds.")})
    source, target = (project, other) if outgoing else (other, project)
    source, target = ordered(kind, source, target)
    synergy = Synergy(
        kind=kind,
        source=source,
        target=target,
        description=description,
        proposed_by=actor,
        from_suggestion=from_suggestion,
        score=score,
    )
    synergy._history_user = actor
    check_link(synergy)
    synergy.full_clean()
    try:
        with transaction.atomic():
            synergy.save()
    except IntegrityError:  # the same pair, linked by someone else a moment ago
        raise ValidationError({"target": already_linked()}) from None
    forget_suggestions([(source.pk, target.pk)])
    return synergy


def _locked(synergy: Synergy, version: int | None) -> Synergy:
    locked = (
        Synergy.objects.select_for_update().select_related("source", "target").get(pk=synergy.pk)
    )
    if version is not None and locked.version != version:
        raise StaleSynergy(current=locked)
    return locked


@transaction.atomic
def synergy_update(
    *, synergy: Synergy, actor, version: int | None, kind: str, description: str,
    reverse: bool = False,
) -> Synergy:  # fmt: skip
    """Change an open link's kind or description (``reverse`` swaps a directed link's
    direction). A stale form is refused with :class:`StaleSynergy`."""
    locked = _locked(synergy, version if version is not None else -1)
    if not rights.may_change(actor, locked):
        raise PermissionDenied(_("You may not change this link."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose one of the offered kinds.")})
    source, target = locked.source, locked.target
    if reverse:
        source, target = target, source
    locked.source, locked.target = ordered(kind, source, target)
    locked.kind = kind
    locked.description = description
    locked._history_user = actor
    check_link(locked)
    locked.full_clean()
    locked.version += 1
    locked.save()
    return locked


def check_step(old: str, new: str, reason: str) -> None:
    """A status step the app offers (``TRANSITIONS``), with a reason where it asks for one
    (``NEEDS_REASON``)."""
    if new not in TRANSITIONS.get(old, ()):
        raise ValidationError(
            {"status": _("A link cannot go from “%(old)s” to this status.")
             % {"old": Status(old).label}}
        )  # fmt: skip
    if (old, new) in NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("Say why.")})


def forget_suggestions(pairs) -> None:
    """Linked pairs of projects (ids) are no longer suggested to each other, from either side
    (a hundred pairs per query: SQLite limits how deep a condition may nest)."""
    pairs = list(pairs)
    for start in range(0, len(pairs), 100):
        condition = Q()
        for first, second in pairs[start : start + 100]:
            condition |= Q(project_id=first, other_id=second) | Q(project_id=second, other_id=first)
        Suggestion.objects.filter(condition).delete()


@transaction.atomic
def synergy_decide(
    *, synergy: Synergy, actor, status: str, reason: str = "", version: int | None = None
) -> Synergy:
    """Confirm, mark as implemented, discard (with a reason) or reopen a link."""
    locked = _locked(synergy, version)
    if not rights.may_decide(actor, locked):
        raise PermissionDenied(
            _("Links across departments are confirmed by the Referat Digitale Stadt.")
            if locked.is_cross_department
            else _("The department's coordination decides on this link.")
        )
    reason = " ".join((reason or "").split())
    check_step(locked.status, status, reason)
    locked.status = status
    locked.status_reason = reason[:500]
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked._history_user = actor
    check_link(locked)  # a reopened dependency may close a circle meanwhile
    locked.version += 1
    locked.save()
    return locked


@transaction.atomic
def duplicate_merge(*, synergy: Synergy, actor, keep: Project, version: int | None) -> Project:
    """A confirmed duplicate is merged: the other project is archived, its links move to the
    kept one (those the kept one has already stay where they are), and the link is
    implemented."""
    locked = _locked(synergy, version)
    if locked.kind != Kind.DUPLICATE or locked.status != Status.CONFIRMED:
        raise ValidationError(_("Only a confirmed duplicate can be merged."))
    if not rights.may_decide(actor, locked):
        raise PermissionDenied(_("You may not merge these projects."))
    if keep.pk not in (locked.source_id, locked.target_id):
        raise ValidationError({"keep": _("Choose one of the two projects.")})
    if locked.source.archived_at or locked.target.archived_at:
        raise ValidationError(_("One of the two projects is archived: they have been merged."))
    drop = locked.other(keep)
    linked = set()
    for source, target in Synergy.objects.of_project(keep.pk).values_list("source_id", "target_id"):
        linked |= {source, target}
    for link in (
        Synergy.objects.of_project(drop.pk).exclude(pk=locked.pk).select_related("source", "target")
    ):
        far = link.target_id if link.source_id == drop.pk else link.source_id
        if far in linked:
            continue
        if link.source_id == drop.pk:
            link.source = keep
        else:
            link.target = keep
        link.source, link.target = ordered(link.kind, link.source, link.target)
        link._history_user = actor
        link._change_reason = _("moved from a merged duplicate")
        try:
            check_link(link)
        except ValidationError:
            continue  # would close a circle of dependencies: it stays with the archived one
        link.version += 1
        link.save()
        linked.add(far)
    for relation in MERGED_RELATIONS:
        relation(drop=drop, keep=keep)
    project_services.project_archive(project=drop, actor=actor)
    locked.status = Status.IMPLEMENTED
    # No titles here: the reason is read by everyone who sees the link, also where one of
    # the two projects is not theirs to see.
    locked.status_reason = _("merged: the other project was archived")
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked._history_user = actor
    locked.version += 1
    locked.save()
    mark_changed([keep.pk, drop.pk])
    return keep


# Other apps' links to projects that a merge moves to the kept project (needs, offerings):
# each a function (drop, keep), registered in their AppConfig.ready().
MERGED_RELATIONS: list = []


def register_merged_relation(move) -> None:
    MERGED_RELATIONS.append(move)


def _ensure_may_act_on(actor, project: Project, other: Project) -> None:
    if not rights.may_link(actor, project):
        raise PermissionDenied(_("You may not act on this project's suggestions."))
    if not Project.objects.visible_to(actor).filter(pk=other.pk).exists():
        raise PermissionDenied(_("You may not act on this project's suggestions."))


@transaction.atomic
def suggestion_accept(*, actor, project: Project, other: Project, kind: str) -> Synergy:
    """A suggestion becomes a proposed link (found by the suggestion)."""
    _ensure_may_act_on(actor, project, other)
    suggestion = Suggestion.objects.filter(project=project, other=other).first()
    return synergy_propose(
        actor=actor,
        project=project,
        other=other,
        kind=kind,
        from_suggestion=suggestion is not None,
        score=suggestion.score if suggestion else None,
    )


@transaction.atomic
def suggestion_dismiss(*, actor, project: Project, other: Project) -> Dismissal:
    """This pair is no synergy: it is never suggested again, from either side."""
    _ensure_may_act_on(actor, project, other)
    if project.pk == other.pk:
        raise ValidationError(_("A project cannot be linked with itself."))
    first, second = sorted([project.pk, other.pk])
    dismissal, _created = Dismissal.objects.get_or_create(
        first_id=first, second_id=second, defaults={"dismissed_by": actor}
    )
    Suggestion.objects.filter(project__in=[first, second], other__in=[first, second]).delete()
    return dismissal
