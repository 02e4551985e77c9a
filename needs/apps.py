from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "needs"
    verbose_name = _("Needs and gaps")

    def ready(self):
        from needs.sheets import register_sheet_types

        register_sheet_types()
