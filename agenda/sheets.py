"""The digital agenda's spreadsheet types, registered by ``AgendaConfig.ready()``: the active
agenda's entries, which every account may read."""

from django.utils.translation import gettext_lazy as _

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from agenda.resources import (
    AgendaProjectResource,
    FieldOfActionResource,
    GoalResource,
    GuidingPrincipleResource,
)
from spreadsheets.registry import SheetType, register

ACTIVE = Agenda.Status.ACTIVE


def register_sheet_types() -> None:
    register(
        SheetType(
            "leitlinien",
            _("Guiding principles"),
            GuidingPrincipleResource,
            lambda user: GuidingPrinciple.objects.filter(agenda__status=ACTIVE),
            position=30,
        ),
        SheetType(
            "handlungsfelder",
            _("Fields of action"),
            FieldOfActionResource,
            lambda user: FieldOfAction.objects.filter(agenda__status=ACTIVE),
            position=40,
        ),
        SheetType(
            "ziele",
            _("Goals"),
            GoalResource,
            lambda user: Goal.objects.filter(field__agenda__status=ACTIVE),
            ("handlungsfelder",),
            position=50,
        ),
        SheetType(
            "agenda-projekte",
            _("Agenda projects"),
            AgendaProjectResource,
            lambda user: AgendaProject.objects.filter(agenda__status=ACTIVE),
            ("handlungsfelder", "aemter"),
            position=60,
        ),
    )
