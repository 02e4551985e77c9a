"""Filters and sorting of the offerings catalogue and of the requests (``o`` is the sort key
the tables' headings ask for). Every choice comes through the reader's scope."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from offerings.models import Offering, OfferingRequest
from organisation.models import Department


class OfferingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        max_length=200,
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Offering.Status.choices, empty_label=_("All")
    )
    demand = django_filters.ChoiceFilter(
        label=_("Demand"),
        method="filter_demand",
        empty_label=_("All"),
        choices=[("offen", _("With open needs or requests")), ("keine", _("Without demand"))],
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("title", "title"),
            ("status", "status"),
            ("project_count", "projects"),
            ("need_count", "needs"),
            ("request_count", "requests"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Offering
        fields = ["q", "status", "demand"]
        form = KernForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("o"):
            return queryset.order_by("title", "pk")
        return queryset.order_by(*queryset.query.order_by, "pk")  # equal values: a fixed order

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(slug=value)
        )

    def filter_demand(self, queryset, name, value):
        if value == "offen":
            return queryset.filter(Q(open_need_count__gt=0) | Q(open_request_count__gt=0))
        if value == "keine":
            return queryset.filter(project_count=0, need_count=0, request_count=0)
        return queryset


class OfferingRequestFilter(django_filters.FilterSet):
    offering = django_filters.ModelChoiceFilter(
        label=_("RDS offering"), queryset=Offering.objects.none(), empty_label=_("All")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=OfferingRequest.Status.choices, empty_label=_("All")
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("created_at", "date"),
            ("offering__title", "offering"),
            ("department__name", "department"),
            ("status", "status"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = OfferingRequest
        fields = ["offering", "department", "status"]
        form = KernForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["offering"].queryset = Offering.objects.visible_to(user).order_by("title")
        # The departments whose requests the reader sees, not every department.
        asking = OfferingRequest.objects.visible_to(user).values("department")
        departments = Department.objects.filter(pk__in=asking)
        self.filters["department"].queryset = departments.order_by("name")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("o"):
            return queryset.order_by("-created_at", "-pk")
        return queryset.order_by(*queryset.query.order_by, "pk")  # equal values: a fixed order
