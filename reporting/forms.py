"""Forms of the reporting rounds: freezing one, choosing two to compare."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from organisation.models import Department
from reporting.models import ReportingRound


class FreezeForm(KernForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Q1 2027” or “Jahresbericht 2026”."),
    )
    reference_date = forms.DateField(
        label=_("Reference date (Stichtag)"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the round reports on; the projects are frozen as they are now."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompareForm(KernForm):
    earlier = forms.ModelChoiceField(
        label=_("Earlier round"), queryset=ReportingRound.objects.none(), empty_label=None
    )
    later = forms.ModelChoiceField(
        label=_("Later round"), queryset=ReportingRound.objects.none(), empty_label=None
    )
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("All departments"),
        to_field_name="slug",
    )

    def __init__(self, *args, rounds, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["earlier"].queryset = rounds
        self.fields["later"].queryset = rounds
        self.fields["department"].queryset = departments
