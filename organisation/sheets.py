"""The organisation's spreadsheet types, registered by ``OrganisationConfig.ready()``."""

from django.utils.translation import gettext_lazy as _

from organisation.models import Department, OrgUnit
from organisation.resources import DepartmentResource, OrgUnitResource
from spreadsheets.registry import SheetType, register


def departments_for(user):
    """All for the shell (no user), else the read scope."""
    return Department.objects.all() if user is None else Department.objects.visible_to(user)


def register_sheet_types() -> None:
    register(
        SheetType("dezernate", _("Departments"), DepartmentResource, departments_for, position=10),
        SheetType(
            "aemter",
            _("Offices"),
            OrgUnitResource,
            lambda user: OrgUnit.objects.filter(department__in=departments_for(user)).order_by(
                "department__name", "name"
            ),
            ("dezernate",),
            position=20,
        ),
    )
