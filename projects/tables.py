"""The project list, declared once: each column's heading, cell and sort key here; the
export columns are the import-compatible spreadsheet columns of ``ProjectResource``, so that
an exported list can be edited and imported again."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import Column, Table
from organisation.models import Department
from projects import selectors
from projects.resources import ProjectResource


class ProjectTable(Table):
    title = Column(gettext_lazy("Title"), sort_key="title", render_empty=True)
    department = Column(
        gettext_lazy("Department"), accessor="department.short_name", sort_key="department"
    )
    office = Column(gettext_lazy("Lead office"), accessor="lead_unit.name", sort_key="office")
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    priority = Column(
        gettext_lazy("Priority"), accessor="priority_rank", sort_key="priority", numeric=True
    )
    progress = Column(gettext_lazy("Progress"), sort_key="progress", numeric=True)
    last_update = Column(
        gettext_lazy("Last status update"),
        accessor="last_reported_on",
        sort_key="last_update",
        render_empty=True,
    )
    end = Column(gettext_lazy("End"), accessor="end_date", sort_key="end")
    traffic_light = Column(gettext_lazy("Traffic light"), render_empty=True)

    caption = gettext_lazy("Projects and processes")
    css_class = "project-table"
    # The spreadsheet the list exports: every import column, in the import's order.
    export_resource = ProjectResource

    def __init__(self, records, *, workspace: bool = False, **kwargs):
        exclude = ("department",) if workspace else ()  # a workspace is one department
        super().__init__(records, exclude=exclude, **kwargs)

    def render_title(self, value, record):
        notes = [record.get_kind_display()]
        if record.confidential:
            notes.append(_("confidential"))
        if record.is_archived:
            notes.append(_("archived"))
        return format_html(
            '<a class="kern-link" href="{}">{}</a><br>'
            '<span class="kern-body kern-body--small kern-body--muted">{}</span>',
            record.get_absolute_url(),
            record.title,
            " · ".join(str(note) for note in notes),
        )

    def render_progress(self, value, record):
        return f"{value} %"

    def render_last_update(self, value, record):
        text = date_format(value, "SHORT_DATE_FORMAT") if value else _("never")
        if record.is_stale:
            return format_html(
                '{} <span class="kern-badge kern-badge--warning">{}</span>', text, _("stale")
            )
        return text

    def render_end(self, value, record):
        return date_format(value, "SHORT_DATE_FORMAT")

    def render_traffic_light(self, value, record):
        return render_to_string("projects/_traffic_light.html", {"project": record})

    @classmethod
    def export_headers(cls) -> list[str]:
        return cls.export_resource().get_export_headers()


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable[list]  # produced lazily; raises CellTooLong for a text no cell can hold


def export_rows(*, user, params, department: Department | None = None) -> Sheet:
    """The filtered list as a spreadsheet, in the list's order, within the user's scope. Needs
    no request, so a background task can produce it."""
    project_filter = selectors.project_filter(user=user, params=params, department=department)
    queryset = project_filter.qs[: settings.EXPORT_MAX_ROWS]
    resource = ProjectTable.export_resource()
    return Sheet(
        title=_("Projects"), headers=resource.get_export_headers(), rows=resource.rows(queryset)
    )
