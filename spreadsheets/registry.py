"""The spreadsheet types: their address in URLs and commands, their German name, their
definition (a resource) and what a user may export of them (always through the read scope)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from agenda.resources import (
    AgendaProjectResource,
    FieldOfActionResource,
    GoalResource,
    GuidingPrincipleResource,
)
from organisation.models import Department, OrgUnit
from organisation.resources import DepartmentResource, OrgUnitResource
from projects.models import Project, StatusUpdate
from projects.resources import ProjectResource, StatusUpdateResource
from spreadsheets.resources import SpreadsheetResource


@dataclass(frozen=True)
class SheetType:
    slug: str
    label: str
    resource_class: type[SpreadsheetResource]
    visible: Callable[[object], QuerySet]  # user -> what they may export
    depends_on: tuple[str, ...] = ()

    def resource(self, user=None) -> SpreadsheetResource:
        return self.resource_class(user=user)

    def queryset(self, user) -> QuerySet:
        return self.visible(user)


ACTIVE = Agenda.Status.ACTIVE


def _departments(user):
    """All for the shell (no user), else the read scope."""
    return Department.objects.all() if user is None else Department.objects.visible_to(user)


def _projects(user):
    return Project.objects.all() if user is None else Project.objects.visible_to(user)


TYPES: dict[str, SheetType] = {
    sheet.slug: sheet
    for sheet in (
        SheetType("dezernate", _("Departments"), DepartmentResource, _departments),
        SheetType(
            "aemter",
            _("Offices"),
            OrgUnitResource,
            lambda user: OrgUnit.objects.filter(department__in=_departments(user)).order_by(
                "department__name", "name"
            ),
            ("dezernate",),
        ),
        SheetType(
            "leitlinien",
            _("Guiding principles"),
            GuidingPrincipleResource,
            lambda user: GuidingPrinciple.objects.filter(agenda__status=ACTIVE),
        ),
        SheetType(
            "handlungsfelder",
            _("Fields of action"),
            FieldOfActionResource,
            lambda user: FieldOfAction.objects.filter(agenda__status=ACTIVE),
        ),
        SheetType(
            "ziele",
            _("Goals"),
            GoalResource,
            lambda user: Goal.objects.filter(field__agenda__status=ACTIVE),
            ("handlungsfelder",),
        ),
        SheetType(
            "agenda-projekte",
            _("Agenda projects"),
            AgendaProjectResource,
            lambda user: AgendaProject.objects.filter(agenda__status=ACTIVE),
            ("handlungsfelder", "aemter"),
        ),
        SheetType(
            "vorhaben",
            _("Projects and processes"),
            ProjectResource,
            lambda user: _projects(user).order_by("department__name", "title"),
            ("dezernate", "aemter", "ziele", "handlungsfelder", "agenda-projekte"),
        ),
        SheetType(
            "statusmeldungen",
            _("Status updates"),
            StatusUpdateResource,
            # Withdrawn reports no longer count; they stay in the app, not in the files.
            lambda user: StatusUpdate.objects.current().filter(project__in=_projects(user)),
            ("vorhaben",),
        ),
    )
}


def sheet_type(slug: str) -> SheetType:
    try:
        return TYPES[slug]
    except KeyError:
        raise Http404 from None
