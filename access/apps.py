from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Who may see and change what: the permission scope every app builds on. Shared
    infrastructure like ``core``: it imports no feature app; models import it."""

    name = "access"
    verbose_name = _("Access")
