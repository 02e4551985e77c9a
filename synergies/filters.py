"""Filters and sorting of the synergy list and the reuse catalogue."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agenda.models import FieldOfAction
from core.forms import KernForm
from organisation.models import Department
from projects.models import Project
from synergies.models import Synergy


class Reach:
    CROSS = "dezernatsuebergreifend"
    WITHIN = "im-dezernat"
    CHOICES = [(CROSS, _("Across departments")), (WITHIN, _("Within one department"))]


class SynergyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(max_length=200, label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Synergy.Kind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Synergy.Status.choices, empty_label=_("All")
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.none(),
        method="filter_department",
        empty_label=_("All"),
    )
    reach = django_filters.ChoiceFilter(
        label=_("Reach"), choices=Reach.CHOICES, method="filter_reach", empty_label=_("All")
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("source__title", "source"),
            ("kind", "kind"),
            ("target__title", "target"),
            ("status", "status"),
            ("updated_at", "updated"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Synergy
        fields = ["q", "kind", "status", "department", "reach"]
        form = KernForm

    def __init__(self, *args, user, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        if department is not None:
            del self.filters["department"]
        else:
            self.filters["department"].queryset = Department.objects.visible_to(user).order_by(
                "name"
            )

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(source__title__icontains=value)
            | Q(target__title__icontains=value)
            | Q(description__icontains=value)
        )

    def filter_department(self, queryset, name, value):
        return queryset.of_department(value.pk) if value else queryset

    def filter_reach(self, queryset, name, value):
        if value == Reach.CROSS:
            return queryset.cross_department()
        if value == Reach.WITHIN:
            return queryset.within_department()
        return queryset


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(max_length=200, label=_("Search"), method="filter_q")
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.order_by("name"), empty_label=_("All")
    )
    field = django_filters.ModelChoiceFilter(
        label=_("Field of action"),
        queryset=FieldOfAction.objects.none(),
        field_name="fields_of_action",
        empty_label=_("All"),
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("title", "title"),
            ("department__name", "department"),
            ("reuses", "reuses"),
            ("status", "status"),
        ),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Project
        fields = ["q", "department", "field"]
        form = KernForm

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["field"].queryset = FieldOfAction.objects.all()

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(lead_unit__name__icontains=value)
            | Q(contact_person__icontains=value)
        )
