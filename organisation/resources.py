"""Spreadsheet columns of the organisation: departments (Dezernate) and their offices."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisation.models import Department, OrgUnit
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import ChoiceWidget, NamedForeignKeyWidget, NamedLookup, NameWidget


def department_widget():
    return NamedForeignKeyWidget(
        Department,
        NamedLookup(lambda: Department.objects.all(), lambda d: d.name),
        label=_("Department"),
    )


class DepartmentResource(SpreadsheetResource):
    number = column(
        "number",
        pgettext_lazy("identifier", "Number"),
        help_text=_("Roman numeral, e.g. IV."),
        example="IV",
    )
    name = column(
        "name",
        _("Name"),
        NameWidget(),
        help_text=_("Full name; identifies the department."),
        example="Dezernat Kultur",
    )
    short_name = column("short_name", _("Short name"), NameWidget(), example="Kultur")
    slug = column(
        "slug",
        _("URL name"),
        help_text=_("Part of the workspace address; made from the short name if empty."),
        example="kultur",
    )
    head = column("head", _("Head of department"), NameWidget())
    description = column("description", _("Description"))

    key_fields = ("name",)
    compared_keys = {"name": "name_key"}
    required_fields = ("short_name",)
    unique_in_file = ("number", "slug")

    class Meta:
        model = Department
        fields = ("number", "name", "short_name", "slug", "head", "description")
        export_order = fields

    def adjust_values(self, instance, values):
        if not values.get("slug"):
            values.pop("slug", None)  # an empty URL name keeps the current one

    def prepare_new(self, instance, values):
        if not instance.slug:
            instance.slug = slugify(instance.short_name or instance.name)[:80]


class OrgUnitResource(SpreadsheetResource):
    department = column(
        "department",
        _("Department"),
        department_widget(),
        help_text=_("Name of the department the office belongs to."),
        example="Dezernat Kultur",
    )
    name = column(
        "name",
        _("Name"),
        NameWidget(),
        help_text=_("Unique within the department; capitals and small letters count as the same."),
        example="Kulturamt",
    )
    short_code = column("short_code", _("Short code"), example="41")
    kind = column("kind", _("Kind"), ChoiceWidget(OrgUnit.Kind, default=OrgUnit.Kind.OFFICE))

    key_fields = ("department", "name")
    compared_keys = {"name": "name_key"}
    existing_select_related = ("department",)

    class Meta:
        model = OrgUnit
        fields = ("department", "name", "short_code", "kind")
        export_order = fields

    def department_id_of(self, instance):
        return instance.department_id
