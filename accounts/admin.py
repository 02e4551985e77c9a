from django.contrib import admin

from accounts.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "actor", "department", "ip_address"]
    list_filter = ["kind", "department"]
    search_fields = ["username", "actor__username", "detail"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "department"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
