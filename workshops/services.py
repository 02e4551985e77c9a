"""Writes on cohorts and workshops. Each function checks the actor's rights (see
:mod:`workshops.rights`), validates and saves atomically. Changes to projects go through
:mod:`projects.services`, so a workshop's decisions follow the same rules (and leave the
same history) as an edit in the project form."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from discussions import services as discussions
from discussions.models import Thread
from projects import services as project_services
from projects.models import Project
from workshops import invitations, rights
from workshops.models import (
    ChangeField,
    ChangeItem,
    Cohort,
    Decision,
    DiscussedProject,
    OpenQuestion,
    Part,
    PriorityEntry,
    ResultItem,
    TemplateVersion,
    Workshop,
    WorkshopGuest,
)

# How long participants may object to draft minutes unless the coordinator says otherwise.
DEFAULT_REVIEW_DAYS = 7
MINUTES_ANCHOR = "protokoll"
# Projects still worked on: the ones Teil 3 ranks.
CLOSED_STATUSES = (Project.Status.COMPLETED, Project.Status.STOPPED)


class StaleWorkshopEdit(Exception):
    """The workshop was saved by someone else after the form was opened."""

    def __init__(self, current: Workshop):
        super().__init__("stale edit")
        self.current = current


class StaleChanges(ValidationError):
    """Accepted changes whose project changed after they were proposed."""

    def __init__(self, items):
        self.items = list(items)
        titles = ", ".join(sorted({item.project.title for item in self.items}))
        super().__init__(
            _(
                "Nothing was applied: these projects were changed after the change list was "
                "drawn up: %(titles)s. Check their changes against the current state and "
                "accept them again."
            )
            % {"titles": titles},
            code="stale",
        )


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _ensure_plans(actor) -> None:
    _ensure(rights.may_plan(actor), _("Only the central unit plans cohorts."))


def _ensure_records(actor, workshop) -> None:
    _ensure(rights.may_record(actor, workshop), _("You may not record results of this workshop."))


def _ensure_decides(actor, workshop) -> None:
    _ensure(
        rights.may_decide(actor, workshop),
        _("Only the department's coordination decides on this workshop's results."),
    )


def _ensure_not_cancelled(workshop) -> None:
    if workshop.is_cancelled:
        raise ValidationError(_("The workshop has been cancelled."))


def _ensure_minutes_open(workshop) -> None:
    _ensure_not_cancelled(workshop)
    if workshop.is_released:
        raise ValidationError(
            _("The minutes have been released; the workshop's results no longer change.")
        )


def _locked(workshop) -> Workshop:
    return Workshop.objects.select_for_update().select_related("cohort").get(pk=workshop.pk)


def _bump(workshop, *fields) -> None:
    workshop.version += 1
    workshop.save(update_fields=[*fields, "version"])


# Cohorts -------------------------------------------------------------------------------------


def current_template_versions() -> dict[int, TemplateVersion]:
    """The newest published version of each part's template."""
    current = {}
    for version in TemplateVersion.objects.published().order_by("template__part", "-number"):
        current.setdefault(version.template.part, version)
    return current


def _plan_series(cohort, departments) -> list[Workshop]:
    """Teil 1–3 for each department that has none yet, from the current template versions
    (a later template version does not change them)."""
    templates = current_template_versions()
    missing = [part.label for part in Part if part.value not in templates]
    if missing:
        raise ValidationError(
            _("Publish a template for %(parts)s before planning a cohort.")
            % {"parts": ", ".join(str(label) for label in missing)}
        )
    existing = set(cohort.workshops.values_list("department_id", "part"))
    planned = [
        Workshop(cohort=cohort, department=department, part=part, template_version=version)
        for department in departments
        for part, version in sorted(templates.items())
        if (department.pk, part) not in existing
    ]
    return Workshop.objects.bulk_create(planned)


def _clean_cohort(cohort) -> None:
    cohort.full_clean(exclude=["version"])


def two_departments_warning(departments) -> str:
    """The norm is two departments per cohort: the form warns, it does not forbid."""
    count = len(departments)
    if count == 2:
        return ""
    return _(
        "A cohort usually has two departments working in parallel; this one has %(count)s."
    ) % {"count": count}


@transaction.atomic
def cohort_create(*, actor, departments, supporters=(), **fields) -> Cohort:
    _ensure_plans(actor)
    cohort = Cohort(**fields)
    cohort._history_user = actor
    _clean_cohort(cohort)
    cohort.save()
    cohort.departments.set(departments)
    cohort.supporters.set(supporters)
    _plan_series(cohort, departments)
    return cohort


@transaction.atomic
def cohort_update(
    *, cohort, actor, version: int | None, departments, supporters=(), **fields
) -> Cohort:
    """Change a cohort. A department added gets its three workshops; a department removed
    loses its workshops only while they are planned and hold no results."""
    _ensure_plans(actor)
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if version is None or locked.version != version:
        raise ValidationError(
            _("Someone else has changed this cohort meanwhile. Reload the page and try again."),
            code="stale",
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    _clean_cohort(locked)
    removed = locked.workshops.exclude(department__in=departments)
    if _has_results(removed):
        raise ValidationError(
            _(
                "A department whose workshops have taken place, were invited to or hold "
                "results cannot be removed from the cohort."
            )
        )
    removed.delete()
    locked.version += 1
    locked.save()
    locked.departments.set(departments)
    locked.supporters.set(supporters)
    _plan_series(locked, departments)
    return locked


def _has_results(workshops) -> bool:
    ids = list(workshops.values_list("pk", flat=True))
    if not ids:
        return False
    return (
        Workshop.objects.filter(pk__in=ids).exclude(status=Workshop.Status.PLANNED).exists()
        or Workshop.objects.filter(pk__in=ids).exclude(minutes="").exists()
        or Workshop.objects.filter(pk__in=ids, invited_at__isnull=False).exists()
        or PriorityEntry.objects.filter(workshop__in=ids).exists()
        or any(
            model.objects.filter(workshop__in=ids).exists()
            for model in (Decision, OpenQuestion, DiscussedProject, ChangeItem, ResultItem)
        )
    )


# Planning one workshop -----------------------------------------------------------------------

# Changing these means the calendar entry changes: the next invitation raises the sequence.
CALENDAR_FIELDS = ("starts_at", "location", "video_link")


@transaction.atomic
def workshop_plan(*, workshop, actor, version: int | None, participants=None, **fields) -> Workshop:
    """Date, place, video link and participants. ``participants`` must be members of the
    workspace or supporters of the cohort."""
    _ensure_records(actor, workshop)
    locked = _locked(workshop)
    if version is None or locked.version != version:
        raise StaleWorkshopEdit(current=locked)
    _ensure_minutes_open(locked)
    calendar_changed = any(
        name in fields and fields[name] != getattr(locked, name) for name in CALENDAR_FIELDS
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    locked.full_clean(exclude=["version", "participants"])
    if calendar_changed and locked.invited_at:
        locked.calendar_sequence += 1
    locked.version += 1
    locked.save()
    if participants is not None:
        allowed = set(participant_choices(locked).values_list("pk", flat=True))
        wanted = {getattr(user, "pk", user) for user in participants}
        if wanted - allowed:
            raise ValidationError(
                {"participants": _("Choose among the workspace's members and the supporters.")}
            )
        locked.participants.set(wanted)
    return locked


def participant_choices(workshop):
    """Who may be invited: the workspace's active members and the cohort's supporters."""
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(
            Q(
                memberships__in=workshop.department.memberships.active(),
            )
            | Q(supported_cohorts=workshop.cohort_id)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def guest_add(*, workshop, actor, name: str, email: str = "", organisation: str = ""):
    _ensure_records(actor, workshop)
    _ensure_minutes_open(workshop)
    guest = WorkshopGuest(workshop=workshop, name=name, email=email, organisation=organisation)
    guest.full_clean()
    guest.save()
    return guest


@transaction.atomic
def guest_remove(*, guest, actor) -> None:
    _ensure_records(actor, guest.workshop)
    _ensure_minutes_open(guest.workshop)
    guest.delete()


@transaction.atomic
def workshop_mark_held(*, workshop, actor) -> Workshop:
    _ensure_records(actor, workshop)
    locked = _locked(workshop)
    if locked.status != Workshop.Status.PLANNED:
        raise ValidationError(_("Only a planned workshop can be marked as held."))
    locked.status = Workshop.Status.HELD
    locked._history_user = actor
    _bump(locked, "status")
    return locked


@transaction.atomic
def workshop_cancel(*, workshop, actor) -> Workshop:
    """Cancel a planned workshop (the invitation becomes a cancellation)."""
    _ensure_records(actor, workshop)
    locked = _locked(workshop)
    if locked.status != Workshop.Status.PLANNED:
        raise ValidationError(_("Only a planned workshop can be cancelled."))
    locked.status = Workshop.Status.CANCELLED
    if locked.invited_at:
        locked.calendar_sequence += 1
        transaction.on_commit(lambda: invitations.cancellation_send(workshop=locked, actor=actor))
    locked._history_user = actor
    _bump(locked, "status", "calendar_sequence")
    return locked


@transaction.atomic
def workshop_reschedule(*, workshop, actor) -> Workshop:
    """Plan a cancelled workshop again."""
    _ensure_records(actor, workshop)
    locked = _locked(workshop)
    if not locked.is_cancelled:
        raise ValidationError(_("Only a cancelled workshop can be planned again."))
    locked.status = Workshop.Status.PLANNED
    if locked.invited_at:
        locked.calendar_sequence += 1
    locked._history_user = actor
    _bump(locked, "status", "calendar_sequence")
    return locked


# Minutes -------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, workshop, actor, version: int | None, minutes: str) -> Workshop:
    _ensure_records(actor, workshop)
    locked = _locked(workshop)
    if version is None or locked.version != version:
        raise StaleWorkshopEdit(current=locked)
    _ensure_minutes_open(locked)
    changed = minutes != locked.minutes
    locked.minutes = minutes
    locked.full_clean(exclude=["version", "participants"])
    if changed and locked.review_opened_at:
        # The participants reviewed another text: it is shared again before release.
        locked.review_opened_at = locked.review_until = None
    _bump(locked, "minutes", "review_opened_at", "review_until")
    return locked


@transaction.atomic
def minutes_open_review(*, workshop, actor, review_until=None) -> Workshop:
    """Share the draft minutes with the participants, who may object until ``review_until``."""
    _ensure_decides(actor, workshop)
    locked = _locked(workshop)
    _ensure_minutes_open(locked)
    if locked.status != Workshop.Status.HELD:
        raise ValidationError(_("Mark the workshop as held before sharing its minutes."))
    if not locked.minutes.strip():
        raise ValidationError(_("Write the minutes before sharing them."))
    today = timezone.localdate()
    review_until = review_until or today + timedelta(days=DEFAULT_REVIEW_DAYS)
    if review_until < today:
        raise ValidationError({"review_until": _("The period cannot end in the past.")})
    locked.review_until = review_until
    locked.review_opened_at = timezone.now()
    locked._history_user = actor
    _bump(locked, "review_until", "review_opened_at")
    return locked


def review_is_open(workshop) -> bool:
    return (
        workshop.review_opened_at is not None
        and not workshop.is_released
        and workshop.review_until is not None
        and timezone.localdate() <= workshop.review_until
    )


def review_has_ended(workshop) -> bool:
    """The draft was shared and the period for objections is over: it may be released."""
    return (
        workshop.review_opened_at is not None
        and workshop.review_until is not None
        and timezone.localdate() > workshop.review_until
    )


def objections(workshop):
    return Thread.objects.about(workshop).filter(anchor=MINUTES_ANCHOR)


@transaction.atomic
def objection_raise(*, workshop, actor, body: str) -> Thread:
    _ensure(rights.may_object(actor, workshop), _("Only participants may object."))
    if not review_is_open(workshop):
        raise ValidationError(_("The minutes are not open for objections."))
    return discussions.thread_start(
        actor=actor,
        target=workshop,
        department=workshop.department,
        anchor=MINUTES_ANCHOR,
        body=body,
    )


@transaction.atomic
def objection_answer(*, thread, actor, body: str, resolve: bool = False) -> Thread:
    workshop = Workshop.objects.get(pk=thread.object_id)  # as stored now
    _ensure(
        rights.may_decide(actor, workshop) or thread.created_by_id == actor.pk,
        _("You may not answer this objection."),
    )
    _ensure_minutes_open(workshop)
    discussions.comment_add(thread=thread, actor=actor, body=body)
    if resolve:
        _ensure_decides(actor, workshop)
        discussions.thread_resolve(thread=thread, actor=actor)
    return thread


@transaction.atomic
def objection_resolve(*, thread, actor) -> Thread:
    workshop = Workshop.objects.get(pk=thread.object_id)
    _ensure_decides(actor, workshop)
    _ensure_minutes_open(workshop)
    return discussions.thread_resolve(thread=thread, actor=actor)


@transaction.atomic
def minutes_release(*, workshop, actor) -> Workshop:
    """Release the minutes: the record names who released them and when. Not while an
    objection is open."""
    _ensure_decides(actor, workshop)
    locked = _locked(workshop)
    _ensure_minutes_open(locked)
    if locked.review_opened_at is None:
        raise ValidationError(_("Share the draft minutes with the participants first."))
    if locked.review_until is not None and timezone.localdate() <= locked.review_until:
        raise ValidationError(
            _("Participants can object until %(until)s; release the minutes after that day.")
            % {"until": date_format(locked.review_until, "SHORT_DATE_FORMAT")}
        )
    if objections(locked).open().exists():
        raise ValidationError(_("Answer and resolve the open objections before releasing."))
    locked.status = Workshop.Status.RELEASED
    locked.released_at = timezone.now()
    locked.released_by = actor
    locked._history_user = actor
    _bump(locked, "status", "released_at", "released_by")
    return locked


# Decisions, open questions, projects discussed, findings ------------------------------------


def _add(model, *, workshop, actor, **fields):
    _ensure_records(actor, workshop)
    _ensure_minutes_open(workshop)
    item = model(workshop=workshop, created_by=actor, **fields)
    item.full_clean()
    item.save()
    return item


def _remove(item, *, actor) -> None:
    _ensure_records(actor, item.workshop)
    _ensure_minutes_open(item.workshop)
    item.delete()


@transaction.atomic
def decision_add(*, workshop, actor, text: str) -> Decision:
    return _add(Decision, workshop=workshop, actor=actor, text=text)


@transaction.atomic
def question_add(*, workshop, actor, text: str, owner=None, due_on=None) -> OpenQuestion:
    if owner is not None and not participant_choices(workshop).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("Choose among the workspace's members.")})
    return _add(OpenQuestion, workshop=workshop, actor=actor, text=text, owner=owner, due_on=due_on)


def may_close_question(actor, question) -> bool:
    return question.owner_id == actor.pk or rights.may_record(actor, question.workshop)


@transaction.atomic
def question_done(*, question, actor, done: bool = True) -> OpenQuestion:
    """The owner (or whoever records the workshop) marks a question done, or open again.
    Still possible after the minutes' release: answering questions is what comes after."""
    _ensure(may_close_question(actor, question), _("You may not close this question."))
    question.done_at = timezone.now() if done else None
    question.done_by = actor if done else None
    question.save(update_fields=["done_at", "done_by"])
    return question


@transaction.atomic
def discussed_add(*, workshop, actor, project, note: str = "") -> DiscussedProject:
    _ensure_workspace_project(workshop, project, actor=actor)
    return _add(DiscussedProject, workshop=workshop, actor=actor, project=project, note=note)


@transaction.atomic
def finding_add(
    *, workshop, actor, kind: str, title: str, description: str = "", projects=()
) -> ResultItem:
    for project in projects:
        _ensure_workspace_project(workshop, project, actor=actor, any_department=True)
    item = _add(
        ResultItem, workshop=workshop, actor=actor, kind=kind, title=title, description=description
    )
    item.projects.set(projects)
    return item


def remove(*, item, actor) -> None:
    """Remove a decision, question, project discussed, finding or change list item."""
    with transaction.atomic():
        if isinstance(item, ChangeItem) and item.state == ChangeItem.State.APPLIED:
            raise ValidationError(_("An applied change stays in the list."))
        if isinstance(item, ChangeItem) and item.state == ChangeItem.State.ACCEPTED:
            _ensure_decides(actor, item.workshop)  # the coordination's decision stands
        _remove(item, actor=actor)


def _ensure_workspace_project(workshop, project, *, actor, any_department=False) -> None:
    """Results name the department's own current projects; findings (synergies) may name
    another department's. Either way only a project the actor may see (a confidential one
    is not offered to an external supporter)."""
    own = project.department_id == workshop.department_id and not project.archived_at
    if (own or any_department) and Project.objects.visible_to(actor).filter(pk=project.pk).exists():
        return
    raise ValidationError({"project": _("Choose among the offered projects.")})


# The change list -----------------------------------------------------------------------------


def current_value(project, field: str):
    """A project's value of a change list field, as stored in a change item (JSON)."""
    if field in (ChangeField.GOALS, ChangeField.FIELDS):
        return sorted(getattr(project, field).values_list("pk", flat=True))
    return getattr(project, field)


def _clean_value(project, field: str, value):
    if field == ChangeField.STATUS:
        if value not in Project.Status.values:
            raise ValidationError({"value": _("Choose a valid status.")})
        return value
    if field == ChangeField.FINANCING:
        if value not in Project.Financing.values:
            raise ValidationError({"value": _("Choose a valid financing.")})
        return value
    if field == ChangeField.PRIORITY:
        if value in (None, ""):
            return None
        try:
            rank = int(value)
        except (TypeError, ValueError):
            rank = 0
        if not 1 <= rank <= 32767:
            raise ValidationError({"value": _("A priority rank is a whole number from 1.")})
        return rank
    if field in (ChangeField.GOALS, ChangeField.FIELDS):
        try:
            return sorted({int(pk) for pk in value or ()})
        except (TypeError, ValueError):
            raise ValidationError({"value": _("Choose among the offered entries.")}) from None
    raise ValidationError({"field": _("Choose what changes.")})


@transaction.atomic
def change_propose(*, workshop, actor, project, field: str, value, note: str = "") -> ChangeItem:
    """Put a change decided in the workshop on the change list, against the project's
    current version."""
    _ensure_records(actor, workshop)
    _ensure_minutes_open(workshop)
    _ensure_workspace_project(workshop, project, actor=actor)
    if field not in ChangeField.values:
        raise ValidationError({"field": _("Choose what changes.")})
    value = _clean_value(project, field, value)
    previous = current_value(project, field)
    if value == previous:
        raise ValidationError({"value": _("That is the project's current value already.")})
    item = ChangeItem(
        workshop=workshop,
        project=project,
        field=field,
        value=value,
        previous=previous,
        base_version=project.version,
        note=note,
        created_by=actor,
    )
    item.full_clean()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ValidationError(
            _("The change list already has a change of this field for this project.")
        ) from None
    return item


def _ensure_pending(item) -> None:
    if item.state == ChangeItem.State.APPLIED:
        raise ValidationError(_("This change has been applied already."))


@transaction.atomic
def change_decide(*, item, actor, accept: bool) -> ChangeItem:
    """The coordinator accepts or rejects one item."""
    _ensure_decides(actor, item.workshop)
    _ensure_minutes_open(item.workshop)
    _ensure_pending(item)
    item.state = ChangeItem.State.ACCEPTED if accept else ChangeItem.State.REJECTED
    item.decided_at = timezone.now()
    item.decided_by = actor
    item.save(update_fields=["state", "decided_at", "decided_by"])
    return item


def is_stale(item) -> bool:
    return item.state != ChangeItem.State.APPLIED and item.project.version != item.base_version


@transaction.atomic
def change_refresh(*, item, actor) -> ChangeItem:
    """Take a stale item against the project as it is now: the value before and the
    version are updated, the decision is taken again."""
    _ensure_records(actor, item.workshop)
    _ensure_minutes_open(item.workshop)
    _ensure_pending(item)
    if item.state == ChangeItem.State.ACCEPTED:
        _ensure_decides(actor, item.workshop)
    project = Project.objects.get(pk=item.project_id)
    if project.archived_at or project.status in CLOSED_STATUSES:
        raise ValidationError(
            _("%(project)s is archived or closed; remove its change from the list.")
            % {"project": project.title}
        )
    item.previous = current_value(project, item.field)
    item.base_version = project.version
    item.state = ChangeItem.State.PROPOSED
    item.decided_at = item.decided_by = None
    item.save(update_fields=["previous", "base_version", "state", "decided_at", "decided_by"])
    return item


@transaction.atomic
def change_list_apply(*, workshop, actor) -> list[Project]:
    """Apply every accepted item in one transaction through the project services, one save
    per project (its history names the workshop). If any project changed after its item was
    proposed, nothing is applied."""
    _ensure_decides(actor, workshop)
    _ensure_minutes_open(workshop)
    items = list(
        ChangeItem.objects.select_for_update()
        .filter(workshop=workshop, state=ChangeItem.State.ACCEPTED)
        .select_related("project")
    )
    if not items:
        raise ValidationError(_("No accepted change is waiting to be applied."))
    by_project = defaultdict(list)
    for item in items:
        by_project[item.project_id].append(item)
    projects = {
        project.pk: project
        for project in Project.objects.select_for_update().filter(pk__in=by_project)
    }
    stale = [item for item in items if projects[item.project_id].version != item.base_version]
    if stale:
        raise StaleChanges(stale)
    reason = workshop.change_reason
    changed = []
    now = timezone.now()
    for project_id, project_items in by_project.items():
        project = projects[project_id]
        fields = {item.field: item.value for item in project_items}
        try:
            changed.append(
                project_services.project_update(
                    project=project,
                    actor=actor,
                    version=project.version,
                    reason=reason,
                    **fields,
                )
            )
        except project_services.StaleEditError:
            raise StaleChanges(project_items) from None
        except ValidationError as error:
            raise ValidationError(
                _("%(project)s: %(problems)s")
                % {"project": project.title, "problems": " ".join(error.messages)}
            ) from None
    ChangeItem.objects.filter(pk__in=[item.pk for item in items]).update(
        state=ChangeItem.State.APPLIED, applied_at=now
    )
    return changed


# The priority list (Teil 3) ------------------------------------------------------------------


def open_projects(department):
    return (
        Project.objects.filter(department=department, archived_at__isnull=True)
        .exclude(status__in=CLOSED_STATUSES)
        .order_by(F("priority_rank").asc(nulls_last=True), "title")
    )


def _ensure_ranking(workshop) -> None:
    if workshop.part != Part.THREE:
        raise ValidationError(_("The priority list is drawn up in part 3."))
    _ensure_minutes_open(workshop)


@transaction.atomic
def priorities_sync(*, workshop) -> list[PriorityEntry]:
    """The list holds every open project of the department: projects new since it was
    drawn up join at the end, closed or archived ones leave it. Starts in the workspace's
    current priority order."""
    entries = list(workshop.priorities.select_for_update().select_related("project"))
    open_ids = list(open_projects(workshop.department).values_list("pk", flat=True))
    keep = [entry for entry in entries if entry.project_id in set(open_ids)]
    gone = [entry.pk for entry in entries if entry.project_id not in set(open_ids)]
    if gone:
        PriorityEntry.objects.filter(pk__in=gone).delete()
    known = {entry.project_id for entry in keep}
    new = [PriorityEntry(workshop=workshop, project_id=pk, rank=0) for pk in open_ids]
    new = [entry for entry in new if entry.project_id not in known]
    ordered = keep + new
    for rank, entry in enumerate(ordered, start=1):
        entry.rank = rank
    PriorityEntry.objects.bulk_create(new)
    if keep:
        PriorityEntry.objects.bulk_update(keep, ["rank"])
    return ordered


@transaction.atomic
def priority_move(*, workshop, actor, project_id: int, direction: str) -> list[PriorityEntry]:
    """Move one project up or down by one place (``direction``: "up", "down", "top" or
    "bottom")."""
    _ensure_records(actor, workshop)
    _ensure_ranking(workshop)
    ordered = priorities_sync(workshop=workshop)
    index = next((i for i, entry in enumerate(ordered) if entry.project_id == project_id), None)
    if index is None:
        raise ValidationError(_("The project is not on the priority list."))
    entry = ordered.pop(index)
    target = {
        "up": max(index - 1, 0),
        "down": min(index + 1, len(ordered)),
        "top": 0,
        "bottom": len(ordered),
    }.get(direction)
    if target is None:
        raise ValidationError(_("Move a project up or down."))
    ordered.insert(target, entry)
    for rank, item in enumerate(ordered, start=1):
        item.rank = rank
    PriorityEntry.objects.bulk_update(ordered, ["rank"])
    return ordered


# The highest priority rank a project can have (Project.priority_rank).
MAX_RANK = 999


@transaction.atomic
def priorities_apply(*, workshop, actor) -> int:
    """The ranked list becomes the workspace's priority order: rank 1..n on the open
    projects, through the project services (history names the workshop). Returns how many
    projects changed."""
    _ensure_decides(actor, workshop)
    _ensure_ranking(workshop)
    ordered = priorities_sync(workshop=workshop)
    projects = {
        project.pk: project
        for project in Project.objects.select_for_update().filter(
            pk__in=[entry.project_id for entry in ordered]
        )
    }
    changed = 0
    for entry in ordered:
        project = projects[entry.project_id]
        # A rank goes up to MAX_RANK; further down the list a project has no rank.
        rank = entry.rank if entry.rank <= MAX_RANK else None
        if project.priority_rank == rank:
            continue
        project_services.project_update(
            project=project,
            actor=actor,
            version=project.version,
            reason=workshop.change_reason,
            priority_rank=rank,
        )
        changed += 1
    # Projects no longer open leave the order (else their old ranks would mix with it).
    for project in (
        Project.objects.select_for_update()
        .filter(department=workshop.department_id, archived_at__isnull=True)
        .filter(priority_rank__isnull=False)
        .exclude(pk__in=projects)
    ):
        project_services.project_update(
            project=project,
            actor=actor,
            version=project.version,
            reason=workshop.change_reason,
            priority_rank=None,
        )
        changed += 1
    Workshop.objects.filter(pk=workshop.pk).update(priorities_applied_at=timezone.now())
    return changed


def next_cohort_number() -> int:
    return (Cohort.objects.aggregate(top=Max("number"))["top"] or 0) + 1
