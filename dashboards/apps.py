from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Pages that summarise other apps' data: the start page, the list of departments and a
    department's workspace overview (later: the department and city dashboards). Depends on
    the feature apps; none of them depends on it."""

    name = "dashboards"
    verbose_name = _("Dashboards")
