from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Digital agenda")

    def ready(self):
        from agenda.sheets import register_sheet_types

        register_sheet_types()
