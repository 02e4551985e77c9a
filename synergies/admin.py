"""Synergies in the admin, to look at only: links are proposed and decided in the app, whose
services check the rights and the link rules (once per pair, no circle of dependencies)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from synergies.models import Computation, Synergy


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Synergy)
class SynergyAdmin(_ReadOnly):
    list_display = ["__str__", "kind", "status", "updated_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["source", "target"]
    raw_id_fields = ["source", "target"]


@admin.register(Computation)
class ComputationAdmin(_ReadOnly):
    list_display = ["__str__", "projects", "computed", "suggestions", "peak_memory_mb"]
    list_filter = ["scope"]
