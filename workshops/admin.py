"""Cohorts and workshops in the admin, to look at only: they are planned and recorded in the
app (``/staffeln/``), whose services plan the series, check the rights and keep the projects'
history; an admin form would bypass all of that."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workshops.models import Cohort, Workshop


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cohort)
class CohortAdmin(_ReadOnly):
    list_display = ["__str__", "status", "starts_on", "ends_on"]
    list_filter = ["status"]


@admin.register(Workshop)
class WorkshopAdmin(_ReadOnly):
    list_display = ["__str__", "department", "status", "starts_at"]
    list_filter = ["status", "part", "cohort"]
    list_select_related = ["cohort", "department"]
