"""The offerings' spreadsheet type, registered by ``OfferingsConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from offerings.models import Offering
from offerings.resources import OfferingResource
from spreadsheets.registry import SheetType, register


def offerings_for(user):
    """All for the shell (no user), else the read scope (none for external partners)."""
    return Offering.objects.all() if user is None else Offering.objects.visible_to(user)


def register_sheet_types() -> None:
    register(
        SheetType("angebote", _("RDS offerings"), OfferingResource, offerings_for, position=90)
    )
