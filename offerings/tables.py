"""The offerings catalogue and the requests, declared once (see core.tables). The catalogue's
export is the import-compatible spreadsheet of ``OfferingResource`` with the demand counted
for the reader added on the right."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Column, Table
from offerings.resources import OfferingResource


class OfferingTable(Table):
    title = Column(gettext_lazy("RDS offering"), sort_key="title", render_empty=True)
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    contact = Column(gettext_lazy("Contact person"))
    projects = Column(
        gettext_lazy("Projects using it"), accessor="project_count", sort_key="projects",
        numeric=True,
    )  # fmt: skip
    needs = Column(
        gettext_lazy("Needs (open)"), accessor="need_count", sort_key="needs", numeric=True
    )
    requests = Column(
        gettext_lazy("Requests (open)"), accessor="request_count", sort_key="requests",
        numeric=True,
    )  # fmt: skip

    caption = gettext_lazy("RDS offerings with their demand")

    def render_title(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a>', record.get_absolute_url(), record.title
        )

    def render_needs(self, value, record):
        return f"{record.need_count} ({record.open_need_count})"

    def render_requests(self, value, record):
        return f"{record.request_count} ({record.open_request_count})"


class OfferingRequestTable(Table):
    offering = Column(
        gettext_lazy("RDS offering"), accessor="offering.title", sort_key="offering",
        render_empty=True,
    )  # fmt: skip
    department = Column(
        gettext_lazy("Department"), accessor="department.short_name", sort_key="department"
    )
    date = Column(gettext_lazy("Asked on"), accessor="created_at", sort_key="date")
    requested_by = Column(gettext_lazy("Asked by"), accessor="requested_by")
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")

    caption = gettext_lazy("Requests for RDS offerings")

    def render_offering(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}<span class="kern-sr-only">: {}</span></a>',
            record.get_absolute_url(),
            record.offering.title,
            _("request of %(department)s") % {"department": record.department.short_name},
        )

    def render_date(self, value, record):
        return date_format(localtime(value), "SHORT_DATE_FORMAT")

    def render_requested_by(self, value, record):
        return value.get_full_name() or value.username


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable[list]


DEMAND_HEADINGS = (
    gettext_lazy("Projects using it"),
    gettext_lazy("Needs"),
    gettext_lazy("Open needs"),
    gettext_lazy("Requests"),
    gettext_lazy("Open requests"),
)


def export_sheet(offerings) -> Sheet:
    """``offerings`` (annotated by ``selectors.with_demand``) as a spreadsheet, in their order:
    the catalogue's import columns, then the demand the reader may see."""
    fields = OfferingResource().get_export_fields()

    def rows():
        for offering in offerings:
            yield [
                *(field.export(offering, force_native_type=True) for field in fields),
                offering.project_count,
                offering.need_count,
                offering.open_need_count,
                offering.request_count,
                offering.open_request_count,
            ]

    return Sheet(
        title=_("RDS offerings"),
        headers=[str(field.column_name) for field in fields] + [str(h) for h in DEMAND_HEADINGS],
        rows=rows(),
    )
