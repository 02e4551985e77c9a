from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spreadsheets"
    verbose_name = _("Spreadsheet import and export")

    def ready(self):
        from spreadsheets import services  # noqa: F401 (registers its part of the daily upkeep)
