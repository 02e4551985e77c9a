"""What an editor can name when linking a project to offices and to the strategy.

The project form offers exactly these choices, and every save replaces only links among them:
links outside (offices of departments an external partner cannot see, goals, fields of
action and agenda projects of an archived agenda) stay as they are, whoever saves. The
spreadsheet import follows the same rule with its columns' lookups (``spreadsheets.widgets
.linkable``)."""

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal
from organisation.models import Department, OrgUnit

MANY = ("participating_units", "goals", "fields_of_action")
ONE = ("agenda_project",)


def offered(name: str, *, actor):
    """The objects ``actor`` may link through the project field ``name``."""
    if name == "participating_units":
        return OrgUnit.objects.filter(department__in=Department.objects.visible_to(actor))
    if name == "fields_of_action":
        return FieldOfAction.objects.filter(agenda__status=Agenda.Status.ACTIVE)
    if name == "goals":
        return Goal.objects.filter(field__agenda__status=Agenda.Status.ACTIVE)
    if name == "agenda_project":
        return AgendaProject.objects.filter(agenda__status=Agenda.Status.ACTIVE)
    raise ValueError(name)


def kept(project, name: str, *, actor) -> list:
    """The links of ``project`` through the many-to-many field ``name`` that ``actor`` cannot
    name, and which a save by ``actor`` therefore keeps."""
    if project.pk is None:
        return []
    links = getattr(project, name).exclude(pk__in=offered(name, actor=actor).values("pk"))
    if name == "participating_units":
        links = links.select_related("department")  # named with their department
    return list(links)
