"""Spreadsheet columns of the strategy: guiding principles, fields of action, goals and the
agenda's own projects. Rows always belong to the active agenda."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from organisation.models import OrgUnit
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import (
    GermanIntegerWidget,
    NamedForeignKeyWidget,
    NamedLookup,
    NameWidget,
)


def active_agenda() -> Agenda | None:
    return Agenda.objects.active().order_by("-adopted_on", "-pk").first()


def field_of_action_widget():
    return NamedForeignKeyWidget(
        FieldOfAction,
        NamedLookup(lambda: FieldOfAction.objects.filter(agenda__status="aktiv"), lambda f: f.name),
        label=_("Field of action"),
    )


class AgendaResource(SpreadsheetResource):
    """Rows of the active agenda; without one there is nothing to import into."""

    def existing_queryset(self):
        return super().existing_queryset().filter(agenda__status=Agenda.Status.ACTIVE)

    def problem(self):
        if active_agenda() is None:
            return _("There is no active agenda. Create it in the administration first.")
        return None

    def prepare_new(self, instance, values):
        instance.agenda = active_agenda()


class GuidingPrincipleResource(AgendaResource):
    title = column("title", _("Title"), NameWidget())
    description = column("description", _("Description"))
    order = column("order", _("Order"), GermanIntegerWidget(), example="1")

    key_fields = ("title",)
    compared_keys = {"title": "title_key"}

    class Meta:
        model = GuidingPrinciple
        fields = ("title", "description", "order")
        export_order = fields


class FieldOfActionResource(AgendaResource):
    name = column("name", _("Name"), NameWidget(), example="Digitale Verwaltung")
    short_name = column("short_name", _("Short name"), NameWidget())
    motto = column("motto", _("Motto"))
    description = column("description", _("Description"))
    targets = column("targets", _("Targets"), help_text=_("One target per line."))
    order = column("order", _("Order"), GermanIntegerWidget(), example="1")

    key_fields = ("name",)
    compared_keys = {"name": "name_key"}

    class Meta:
        model = FieldOfAction
        fields = ("name", "short_name", "motto", "description", "targets", "order")
        export_order = fields


class GoalResource(AgendaResource):
    field = column(
        "field",
        _("Field of action"),
        field_of_action_widget(),
        help_text=_("Name or short name of the field of action."),
    )
    title = column("title", _("Title"), NameWidget())
    description = column("description", _("Description"))
    target = column("target", _("Measurable target"))
    order = column("order", _("Order"), GermanIntegerWidget(), example="1")

    key_fields = ("field", "title")
    compared_keys = {"title": "title_key"}
    existing_select_related = ("field",)

    class Meta:
        model = Goal
        fields = ("field", "title", "description", "target", "order")
        export_order = fields

    def existing_queryset(self):
        return Goal.objects.filter(field__agenda__status=Agenda.Status.ACTIVE)

    def prepare_new(self, instance, values):
        pass  # a goal belongs to the agenda through its field of action


class AgendaProjectResource(AgendaResource):
    number = column("number", pgettext_lazy("identifier", "Number"), GermanIntegerWidget(),
                    example="1")  # fmt: skip
    title = column("title", _("Title"), NameWidget())
    field = column("field", _("Field of action"), field_of_action_widget())
    lead_unit = column(
        "lead_unit",
        _("Lead office"),
        NamedForeignKeyWidget(
            OrgUnit,
            NamedLookup(lambda: OrgUnit.objects.all(), lambda unit: unit.name),
            label=_("Office"),
        ),
    )
    description = column("description", _("Description"))
    sources = column("sources", _("Sources"), help_text=_("One address per line."))

    key_fields = ("title",)
    compared_keys = {"title": "title_key"}
    existing_select_related = ("field", "lead_unit")
    unique_in_file = ("number",)

    class Meta:
        model = AgendaProject
        fields = ("number", "title", "field", "lead_unit", "description", "sources")
        export_order = fields
