"""The cohort and workshop lists, declared once (see core.tables)."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy

from core.tables import Column, Table


class CohortTable(Table):
    cohort = Column(gettext_lazy("Cohort"), accessor="number", sort_key="number")
    departments = Column(gettext_lazy("Departments"), accessor="pk", render_empty=True)
    period = Column(
        gettext_lazy("Period"), accessor="starts_on", sort_key="start", render_empty=True
    )
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")
    progress = Column(gettext_lazy("Workshops held"), accessor="held", numeric=True)

    caption = gettext_lazy("Cohorts")

    def render_cohort(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a>', record.get_absolute_url(), record
        )

    def render_departments(self, value, record):
        names = [(d.short_name or d.name,) for d in record.departments.all()]
        return format_html_join(", ", "{}", names) if names else "–"

    def render_period(self, value, record):
        start = date_format(record.starts_on, "SHORT_DATE_FORMAT") if record.starts_on else "…"
        end = date_format(record.ends_on, "SHORT_DATE_FORMAT") if record.ends_on else "…"
        return f"{start} – {end}" if record.starts_on or record.ends_on else "–"

    def render_progress(self, value, record):
        return f"{record.held} / {record.total}"


class WorkshopTable(Table):
    workshop = Column(gettext_lazy("Workshop"), accessor="part", sort_key="part")
    department = Column(
        gettext_lazy("Department"), accessor="department.short_name", sort_key="department"
    )
    cohort = Column(gettext_lazy("Cohort"), accessor="cohort.number", sort_key="cohort")
    date = Column(gettext_lazy("Date"), accessor="starts_at", sort_key="date")
    status = Column(gettext_lazy("Status"), accessor="get_status_display", sort_key="status")

    caption = gettext_lazy("Workshops")

    def render_workshop(self, value, record):
        return format_html(
            '<a class="kern-link" href="{}">{}</a><br><span class="kern-body--small">{}</span>',
            record.get_absolute_url(),
            record.get_part_display(),
            record.template_version.title,
        )

    def render_date(self, value, record):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
