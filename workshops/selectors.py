"""Reads of cohorts and workshops, always within the reader's scope. Every page here does a
fixed number of queries, whatever the number of workshops and results."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agenda.models import FieldOfAction, Goal
from discussions.models import Comment, Thread
from intake.models import DepartmentIntake, Response
from projects.models import Project
from workshops import rights, services
from workshops.models import (
    ChangeField,
    ChangeItem,
    Cohort,
    OpenQuestion,
    PriorityEntry,
    Workshop,
    time_slots,
)


def cohorts_visible_to(user):
    return Cohort.objects.visible_to(user)


def cohort_get(*, user, pk) -> Cohort:
    return get_object_or_404(cohorts_visible_to(user), pk=pk)


def workshops_visible_to(user):
    return Workshop.objects.visible_to(user).select_related(
        "cohort", "department", "template_version"
    )


def workshop_get(*, user, pk) -> Workshop:
    return get_object_or_404(workshops_visible_to(user), pk=pk)


def _with_counts(workshops):
    return workshops.annotate(
        decision_count=Count("decisions", distinct=True),
        question_count=Count(
            "open_questions", filter=Q(open_questions__done_at__isnull=True), distinct=True
        ),
        change_count=Count("changes", distinct=True),
    )


def intake_progress(*, user, cohort) -> dict[int, DepartmentIntake]:
    """Per department of the cohort: its intake in the round that prepares the cohort, with
    how many of its offices have submitted (only what the user may see)."""
    if cohort.intake_round_id is None:
        return {}
    submitted = Q(responses__state=Response.State.SUBMITTED)
    intakes = (
        DepartmentIntake.objects.visible_to(user)
        .filter(round_id=cohort.intake_round_id)
        .annotate(
            offices=Count("responses", distinct=True),
            submitted=Count("responses", filter=submitted, distinct=True),
        )
    )
    return {intake.department_id: intake for intake in intakes}


def cohort_overview(*, user, cohort) -> dict:
    """Both departments side by side (their intake and their three workshops) and the
    timeline of the cohort."""
    workshops = list(
        _with_counts(workshops_visible_to(user).filter(cohort=cohort)).order_by(
            "department__name", "part"
        )
    )
    progress = intake_progress(user=user, cohort=cohort)
    columns = {}
    for workshop in workshops:
        column = columns.setdefault(
            workshop.department_id,
            {
                "department": workshop.department,
                "intake": progress.get(workshop.department_id),
                "workshops": [],
            },
        )
        column["workshops"].append(workshop)
    return {
        "cohort": cohort,
        "columns": list(columns.values()),
        "timeline": timeline(cohort=cohort, workshops=workshops),
        "supporters": cohort.supporters.order_by("last_name", "username"),
        "can_plan": rights.may_plan(user),
    }


def timeline(*, cohort, workshops) -> list[dict]:
    """The cohort's dates in order: its start, the intake deadline, every workshop, its end.
    Undated workshops come last."""
    events = []
    if cohort.starts_on:
        events.append({"date": cohort.starts_on, "label": _("Cohort begins")})
    if cohort.intake_round_id:
        events.append(
            {
                "date": cohort.intake_round.deadline,
                "label": _("Deadline of the status-quo intake"),
                "url": cohort.intake_round.get_absolute_url(),
            }
        )
    for workshop in workshops:
        events.append(
            {
                "date": timezone.localtime(workshop.starts_at).date()
                if workshop.starts_at
                else None,
                "moment": workshop.starts_at,
                "label": f"{workshop.get_part_display()}: {workshop.department.short_name}",
                "url": workshop.get_absolute_url(),
                "status": workshop.get_status_display(),
                "done": workshop.status != Workshop.Status.PLANNED,
            }
        )
    if cohort.ends_on:
        events.append({"date": cohort.ends_on, "label": _("Cohort ends")})
    today = timezone.localdate()
    for event in events:
        event["past"] = event["date"] is not None and event["date"] < today
    return sorted(events, key=lambda e: (e["date"] is None, e["date"] or today))


def workshop_view(*, user, workshop) -> dict:
    """Everything the workshop page shows, with the user's rights on it."""
    version = workshop.template_version
    items = list(version.agenda_items.all())
    slots = time_slots(
        items, timezone.localtime(workshop.starts_at) if workshop.starts_at else None
    )
    # Only projects the reader may see (a confidential one stays with its department).
    seen = Project.objects.visible_to(user).values("pk")
    changes = list(
        workshop.changes.filter(project__in=seen)
        .select_related("project", "decided_by")
        .order_by("project__title", "pk")
    )
    _label_changes(changes)
    objections = (
        services.objections(workshop)
        .select_related("created_by", "resolved_by")
        .prefetch_related(
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("pk"))
        )
        .order_by("pk")
    )
    sees_minutes = rights.sees_draft_minutes(user, workshop)
    return {
        "workshop": workshop,
        "cohort": workshop.cohort,
        "version": version,
        "slots": slots,
        "participants": workshop.participants.order_by("last_name", "first_name", "username"),
        "guests": workshop.guests.all(),
        "decisions": workshop.decisions.all(),
        "questions": workshop.open_questions.select_related("owner", "done_by"),
        "discussed": workshop.discussed.filter(project__in=seen).select_related("project"),
        "changes": changes,
        "accepted_count": sum(1 for item in changes if item.state == ChangeItem.State.ACCEPTED),
        "findings": workshop.findings.prefetch_related(
            Prefetch("projects", queryset=Project.objects.filter(pk__in=seen))
        ),
        "objections": objections if sees_minutes else Thread.objects.none(),
        "sees_minutes": sees_minutes,
        "show_cohort_link": cohorts_visible_to(user).filter(pk=workshop.cohort_id).exists(),
        "review_open": services.review_is_open(workshop),
        "review_ended": services.review_has_ended(workshop),
        "can_record": rights.may_record(user, workshop),
        "can_decide": rights.may_decide(user, workshop),
        "can_object": rights.may_object(user, workshop),
        "open_objections": sum(1 for thread in objections if thread.resolved_at is None)
        if sees_minutes
        else 0,
    }


def _label_changes(changes) -> None:
    """Each change item's values in words (choice labels, names of goals and fields of
    action; one query for each kind however many items), and whether it is stale."""
    ids = {ChangeField.GOALS: set(), ChangeField.FIELDS: set()}
    for item in changes:
        if item.field in ids:
            ids[item.field].update(item.previous or (), item.value or ())
    goals = Goal.objects.filter(pk__in=ids[ChangeField.GOALS])
    fields = FieldOfAction.objects.filter(pk__in=ids[ChangeField.FIELDS])
    names = {
        ChangeField.GOALS: dict(goals.values_list("pk", "title")),
        ChangeField.FIELDS: dict(fields.values_list("pk", "name")),
    }
    choices = {
        ChangeField.STATUS: dict(Project.Status.choices),
        ChangeField.FINANCING: dict(Project.Financing.choices),
    }

    def words(field, value):
        if value in (None, "", []):
            return "–"
        if field in names:
            return "; ".join(str(names[field].get(pk, pk)) for pk in value)
        if field in choices:
            return str(choices[field].get(value, value))
        return str(value)

    for item in changes:
        item.stale = services.is_stale(item)
        item.previous_words = words(item.field, item.previous)
        item.value_words = words(item.field, item.value)


def priority_list(*, workshop, editable: bool, user) -> list[PriorityEntry]:
    """Teil 3's list as it stands. While it can change, it holds every open project of the
    department (new ones at the end, closed ones left out), computed here without writing:
    the services store it on the first move. A project the reader may not see keeps its
    place without its title (``entry.hidden``)."""
    stored = list(
        workshop.priorities.select_related("project", "project__lead_unit").order_by("rank")
    )
    if editable:
        projects = list(services.open_projects(workshop.department).select_related("lead_unit"))
        open_ids = {project.pk for project in projects}
        ordered = [entry for entry in stored if entry.project_id in open_ids]
        known = {entry.project_id for entry in ordered}
        ordered += [
            PriorityEntry(workshop=workshop, project=project)
            for project in projects
            if project.pk not in known
        ]
        for rank, entry in enumerate(ordered, start=1):
            entry.rank = rank
    else:
        ordered = stored
    seen = set(
        Project.objects.visible_to(user)
        .filter(pk__in=[entry.project_id for entry in ordered])
        .values_list("pk", flat=True)
    )
    for entry in ordered:
        entry.hidden = entry.project_id not in seen
    return ordered


def department_workshops(*, user, department):
    """A workspace's cohorts and workshops (for its overview page)."""
    return list(
        _with_counts(workshops_visible_to(user).filter(department=department)).order_by(
            "-cohort__number", "part"
        )
    )


def my_open_questions(*, user):
    """Open questions the user owns, in workshops the user still sees, soonest due first."""
    return (
        OpenQuestion.objects.visible_to(user)
        .open()
        .filter(owner=user)
        .select_related("workshop__cohort", "workshop__department")
        .order_by("due_on", "pk")
    )


def department_projects(department):
    return Project.objects.filter(department=department, archived_at__isnull=True).order_by("title")


def cohort_rows(cohorts):
    """Cohorts for the list: departments prefetched, workshops held and planned counted."""
    held = ~Q(workshops__status__in=[Workshop.Status.PLANNED, Workshop.Status.CANCELLED])
    return (
        cohorts.prefetch_related("departments")
        .annotate(
            held=Count("workshops", filter=held, distinct=True),
            total=Count("workshops", distinct=True),
        )
        .order_by("-number")
    )
