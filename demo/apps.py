from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Clearly fictional demo data (``manage.py seed_demo``), collected from one module per
    app in ``demo.seeding.DEMO_MODULES``."""

    name = "demo"
    verbose_name = _("Demo data")
