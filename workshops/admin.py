from django.contrib import admin

from workshops.models import Cohort


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "starts_on", "ends_on"]
    list_filter = ["status"]
    filter_horizontal = ["departments"]
