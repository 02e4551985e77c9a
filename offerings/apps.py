from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfferingsConfig(AppConfig):
    name = "offerings"
    verbose_name = _("RDS offerings")

    def ready(self):
        from offerings.sheets import register_sheet_types

        register_sheet_types()
