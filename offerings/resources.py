"""Spreadsheet columns of the offerings catalogue: German headings as the app shows them, the
status by its label, the offering recognised by its key. Exports, templates and imports all
use this definition; only the central unit may import it (no workspace owns an offering)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from offerings.models import Offering
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import ChoiceWidget, NameWidget


class OfferingResource(SpreadsheetResource):
    slug = column(
        "slug",
        pgettext_lazy("offering", "Key"),
        help_text=_(
            "A stable short key in small letters, digits and hyphens, e.g. datenplattform; "
            "recognises the offering even when its title changes."
        ),
        example="datenplattform",
    )
    title = column("title", _("Title"), NameWidget(), example="Urbane Datenplattform")
    status = column(
        "status",
        _("Status"),
        ChoiceWidget(Offering.Status, default=Offering.Status.AVAILABLE),
    )
    description = column("description", _("Description"))
    contact = column("contact", _("Contact person"), NameWidget())
    contact_email = column(
        "contact_email", _("E-mail of the contact person"), example="digital@stadt.example"
    )
    link = column("link", _("Link"), example="https://stadt.example/datenplattform")

    key_fields = ("slug",)
    required_fields = ("title",)

    class Meta:
        model = Offering
        fields = ("slug", "title", "status", "description", "contact", "contact_email", "link")
        export_order = fields
