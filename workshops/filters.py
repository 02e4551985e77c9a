"""Filters and sorting of the cohort and workshop lists (``o`` is the sort key the tables'
headings ask for)."""

import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from organisation.models import Department
from workshops.models import Cohort, Part, Workshop


class NullsLastOrdering(django_filters.OrderingFilter):
    """Sorting that puts empty values (a workshop without a date, a cohort without a start)
    last, in both directions."""

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class CohortFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Cohort.Status.choices, empty_label=_("All")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.order_by("name"),
        field_name="departments",
        empty_label=_("All"),
    )
    o = NullsLastOrdering(
        fields=(("number", "number"), ("starts_on", "start"), ("status", "status")),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Cohort
        fields = ["q", "status", "department"]
        form = KernForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.visible_to(user).order_by("name")
        self.filters["department"].queryset = departments

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        number = Q(number=int(value)) if value.isdigit() else Q()
        return queryset.filter(Q(name__icontains=value) | number)


class WorkshopFilter(django_filters.FilterSet):
    cohort = django_filters.ModelChoiceFilter(
        label=_("Cohort"), queryset=Cohort.objects.none(), empty_label=_("All")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.order_by("name"), empty_label=_("All")
    )
    part = django_filters.ChoiceFilter(label=_("Part"), choices=Part.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Workshop.Status.choices, empty_label=_("All")
    )
    o = NullsLastOrdering(
        fields=(
            ("starts_at", "date"),
            ("cohort__number", "cohort"),
            ("department__name", "department"),
            ("part", "part"),
            ("status", "status"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Workshop
        fields = ["cohort", "department", "part", "status"]
        form = KernForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["cohort"].queryset = Cohort.objects.visible_to(user)
        departments = Department.objects.visible_to(user).order_by("name")
        self.filters["department"].queryset = departments
