"""The needs register's spreadsheet type, registered by ``NeedsConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from needs.models import Need
from needs.resources import NeedResource
from spreadsheets.registry import SheetType, register


def needs_for(user):
    """All for the shell (no user), else the read scope."""
    needs = Need.objects.all() if user is None else Need.objects.visible_to(user)
    return needs.order_by("department__name", "title")


def register_sheet_types() -> None:
    register(
        SheetType(
            "bedarfe",
            _("Needs and gaps"),
            NeedResource,
            needs_for,
            ("dezernate", "vorhaben", "angebote"),
            position=100,
        )
    )
