"""Spreadsheet columns of projects and processes and of their status updates: German headings
as users see them in the UI, choices by their label, related objects by their names. Exports,
templates and imports all use these definitions."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal
from core.text import name_key
from organisation.models import OrgUnit
from organisation.resources import department_widget
from projects import rules
from projects.models import Project, StatusUpdate, TrafficLight
from projects.services import carry_latest_status
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import (
    ChoiceWidget,
    GermanDateWidget,
    GermanDecimalWidget,
    GermanIntegerWidget,
    NamedForeignKeyWidget,
    NamedLookup,
    NamedManyToManyWidget,
    NameWidget,
    YesNoWidget,
    cell_text,
)

DEPARTMENT_HEADING = _("Department")
PROJECT_EXTERNAL_ID_HEADING = _("Project external ID")


def _department_offices():
    """Offices of the row's department (the lead office)."""
    return NamedLookup(
        lambda: OrgUnit.objects.select_related("department"),
        lambda unit: unit.name,
        scope=lambda unit: unit.department.name,
    )


def _all_offices():
    """Offices of any department (participating offices): a name that two departments use is
    told apart by the department in brackets."""
    return NamedLookup(
        lambda: OrgUnit.objects.select_related("department"),
        lambda unit: unit.name,
        aliases=lambda unit: (
            f"{unit.name} ({unit.department.short_name})",
            f"{unit.name} ({unit.department.name})",
        ),
    )


def _active_goals():
    return NamedLookup(
        lambda: Goal.objects.filter(field__agenda__status=Agenda.Status.ACTIVE), lambda g: g.title
    )


def _active_fields():
    return NamedLookup(
        lambda: FieldOfAction.objects.filter(agenda__status=Agenda.Status.ACTIVE),
        lambda f: f.name,
    )


def _active_agenda_projects():
    return NamedLookup(
        lambda: AgendaProject.objects.filter(agenda__status=Agenda.Status.ACTIVE),
        lambda p: p.title,
    )


class ProjectResource(SpreadsheetResource):
    external_id = column(
        "external_id",
        _("External ID"),
        help_text=_(
            "A stable key from your own list; recognises the project even when its title changes."
        ),
        example="KU-2026-01",
    )
    department = column(
        "department", DEPARTMENT_HEADING, department_widget(), example="Dezernat Kultur"
    )
    kind = column("kind", _("Kind"), ChoiceWidget(Project.Kind, default=Project.Kind.PROJECT))
    title = column("title", _("Title"), NameWidget(), example="Digitales Ticketing Musikschule")
    description = column("description", _("Description"))
    lead_unit = column(
        "lead_unit",
        _("Lead office"),
        NamedForeignKeyWidget(
            OrgUnit, _department_offices(), label=_("Office"), scope_column=DEPARTMENT_HEADING
        ),
        help_text=_("An office of the project's department."),
        example="Kulturamt",
    )
    participating_units = column(
        "participating_units",
        _("Participating offices"),
        NamedManyToManyWidget(OrgUnit, _all_offices(), label=_("Office")),
        help_text=_("Offices of any department, separated by semicolons."),
        example="Kulturamt; Musikschule",
    )
    contact_person = column("contact_person", _("Contact person"), NameWidget())
    status = column(
        "status", _("Status"), ChoiceWidget(Project.Status, default=Project.Status.PLANNING)
    )
    financing = column(
        "financing",
        _("Financing"),
        ChoiceWidget(Project.Financing, default=Project.Financing.NOT_FINANCED),
    )
    budget = column("budget", _("Budget (EUR)"), GermanDecimalWidget(), example="12.500,00")
    funding_source = column("funding_source", _("Funding source"))
    influence = column(
        "influence",
        _("Influence on the agenda"),
        ChoiceWidget(Project.Influence, default=Project.Influence.MEDIUM),
    )
    decision_scope = column(
        "decision_scope",
        _("Decision"),
        ChoiceWidget(Project.DecisionScope, default=Project.DecisionScope.OWN),
    )
    priority_rank = column(
        "priority_rank",
        _("Priority rank"),
        GermanIntegerWidget(),
        help_text=_("1 is the department's most important project."),
        example="1",
    )
    fields_of_action = column(
        "fields_of_action",
        _("Fields of action"),
        NamedManyToManyWidget(FieldOfAction, _active_fields(), label=_("Field of action")),
        help_text=_(
            "Names or short names of the active agenda's fields of action, separated by "
            "semicolons. Links to an archived agenda stay as they are."
        ),
    )
    goals = column(
        "goals",
        _("Goals"),
        NamedManyToManyWidget(Goal, _active_goals(), label=_("Goal")),
        help_text=_(
            "Goal titles of the active agenda, separated by semicolons. Links to goals of an "
            "archived agenda stay as they are."
        ),
    )
    agenda_project = column(
        "agenda_project",
        _("Agenda project"),
        NamedForeignKeyWidget(AgendaProject, _active_agenda_projects(), label=_("Agenda project")),
        help_text=_(
            "An agenda project of the active agenda. An empty cell keeps a link to an archived "
            "agenda."
        ),
    )
    agenda_contribution = column("agenda_contribution", _("Contribution to the agenda project"))
    start_date = column("start_date", _("Start date"), GermanDateWidget(), example="01.03.2026")
    end_date = column("end_date", _("End date"), GermanDateWidget(), example="31.12.2027")
    progress = column("progress", _("Progress (%)"), GermanIntegerWidget(), default=0, example="40")
    reusable = column("reusable", _("Reusable"), YesNoWidget(), example="nein")
    confidential = column("confidential", _("Confidential"), YesNoWidget(), example="nein")
    external_partners = column("external_partners", _("External partners"))
    last_reported_on = column(
        "last_reported_on",
        _("Last status update"),
        GermanDateWidget(),
        readonly=True,
        help_text=_("Set by status updates; ignored on import."),
    )
    traffic_light = column(
        "traffic_light",
        _("Traffic light"),
        ChoiceWidget(TrafficLight),
        readonly=True,
        help_text=_("Set by status updates; ignored on import."),
    )

    key_fields = ("department", "title")
    compared_keys = {"title": "title_key"}
    external_key = "external_id"
    existing_select_related = ("lead_unit",)  # what validation reads; the rest only on change
    validate_unique_rows = False  # keys are checked per chunk; a 5,000-row file stays fast

    class Meta:
        model = Project
        fields = (
            "external_id", "department", "kind", "title", "description", "lead_unit",
            "participating_units", "contact_person", "status", "financing", "budget",
            "funding_source", "influence", "decision_scope", "priority_rank", "fields_of_action",
            "goals", "agenda_project", "agenda_contribution", "start_date", "end_date",
            "progress", "reusable", "confidential", "external_partners", "last_reported_on",
            "traffic_light",
        )  # fmt: skip
        export_order = fields

    def export_queryset(self, queryset):
        return queryset.select_related("department", "lead_unit", "agenda_project")

    def prepare_new(self, instance, values):
        instance.created_by = self.user

    def department_id_of(self, instance):
        return instance.department_id

    def change_problems(self, instance):
        return rules.project_change_problems(instance)


class ProjectLookup:
    """Projects by external ID or by department and title, for files that name projects
    (status updates, synergies)."""

    def __init__(self):
        self._by_external = self._by_title = None

    def _load(self):
        self._by_external, self._by_title = {}, {}
        rows = Project.objects.values_list(
            "pk", "department_id", "external_id", "department__name", "title", "archived_at"
        )
        for pk, department_id, external_id, department, title, archived_at in rows.iterator(
            chunk_size=5000
        ):
            found = (pk, department_id, archived_at)
            if external_id:
                self._by_external[external_id] = found
            self._by_title[(name_key(department), name_key(title))] = found

    def find(self, external_id: str, department: str, title: str) -> tuple | None:
        if self._by_external is None:
            self._load()
        if external_id and external_id in self._by_external:
            return self._by_external[external_id]
        return self._by_title.get((name_key(department), name_key(title)))


class ProjectColumnWidget(NamedForeignKeyWidget):
    """A project named by its external ID or its department and title: the title in this
    column, the external ID and the department in the row's columns of those headings (a
    status update's project; each of the two projects of a synergy)."""

    def __init__(
        self,
        *,
        external_id_column=PROJECT_EXTERNAL_ID_HEADING,
        department_column=DEPARTMENT_HEADING,
        label=None,
    ):
        super().__init__(Project, None, label=label or _("Project"))
        self.external_id_column, self.department_column = external_id_column, department_column
        self.projects = ProjectLookup()

    def __deepcopy__(self, memo):
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.projects = ProjectLookup()
        return clone

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        external_id = cell_text(row.get(str(self.external_id_column), ""))
        department = cell_text(row.get(str(self.department_column), ""))
        title = cell_text(value)
        if not title and not external_id:
            return None
        found = self.projects.find(external_id, department, title)
        if found is None:
            raise ValueError(
                _(
                    "Project “%(title)s” in “%(department)s” is unknown. Import the projects first "
                    "or check the title and department."
                )
                % {"title": title or external_id, "department": department}
            )
        pk, department_id, archived_at = found
        return Project(pk=pk, department_id=department_id, title=title, archived_at=archived_at)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.title


class StatusUpdateResource(SpreadsheetResource):
    project_external_id = column(
        "project__external_id",
        PROJECT_EXTERNAL_ID_HEADING,
        readonly=True,
        help_text=_("Identifies the project if it has an external ID."),
    )
    department = column(
        "project__department__name",
        DEPARTMENT_HEADING,
        readonly=True,
        help_text=_("With the title, identifies the project."),
    )
    project = column(
        "project",
        pgettext_lazy("spreadsheet column", "Project"),
        ProjectColumnWidget(),
        help_text=_("Title of the project."),
    )
    reported_on = column("reported_on", _("Date"), GermanDateWidget(), example="30.06.2026")
    traffic_light = column(
        "traffic_light",
        _("Traffic light"),
        ChoiceWidget(TrafficLight, default=TrafficLight.ON_TRACK),
    )
    progress = column("progress", _("Progress (%)"), GermanIntegerWidget(), example="40")
    text = column("text", _("Report"))
    author = column(
        "author",
        _("Author"),
        NamedForeignKeyWidget(
            get_user_model(),
            NamedLookup(lambda: get_user_model().objects.all(), lambda user: user.username),
            label=_("User name"),
        ),
        help_text=_("User name; if empty, the importing user."),
    )

    key_fields = ("project", "reported_on", "text")
    required_fields = ("progress",)
    existing_select_related = ("project",)
    validate_unique_rows = False

    class Meta:
        model = StatusUpdate
        fields = (
            "project_external_id", "department", "project", "reported_on", "traffic_light",
            "progress", "text", "author",
        )  # fmt: skip
        export_order = fields

    def export_queryset(self, queryset):
        return queryset.select_related("project__department", "author").order_by(
            "project__department__name", "project__title", "reported_on", "pk"
        )

    def prepare_new(self, instance, values):
        if instance.author_id is None:
            instance.author = self.user

    def department_id_of(self, instance):
        return instance.project.department_id

    def change_problems(self, instance):
        return rules.status_update_change_problems(instance)

    def after_apply(self, touched):
        """Carry each touched project's latest report over to the project, as a status update
        entered in the app does."""
        carry_latest_status(project_ids={update.project_id for update in touched})
