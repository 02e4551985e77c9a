"""The choice of the state a dashboard shows: today, or a frozen reporting round."""

from django import forms
from django.utils.translation import gettext_lazy as _

from access.rights import access_for
from core.forms import KernForm
from reporting.models import ReportingRound


class RoundChoiceForm(KernForm):
    runde = forms.ModelChoiceField(
        label=_("State shown"),
        queryset=ReportingRound.objects.none(),
        required=False,
        empty_label=_("Today"),
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        if access_for(user).is_partner_only:  # reporting rounds are for city staff
            del self.fields["runde"]
            return
        self.fields["runde"].queryset = ReportingRound.objects.filter(
            status=ReportingRound.Status.FROZEN
        ).order_by("-reference_date", "-pk")
        self.fields["runde"].label_from_instance = lambda item: (
            _("%(title)s (reference date %(date)s)")
            % {"title": item.title, "date": item.reference_date.strftime("%d.%m.%Y")}
        )

    @property
    def offered(self) -> bool:
        """Shown only where there is a round to choose."""
        return "runde" in self.fields and self.fields["runde"].queryset.exists()

    def chosen(self):
        """The round chosen, or None for today (also for a choice that is not one)."""
        if "runde" not in self.fields or not self.is_valid():
            return None
        return self.cleaned_data["runde"]
