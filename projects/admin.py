from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from projects.models import Project, StatusUpdate
from projects.resources import ProjectResource, StatusUpdateResource
from spreadsheets.admin import SpreadsheetAdminMixin


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 0
    fields = ["reported_on", "traffic_light", "progress", "text", "author"]
    autocomplete_fields = ["author"]


@admin.register(Project)
class ProjectAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [ProjectResource]
    list_display = [
        "title", "kind", "department", "lead_unit", "status", "financing", "priority_rank",
        "last_reported_on", "confidential", "archived_at",
    ]  # fmt: skip
    list_filter = [
        "kind", "status", "financing", "influence", "confidential", "reusable", "department",
        "fields_of_action",
    ]  # fmt: skip
    search_fields = ["title", "description", "contact_person"]
    list_select_related = ["department", "lead_unit"]
    autocomplete_fields = ["lead_unit", "participating_units", "agenda_project", "created_by"]
    filter_horizontal = ["goals", "fields_of_action"]
    readonly_fields = ["last_reported_on", "traffic_light", "version", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [StatusUpdateInline]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [StatusUpdateResource]
    list_display = ["project", "reported_on", "traffic_light", "progress", "author"]
    list_filter = ["traffic_light", "project__department"]
    search_fields = ["project__title", "text"]
    list_select_related = ["project", "author"]
    autocomplete_fields = ["project", "author"]
    date_hierarchy = "reported_on"
