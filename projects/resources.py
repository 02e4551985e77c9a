"""The column definition of projects in spreadsheets: German headers as users see them in the
UI, choices by their label. Exports use it now; imports will use the same definition."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from projects.models import Project


def _labels(related) -> str:
    return "; ".join(str(item) for item in related.all())


def _yes_no(value: bool) -> str:
    return str(_("yes") if value else _("no"))


class ProjectResource(resources.ModelResource):
    # Numbers and dates name their widget: a declared Field otherwise renders as text, and
    # the spreadsheet would get "2026-01-31" and "40" instead of a date and a number.
    id = fields.Field(attribute="id", column_name=_("ID"), widget=widgets.IntegerWidget())
    department = fields.Field(attribute="department__name", column_name=_("Department"))
    kind = fields.Field(attribute="kind", column_name=_("Kind"))
    title = fields.Field(attribute="title", column_name=_("Title"))
    description = fields.Field(attribute="description", column_name=_("Description"))
    lead_unit = fields.Field(attribute="lead_unit__name", column_name=_("Lead office"))
    participating_units = fields.Field(column_name=_("Participating offices"))
    contact_person = fields.Field(attribute="contact_person", column_name=_("Contact person"))
    status = fields.Field(attribute="status", column_name=_("Status"))
    financing = fields.Field(attribute="financing", column_name=_("Financing"))
    budget = fields.Field(
        attribute="budget", column_name=_("Budget (EUR)"), widget=widgets.DecimalWidget()
    )
    funding_source = fields.Field(attribute="funding_source", column_name=_("Funding source"))
    influence = fields.Field(attribute="influence", column_name=_("Influence on the agenda"))
    decision_scope = fields.Field(attribute="decision_scope", column_name=_("Decision"))
    priority_rank = fields.Field(
        attribute="priority_rank", column_name=_("Priority rank"), widget=widgets.IntegerWidget()
    )
    fields_of_action = fields.Field(column_name=_("Fields of action"))
    goals = fields.Field(column_name=_("Goals"))
    agenda_project = fields.Field(attribute="agenda_project", column_name=_("Agenda project"))
    agenda_contribution = fields.Field(
        attribute="agenda_contribution", column_name=_("Contribution to the agenda project")
    )
    start_date = fields.Field(
        attribute="start_date", column_name=_("Start date"), widget=widgets.DateWidget()
    )
    end_date = fields.Field(
        attribute="end_date", column_name=_("End date"), widget=widgets.DateWidget()
    )
    progress = fields.Field(
        attribute="progress", column_name=_("Progress (%)"), widget=widgets.IntegerWidget()
    )
    reusable = fields.Field(attribute="reusable", column_name=_("Reusable"))
    confidential = fields.Field(attribute="confidential", column_name=_("Confidential"))
    external_partners = fields.Field(
        attribute="external_partners", column_name=_("External partners")
    )
    last_reported_on = fields.Field(
        attribute="last_reported_on",
        column_name=_("Last status update"),
        widget=widgets.DateWidget(),
    )
    traffic_light = fields.Field(attribute="traffic_light", column_name=_("Traffic light"))

    class Meta:
        model = Project
        fields = (
            "id", "department", "kind", "title", "description", "lead_unit",
            "participating_units", "contact_person", "status", "financing", "budget",
            "funding_source", "influence", "decision_scope", "priority_rank",
            "fields_of_action", "goals", "agenda_project", "agenda_contribution",
            "start_date", "end_date", "progress", "reusable", "confidential",
            "external_partners", "last_reported_on", "traffic_light",
        )  # fmt: skip
        export_order = fields

    @staticmethod
    def export_queryset(queryset):
        return queryset.select_related(
            "department", "lead_unit", "agenda_project"
        ).prefetch_related("participating_units", "goals", "fields_of_action")

    def rows(self, queryset):
        """Rows with native values (dates stay dates, numbers stay numbers)."""
        for project in self.iter_queryset(self.export_queryset(queryset)):
            yield self.export_resource(project, force_native_type=True)

    # Choices appear by their label, relations by their names.
    def dehydrate_kind(self, project):
        return project.get_kind_display()

    def dehydrate_status(self, project):
        return project.get_status_display()

    def dehydrate_financing(self, project):
        return project.get_financing_display()

    def dehydrate_influence(self, project):
        return project.get_influence_display()

    def dehydrate_decision_scope(self, project):
        return project.get_decision_scope_display()

    def dehydrate_traffic_light(self, project):
        return project.get_traffic_light_display()

    def dehydrate_agenda_project(self, project):
        return str(project.agenda_project) if project.agenda_project else ""

    def dehydrate_participating_units(self, project):
        return _labels(project.participating_units)

    def dehydrate_fields_of_action(self, project):
        return _labels(project.fields_of_action)

    def dehydrate_goals(self, project):
        return _labels(project.goals)

    def dehydrate_reusable(self, project):
        return _yes_no(project.reusable)

    def dehydrate_confidential(self, project):
        return _yes_no(project.confidential)
