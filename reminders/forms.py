from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from reminders.models import Kind

# What each kind means to the person choosing, and who gets it.
CHOICES = [
    (Kind.DUE, _("When a status update of a project I am a contact for is due")),
    (Kind.OVERDUE, _("The second reminder, when it is overdue")),
    (Kind.ESCALATION, _("As coordination: projects without a status update after two reminders")),
    (Kind.DIGEST, _("As coordination: the weekly digest of my workspace")),
]


class ReminderSettingsForm(KernForm):
    wanted = forms.MultipleChoiceField(
        label=_("E-mails I want to receive"),
        choices=CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def turned_off(self) -> list[str]:
        return [kind for kind, _label in CHOICES if kind not in self.cleaned_data["wanted"]]
