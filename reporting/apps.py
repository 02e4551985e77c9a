from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting rounds")

    def ready(self):
        from jobs import upkeep
        from reporting import services

        upkeep.register(services.settle_abandoned)
