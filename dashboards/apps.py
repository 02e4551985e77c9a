from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Pages that summarise other apps' data: the start page, the department and city
    dashboards and their exports. Depends on the feature apps; none of them depends on it."""

    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from dashboards import hooks

        hooks.connect()
