"""Needs in the admin, to look at only: the register is kept in the app
(``/arbeitsraeume/<slug>/bedarfe/``), whose services check the rights, the links, the status's
transitions and the stale edits; an admin form would bypass all of that."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from needs.models import Need


@admin.register(Need)
class NeedAdmin(SimpleHistoryAdmin):
    list_display = ["title", "department", "category", "severity", "status"]
    list_filter = ["status", "category", "severity", "source", "department"]
    list_select_related = ["department"]
    search_fields = ["title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
