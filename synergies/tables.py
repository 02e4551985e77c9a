"""The synergy list and the reuse catalogue, declared once (see core.tables)."""

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.tables import Column, Table


def project_cell(project):
    """A project of a link: a link where the viewer may open it, else its title only (never
    a confidential one's)."""
    return render_to_string("synergies/_project_ref.html", {"project": project})


class SynergyTable(Table):
    source = Column(pgettext_lazy("synergy side", "Project"), accessor="source", sort_key="source")
    kind = Column(gettext_lazy("Kind"), accessor="get_kind_display", sort_key="kind")
    target = Column(gettext_lazy("Linked project"), accessor="target", sort_key="target")
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    updated = Column(gettext_lazy("Last change"), accessor="updated_at", sort_key="updated")

    caption = gettext_lazy("Synergies")

    def render_source(self, value, record):
        return format_html(
            '{}<br><a class="kern-link kern-body--small" href="{}">{}</a>',
            project_cell(value),
            record.get_absolute_url(),
            gettext_lazy("Open the synergy"),
        )

    def render_target(self, value, record):
        return project_cell(value)

    def render_updated(self, value, record):
        return date_format(localtime(value), "SHORT_DATE_FORMAT")


class CatalogueTable(Table):
    title = Column(pgettext_lazy("synergy side", "Project"), sort_key="title")
    department = Column(gettext_lazy("Run by"), accessor="department.name", sort_key="department")
    contact = Column(gettext_lazy("Whom to ask"), accessor="contact_person")
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    reuses = Column(gettext_lazy("Reuses so far"), sort_key="reuses", render_empty=True)

    caption = gettext_lazy("Reuse catalogue")

    def render_title(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a>', record.get_absolute_url(), value
        )

    def render_department(self, value, record):
        if record.lead_unit:
            return format_html("{}<br><span class=\"kern-body--small\">{}</span>",
                               record.lead_unit.name, value)  # fmt: skip
        return value

    def render_reuses(self, value, record):
        if not value:
            return "0"
        return render_to_string(
            "synergies/_reuse_cell.html", {"count": value, "projects": record.reuse_links}
        )
