from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and processes")

    def ready(self):
        from projects import exports  # noqa: F401 (declares the list export's builder)
        from projects.sheets import register_sheet_types

        register_sheet_types()
