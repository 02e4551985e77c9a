"""The projects' spreadsheet types, registered by ``ProjectsConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from projects.models import Project, StatusUpdate
from projects.resources import ProjectResource, StatusUpdateResource
from spreadsheets.registry import SheetType, register


def projects_for(user):
    """All for the shell (no user), else the read scope."""
    return Project.objects.all() if user is None else Project.objects.visible_to(user)


def register_sheet_types() -> None:
    register(
        SheetType(
            "vorhaben",
            _("Projects and processes"),
            ProjectResource,
            lambda user: projects_for(user).order_by("department__name", "title"),
            ("dezernate", "aemter", "ziele", "handlungsfelder", "agenda-projekte"),
            position=70,
        ),
        SheetType(
            "statusmeldungen",
            _("Status updates"),
            StatusUpdateResource,
            # Withdrawn reports no longer count; they stay in the app, not in the files.
            lambda user: StatusUpdate.objects.current().filter(project__in=projects_for(user)),
            ("vorhaben",),
            position=80,
        ),
    )
