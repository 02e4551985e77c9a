from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spreadsheets"
    verbose_name = _("Spreadsheet import and export")

    def ready(self):
        from jobs import upkeep
        from spreadsheets import exports, services  # noqa: F401 (exports declares its builder)

        upkeep.register(services.daily_upkeep)
