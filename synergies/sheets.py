"""The synergies' spreadsheet type, registered by ``SynergiesConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from access.rights import access_for
from projects.models import Project
from spreadsheets.registry import SheetType, register
from synergies.models import Synergy
from synergies.resources import SynergyResource


def synergies_for(user):
    """All for the shell (no user), else the read scope; and since a row names both projects,
    only the links whose two projects the user sees (a link is visible from either side, the
    other one may be a confidential project of another department)."""
    if user is None:
        return Synergy.objects.all()
    links = Synergy.objects.visible_to(user)
    if access_for(user).sees_all_confidential:
        return links
    projects = Project.objects.visible_to(user).values("pk")
    return links.filter(source__in=projects, target__in=projects)


def register_sheet_types() -> None:
    register(
        SheetType(
            "synergien",
            _("Synergies"),
            SynergyResource,
            synergies_for,
            ("vorhaben",),
            position=85,  # after the status updates
        ),
    )
