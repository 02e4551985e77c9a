"""Spreadsheet columns of the needs register: German headings as the app shows them, choices by
their label, the department by its name, projects by their titles within the need's
department, the offering by its title or key, the owner by user name. Exports, templates and
imports all use this definition; an import applies the rules of the services to every row
(the workspace the importing user may edit, the status's transitions, the owner)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from needs import rules
from needs.models import Category, Need, Severity
from offerings.models import Offering
from offerings.services import sees_offerings
from organisation.resources import department_widget
from projects.models import Project
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import (
    ChoiceWidget,
    NamedForeignKeyWidget,
    NamedLookup,
    NamedManyToManyWidget,
    NameWidget,
)

DEPARTMENT_HEADING = _("Department")


def _projects(user=None):
    """Current projects of any department, named within the row's department; for an
    importing user only those they see (links to others stay as they are)."""

    def queryset():
        projects = Project.objects.all() if user is None else Project.objects.visible_to(user)
        return projects.filter(archived_at__isnull=True).select_related("department")

    return NamedLookup(queryset, lambda project: project.title, scope=lambda p: p.department.name)


def _offerings():
    return NamedLookup(
        lambda: Offering.objects.all(), lambda offering: offering.title, aliases=lambda o: (o.slug,)
    )


def _users():
    return NamedLookup(lambda: get_user_model().objects.all(), lambda user: user.username)


class NeedResource(SpreadsheetResource):
    department = column(
        "department", DEPARTMENT_HEADING, department_widget(), example="Dezernat Kultur"
    )
    title = column(
        "title",
        _("Title"),
        NameWidget(),
        help_text=_("Unique within the department; capitals and small letters count as the same."),
        example="Fehlende Kenntnisse in der Vergabe von Software",
    )
    category = column("category", _("Category"), ChoiceWidget(Category), example="Kompetenzen")
    description = column("description", _("Description"))
    severity = column("severity", _("Severity"), ChoiceWidget(Severity, default=Severity.MEDIUM))
    status = column(
        "status",
        _("Status"),
        ChoiceWidget(Need.Status, default=Need.Status.OPEN),
        help_text=_(
            "A solved need (or one that cannot be solved) needs a reason; so does reopening one."
        ),
    )
    status_reason = column("status_reason", _("Reason for the status"))
    owner = column(
        "owner",
        _("Owner"),
        NamedForeignKeyWidget(get_user_model(), _users(), label=_("User name")),
        help_text=_("User name of a member of the department or of the Referat Digitale Stadt."),
    )
    projects = column(
        "projects",
        _("Projects concerned"),
        NamedManyToManyWidget(
            Project, _projects(), label=_("Project or process"), scope_column=DEPARTMENT_HEADING
        ),
        help_text=_("Titles of projects of the need's department, separated by semicolons."),
    )
    offering = column(
        "offering",
        _("RDS offering"),
        NamedForeignKeyWidget(Offering, _offerings(), label=_("RDS offering")),
        help_text=_("Title or key of the RDS offering that could answer the need."),
        example="datenplattform",
    )
    source = column("source", _("Found in"), ChoiceWidget(Need.Source, default=Need.Source.MANUAL))
    source_ref = column(
        "source_ref",
        _("Key of the source"),
        help_text=_(
            "Set when a need is taken over from the intake or a workshop; keep it as it is, "
            "so that taking it over again finds the need. Unique within the department."
        ),
    )

    key_fields = ("department", "title")
    compared_keys = {"title": "title_key"}
    required_fields = ("category",)
    existing_select_related = ("department",)

    class Meta:
        model = Need
        fields = (
            "department", "title", "category", "description", "severity", "status",
            "status_reason", "owner", "projects", "offering", "source", "source_ref",
        )  # fmt: skip
        export_order = fields

    def __init__(self, *, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            self.fields["projects"].widget.single.lookup = _projects(user)
            if not sees_offerings(user):  # external partners never see offerings
                del self.fields["offering"]

    def export_queryset(self, queryset):
        # The list's queryset leaves the long texts out; the file has them.
        return queryset.select_related("department", "owner", "offering").defer(None)

    def adjust_values(self, instance, values):
        """What the row changes is checked against the values stored before it."""
        instance._stored = (instance.status, instance.owner_id)

    def prepare_new(self, instance, values):
        instance.created_by = self.user

    def department_id_of(self, instance):
        return instance.department_id

    def change_problems(self, instance):
        status, owner_id = getattr(instance, "_stored", (instance.status, instance.owner_id))
        problems = rules.status_change_problems(status, instance.status, instance.status_reason)
        if instance.owner_id != owner_id:
            problems |= rules.owner_problems(instance)
        return problems
