"""Reads for the agenda pages. Project counts go through the user's scope, so nobody learns
from a number that a project they may not see exists."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal
from projects.models import Project


def _visible_count(user, relation: str):
    """A subquery counting the user's visible, current projects linked through ``relation``."""
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


def active_agenda(*, user) -> Agenda | None:
    """The active agenda with principles, fields (with goals) and agenda projects, each with
    the number of linked projects the user may see. A fixed number of queries."""
    goals = Goal.objects.annotate(project_count=_visible_count(user, "goals")).order_by(
        "order", "title"
    )
    fields = FieldOfAction.objects.annotate(
        project_count=_visible_count(user, "fields_of_action")
    ).prefetch_related(Prefetch("goals", queryset=goals))
    agenda_projects = AgendaProject.objects.select_related("field", "lead_unit").annotate(
        project_count=_visible_count(user, "agenda_project")
    )
    return (
        Agenda.objects.active()
        .prefetch_related(
            "principles",
            Prefetch("fields", queryset=fields),
            Prefetch("agenda_projects", queryset=agenda_projects),
        )
        .first()
    )


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
