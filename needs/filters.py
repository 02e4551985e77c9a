"""Filters and sorting of the needs register, per workspace and city-wide. Every choice comes
through the reader's scope: external partners get no offering filter (they never see
offerings), and the owners offered are those of needs the reader sees."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from needs.models import Category, Need, Severity, severity_rank
from offerings.models import Offering
from offerings.services import sees_offerings
from organisation.models import Department

WITHOUT_OFFERING = "ohne"
NOT_CLOSED = "ungeloest"

# Sort key -> the fields it orders by; descending reverses the first one only.
ORDERINGS = {
    "title": ("title",),
    "department": ("department__name", "title"),
    "category": ("category", "title"),
    "severity": ("severity_order", "title"),
    "status": ("status", "title"),
    "updated": ("updated_at",),
}


def _person(user) -> str:
    return user.get_full_name() or user.username


class NeedFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        max_length=200,
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.none(), empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All")
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), choices=Severity.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        empty_label=_("All"),
        choices=[(NOT_CLOSED, _("not yet solved (open or in progress)")), *Need.Status.choices],
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=get_user_model().objects.none(), empty_label=_("All")
    )
    offering = django_filters.ChoiceFilter(
        label=_("RDS offering"), method="filter_offering", empty_label=_("All")
    )
    source = django_filters.ChoiceFilter(
        label=_("Found in"), choices=Need.Source.choices, empty_label=_("All")
    )
    o = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_ordering",
        empty_label=_("Default order"),
        choices=[(value, value) for key in ORDERINGS for value in (key, f"-{key}")],
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Need
        fields = []
        form = KernForm

    def __init__(self, data=None, *args, user, department=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.workspace = department
        if department is not None:
            del self.filters["department"]
        else:
            self.filters["department"].queryset = Department.objects.visible_to(user).only(
                "id", "name"
            )
        owners = get_user_model().objects.filter(
            pk__in=self.queryset.filter(owner__isnull=False).values("owner")
        )
        self.filters["owner"].queryset = owners.order_by("last_name", "first_name", "username")
        self.filters["owner"].field.label_from_instance = _person
        if not sees_offerings(user):  # external partners never see offerings
            del self.filters["offering"]
        else:
            self.filters["offering"].extra["choices"] = [
                (WITHOUT_OFFERING, _("without an offering")),
                *Offering.objects.visible_to(user).order_by("title").values_list("slug", "title"),
            ]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("o"):
            default = ("title", "pk") if self.workspace else ("department__name", "title", "pk")
            queryset = queryset.order_by(*default)
        return queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == NOT_CLOSED:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_offering(self, queryset, name, value):
        if value == WITHOUT_OFFERING:
            return queryset.filter(offering__isnull=True)
        return queryset.filter(offering__slug=value)

    def filter_ordering(self, queryset, name, value):
        fields = ORDERINGS.get(value.lstrip("-"))
        if fields is None:
            return queryset
        first, *rest = fields
        if value.startswith("-"):
            first = f"-{first}"
        return queryset.alias(severity_order=severity_rank()).order_by(first, *rest, "pk")
