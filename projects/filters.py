"""Filters for the project lists (city-wide and per workspace). Every choice offered comes
through the user's scope, so a select box never shows what the user may not see."""

import django_filters
from django import forms
from django.core.cache import cache
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from access.rights import access_for
from agenda.models import AgendaProject, FieldOfAction, Goal
from core.forms import KernForm
from organisation.models import Department, OrgUnit
from projects.models import (
    UNRANKED,
    Project,
    Reporting,
    TrafficLight,
    funding_gap_q,
    overdue_end_q,
    reporting_q,
)


# The default orders follow an index (project_default_order_idx): unranked projects sort
# last through the same COALESCE the index holds, so the database reads the first page in
# order instead of sorting every project.
class _InlineNumber(Value):
    """A number written into the SQL itself rather than bound as a parameter: only then can
    SQLite match the ORDER BY with the expression of the index."""

    def as_sql(self, compiler, connection):
        return str(int(self.value)), []


PRIORITY_ORDER = Coalesce(F("priority_rank"), _InlineNumber(UNRANKED))
DEFAULT_WORKSPACE_ORDER = (PRIORITY_ORDER.asc(), F("title").asc(), F("pk").asc())
DEFAULT_CITY_ORDER = (F("department_id").asc(), *DEFAULT_WORKSPACE_ORDER)

ORDERINGS = {
    "title": (F("title").asc(),),
    "status": (F("status").asc(), F("title").asc()),
    "priority": (PRIORITY_ORDER.asc(), F("title").asc()),
    "department": (F("department__name").asc(), F("title").asc()),
    "office": (F("lead_unit__name").asc(nulls_last=True), F("title").asc()),
    "last_update": (F("last_reported_on").asc(nulls_first=True), F("title").asc()),
    "end": (F("end_date").asc(nulls_last=True), F("title").asc()),
    "progress": (F("progress").asc(), F("title").asc()),
}


# Descending orders that are not the plain reverse (unranked projects stay last).
DESCENDING = {"priority": (F("priority_rank").desc(nulls_last=True), F("title").desc())}


def _reverse(expressions):
    """The same ordering the other way round; empty values stay where they were."""
    return tuple(
        (e.expression.asc if e.descending else e.expression.desc)(
            nulls_first=e.nulls_first, nulls_last=e.nulls_last
        )
        for e in expressions
    )


CACHED_CHOICES = (
    "department", "field_of_action", "goal", "agenda_project", "office", "lead_office",
)  # fmt: skip
CHOICES_CACHE_SECONDS = 60


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        max_length=200,
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Project.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("All")
    )
    financing = django_filters.ChoiceFilter(
        label=_("Financing"), choices=Project.Financing.choices, empty_label=_("All")
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        field_name="fields_of_action",
        queryset=FieldOfAction.objects.none(),
        empty_label=_("All"),
        null_label=_("Serving no field of action"),
        null_value="ohne",
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"),
        field_name="goals",
        queryset=Goal.objects.none(),
        empty_label=_("All"),
        null_label=_("Serving no goal"),
        null_value="ohne",
    )
    agenda_project = django_filters.ModelChoiceFilter(
        label=_("Agenda project"),
        queryset=AgendaProject.objects.none(),
        empty_label=_("All"),
    )
    office = django_filters.ModelChoiceFilter(
        label=_("Office"),
        queryset=OrgUnit.objects.none(),
        method="filter_office",
        empty_label=_("All"),
    )
    lead_office = django_filters.ModelChoiceFilter(
        label=_("Lead office"),
        field_name="lead_unit",
        queryset=OrgUnit.objects.none(),
        empty_label=_("All"),
    )
    influence = django_filters.ChoiceFilter(
        label=_("Influence"), choices=Project.Influence.choices, empty_label=_("All")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"),
        method="filter_priority",
        empty_label=_("All"),
        choices=[
            ("top5", _("Top 5 of the department")),
            ("top10", _("Top 10 of the department")),
            ("ranked", _("With priority rank")),
            ("unranked", _("Without priority rank")),
        ],
    )
    traffic_light = django_filters.ChoiceFilter(
        label=_("Traffic light"),
        method="filter_traffic_light",
        empty_label=_("All"),
        choices=[*TrafficLight.choices, ("ohne", _("No status update yet"))],
    )
    stale = django_filters.ChoiceFilter(
        label=_("Up to date"),
        method="filter_stale",
        empty_label=_("All"),
        choices=[("ja", _("Stale only")), ("nein", _("Up to date only"))],
    )
    reporting = django_filters.ChoiceFilter(
        label=_("Reporting"),
        method="filter_reporting",
        empty_label=_("All"),
        choices=Reporting.choices,
    )
    funding_gap = django_filters.ChoiceFilter(
        label=_("Funding gap"),
        method="filter_funding_gap",
        empty_label=_("All"),
        choices=[("ja", _("Not or only partly financed"))],
    )
    overdue = django_filters.ChoiceFilter(
        label=_("End date"),
        method="filter_overdue",
        empty_label=_("All"),
        choices=[("ja", _("End date passed, not finished"))],
    )
    archived = django_filters.ChoiceFilter(
        label=_("Current or archived"),
        method="filter_archived",
        empty_label=_("Current projects"),
        choices=[("nur", _("Archived only")), ("alle", _("Current and archived"))],
    )
    o = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_ordering",
        empty_label=_("Default order"),
        choices=[(value, value) for key in ORDERINGS for value in (key, f"-{key}")],
    )

    class Meta:
        model = Project
        fields = []
        form = KernForm

    def __init__(self, data=None, *args, user, department=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.workspace = department
        departments = Department.objects.visible_to(user)
        # Choices need ids and names only: loading whole rows showed in the page time.
        units = OrgUnit.objects.filter(department__in=departments).only("id", "name")
        if department is not None:
            del self.filters["department"]
            units = units.filter(department=department)
        else:
            self.filters["department"].queryset = departments.only("id", "name")
        self.filters["office"].queryset = units.order_by("name")
        self.filters["lead_office"].queryset = units.order_by("name")
        fields = FieldOfAction.objects.filter(agenda__status="aktiv")
        self.filters["field_of_action"].queryset = fields.only("id", "name", "short_name")
        self.filters["agenda_project"].queryset = AgendaProject.objects.filter(
            agenda__status="aktiv"
        ).only("id", "number", "title")
        self.filters["goal"].queryset = (
            Goal.objects.filter(field__in=fields)
            .order_by("field__order", "order", "title")
            .only("id", "title")
        )
        self._scope_key = (
            "all"
            if access_for(user).sees_all_departments
            else sorted(departments.values_list("pk", flat=True))
        )

    @property
    def form(self):
        """The filter form, with the choice lists of the select boxes served from a short-lived
        cache per scope: they change rarely and cost queries on every list page. Validation
        still checks a chosen value against the scoped queryset."""
        if not hasattr(self, "_form"):
            form = super().form
            workspace = self.workspace.pk if self.workspace else "-"
            for name in CACHED_CHOICES:
                if name in form.fields:
                    field = form.fields[name]
                    key = f"filter-choices:{name}:{self._scope_key}:{workspace}"
                    options = cache.get(key)
                    if options is None:
                        options = [(obj.pk, str(obj)) for obj in field.queryset]
                        cache.set(key, options, CHOICES_CACHE_SECONDS)
                    # Set as ModelChoiceField reads a manually given list (django-filter's
                    # choices setter would wrap it in a queryset iterator).
                    none = [(field.null_value, field.null_label)] if field.null_label else []
                    field._choices = [("", field.empty_label), *none, *options]
        return self._form

    def applied(self) -> list[tuple[str, str]]:
        """The filters in force, in words (label, chosen value), for a printout's heading (the
        order is the table's to say). A value that failed validation does not filter and is not
        listed."""
        form = self.form
        form.is_valid()  # cleaned_data then holds the valid values only
        data = form.cleaned_data
        applied = []
        for name, field in form.fields.items():
            value = data.get(name)
            if name == "o" or value in (None, ""):
                continue
            if hasattr(value, "pk"):
                text = str(value)
            elif getattr(field, "choices", None):
                text = str(dict(field.choices).get(value, value))
            else:
                text = str(value)
            applied.append((str(field.label), text))
        return applied

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if not data.get("archived"):
            queryset = queryset.filter(archived_at__isnull=True)
        if not data.get("o"):
            default = DEFAULT_WORKSPACE_ORDER if self.workspace else DEFAULT_CITY_ORDER
            queryset = queryset.order_by(*default)
        return queryset

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_office(self, queryset, name, value):
        involved = Project.objects.filter(Q(lead_unit=value) | Q(participating_units=value))
        return queryset.filter(pk__in=involved.values("pk"))

    def filter_priority(self, queryset, name, value):
        return {
            "top5": queryset.filter(priority_rank__lte=5),
            "top10": queryset.filter(priority_rank__lte=10),
            "ranked": queryset.filter(priority_rank__isnull=False),
            "unranked": queryset.filter(priority_rank__isnull=True),
        }.get(value, queryset)

    def filter_stale(self, queryset, name, value):
        if value == "ja":
            return queryset.stale()
        if value == "nein":
            return queryset.not_stale()
        return queryset

    def filter_traffic_light(self, queryset, name, value):
        return queryset.filter(traffic_light="" if value == "ohne" else value)

    def filter_reporting(self, queryset, name, value):
        return queryset.filter(reporting_q(value))

    def filter_funding_gap(self, queryset, name, value):
        return queryset.filter(funding_gap_q())

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_end_q())

    def filter_archived(self, queryset, name, value):
        if value == "nur":
            return queryset.filter(archived_at__isnull=False)
        return queryset  # "alle"

    def filter_ordering(self, queryset, name, value):
        key = value.lstrip("-")
        expressions = ORDERINGS.get(key)
        if expressions is None:
            return queryset
        if value.startswith("-"):
            expressions = DESCENDING.get(key) or _reverse(expressions)
        return queryset.order_by(*expressions, "pk")
