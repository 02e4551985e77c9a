from django.contrib import admin

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from agenda.resources import (
    AgendaProjectResource,
    FieldOfActionResource,
    GoalResource,
    GuidingPrincipleResource,
)
from core.admin import VersionedModelAdmin
from spreadsheets.admin import SpreadsheetAdminMixin


class GuidingPrincipleInline(admin.StackedInline):
    model = GuidingPrinciple
    extra = 0


@admin.register(Agenda)
class AgendaAdmin(VersionedModelAdmin):
    list_display = ["title", "status", "adopted_on", "council_paper"]
    list_filter = ["status"]
    search_fields = ["title", "council_paper", "summary"]
    inlines = [GuidingPrincipleInline]


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(SpreadsheetAdminMixin, VersionedModelAdmin):
    resource_classes = [GuidingPrincipleResource]
    list_display = ["title", "agenda", "order"]
    list_filter = ["agenda"]
    search_fields = ["title", "description"]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(FieldOfAction)
class FieldOfActionAdmin(SpreadsheetAdminMixin, VersionedModelAdmin):
    resource_classes = [FieldOfActionResource]
    list_display = ["name", "motto", "order", "agenda"]
    list_filter = ["agenda"]
    search_fields = ["name", "motto", "description"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(SpreadsheetAdminMixin, VersionedModelAdmin):
    resource_classes = [GoalResource]
    list_display = ["title", "field", "target", "order"]
    list_filter = ["field__agenda", "field"]
    search_fields = ["title", "description", "target"]
    list_select_related = ["field"]


@admin.register(AgendaProject)
class AgendaProjectAdmin(SpreadsheetAdminMixin, VersionedModelAdmin):
    resource_classes = [AgendaProjectResource]
    list_display = ["title", "number", "field", "lead_unit", "agenda"]
    list_filter = ["agenda", "field"]
    search_fields = ["title", "description"]
    list_select_related = ["field", "lead_unit", "agenda"]
    autocomplete_fields = ["lead_unit"]
