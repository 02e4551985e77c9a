from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organisation.models import Department, Membership, OrgUnit
from organisation.resources import DepartmentResource, OrgUnitResource
from spreadsheets.admin import SpreadsheetAdminMixin


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    extra = 0
    fields = ["name", "short_code", "kind"]


@admin.register(Department)
class DepartmentAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [DepartmentResource]
    list_display = ["name", "number", "short_name", "head"]
    search_fields = ["name", "short_name", "head"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [OrgUnitInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_classes = [OrgUnitResource]
    list_display = ["name", "short_code", "kind", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["name", "short_code"]
    list_select_related = ["department"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "department", "role", "expires_at", "created_at"]
    list_filter = ["role", "department"]
    search_fields = ["user__username", "user__email", "user__last_name", "department__name"]
    list_select_related = ["user", "department"]
    autocomplete_fields = ["user"]
