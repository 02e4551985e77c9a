"""The needs register's list, declared once (see core.tables). Its export is the
import-compatible spreadsheet of ``NeedResource``, so that an exported register can be edited
and imported again."""

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy

from core.tables import Column, Table


class NeedTable(Table):
    title = Column(gettext_lazy("Need or gap"), sort_key="title", render_empty=True)
    department = Column(
        gettext_lazy("Department"), accessor="department.short_name", sort_key="department"
    )
    category = Column(
        gettext_lazy("Category"), accessor="get_category_display", sort_key="category"
    )
    severity = Column(
        gettext_lazy("Severity"), accessor="get_severity_display", sort_key="severity"
    )
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    owner = Column(gettext_lazy("Owner"))
    offering = Column(gettext_lazy("RDS offering"), accessor="offering.title")
    updated = Column(gettext_lazy("Last changed"), accessor="updated_at", sort_key="updated")

    caption = gettext_lazy("Needs and gaps")

    def __init__(self, records, *, workspace: bool = False, offerings: bool = True, **kwargs):
        exclude = []
        if workspace:
            exclude.append("department")  # a workspace is one department
        if not offerings:
            exclude.append("offering")  # external partners never see offerings
        super().__init__(records, exclude=exclude, **kwargs)

    def render_title(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a>', record.get_absolute_url(), record.title
        )

    def render_severity(self, value, record):
        css = {"kritisch": "danger", "hoch": "warning"}.get(record.severity, "info")
        return format_html('<span class="kern-badge kern-badge--{}">{}</span>', css, value)

    def render_owner(self, value, record):
        return value.get_full_name() or value.username

    def render_updated(self, value, record):
        return date_format(localtime(value), "SHORT_DATE_FORMAT")
