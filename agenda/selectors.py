"""Reads for the agenda pages. Project counts go through the user's scope, so nobody learns
from a number that a project they may not see exists."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal
from projects.models import Project


def _visible_count(user, relation: str):
    """A subquery counting the user's visible, current projects linked through ``relation``
    (for one entry's page; the agenda page counts all entries at once, :func:`_counts`)."""
    counted = (
        Project.objects.visible_to(user)
        .active()
        .filter(**{relation: OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _counts(user) -> dict[str, dict[int, int]]:
    """The user's visible, current projects per goal, field of action and agenda project:
    one grouped query each over the links, whatever the number of entries (a subquery per
    entry took 0.7 s at 50,000 projects on PostgreSQL)."""
    visible = Project.objects.visible_to(user).active().values("pk")

    def by_link(through, key):
        rows = through.objects.filter(project__in=visible).values_list(key).annotate(n=Count("pk"))
        return dict(rows.order_by())

    agenda_projects = (
        Project.objects.visible_to(user)
        .active()
        .filter(agenda_project__isnull=False)
        .values_list("agenda_project")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "goals": by_link(Project.goals.through, "goal_id"),
        "fields": by_link(Project.fields_of_action.through, "fieldofaction_id"),
        "agenda_projects": dict(agenda_projects),
    }


def active_agenda(*, user) -> Agenda | None:
    """The active agenda with principles, fields (with goals) and agenda projects, each with
    the number of linked projects the user may see. A fixed number of queries."""
    agenda = (
        Agenda.objects.active()
        .prefetch_related(
            "principles",
            Prefetch("fields__goals", queryset=Goal.objects.order_by("order", "title")),
            Prefetch(
                "agenda_projects",
                queryset=AgendaProject.objects.select_related("field", "lead_unit"),
            ),
        )
        .first()
    )
    if agenda is None:
        return None
    counts = _counts(user)
    for field in agenda.fields.all():
        field.project_count = counts["fields"].get(field.pk, 0)
        for goal in field.goals.all():
            goal.project_count = counts["goals"].get(goal.pk, 0)
    for item in agenda.agenda_projects.all():
        item.project_count = counts["agenda_projects"].get(item.pk, 0)
    return agenda


def field_get(*, user, pk: int) -> FieldOfAction:
    return get_object_or_404(
        FieldOfAction.objects.select_related("agenda").annotate(
            project_count=_visible_count(user, "fields_of_action")
        ),
        pk=pk,
    )


def goal_get(*, user, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("field__agenda").annotate(
            project_count=_visible_count(user, "goals")
        ),
        pk=pk,
    )


def linked_projects(*, user, **lookup):
    return (
        Project.objects.visible_to(user)
        .active()
        .filter(**lookup)
        .for_list()
        .order_by("department__name", "title")
    )


def strategy_entry(model, pk: int):
    """An entry of the active agenda, for the central unit to change (entries of earlier
    agendas are kept as they were adopted)."""
    on_active = {"field__agenda__status": "aktiv"} if model is Goal else {"agenda__status": "aktiv"}
    return get_object_or_404(model.objects.filter(**on_active), pk=pk)


def shown_values(entry, form) -> list[tuple[str, str]]:
    """The stored values of ``entry`` for the fields of ``form``, as a reader sees them: shown
    next to an editor's input when their save was refused as outdated."""
    values = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        value = getattr(entry, name, None)
        values.append((str(field.label), str(value) if value not in (None, "") else "–"))
    return values
