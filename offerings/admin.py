"""Offerings and requests in the admin, to look at only: the catalogue is maintained and the
requests are answered in the app (``/angebote/``), whose services check the rights and the
stale edits; an admin form would bypass all of that."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from offerings.models import Offering, OfferingRequest


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Offering)
class OfferingAdmin(_ReadOnly):
    list_display = ["title", "slug", "status", "contact"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]


@admin.register(OfferingRequest)
class OfferingRequestAdmin(_ReadOnly):
    list_display = ["__str__", "status", "created_at"]
    list_filter = ["status", "offering"]
    list_select_related = ["offering", "department"]
