from datetime import timedelta

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation
from accounts.services import DEFAULT_ACCESS_DAYS
from core.forms import KernFormMixin
from core.text import clean_name
from organisation.models import Membership
from projects.forms import DateInput
from projects.models import Project


class MemberAddForm(KernFormMixin, forms.Form):
    user = forms.CharField(
        label=_("User name or e-mail"), max_length=254, help_text=_("An existing city account.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (Membership.Role.STAFF, Membership.Role.STAFF.label),
            (Membership.Role.COORDINATOR, Membership.Role.COORDINATOR.label),
        ],
    )


class InvitationForm(KernFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address of the partner"))
    role = forms.ChoiceField(label=_("Access"), choices=Invitation.ROLES, widget=forms.RadioSelect)
    access_expires_on = forms.DateField(
        label=_("Access until"),
        widget=DateInput,
        help_text=_("At most one year from today."),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Only these projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to invite to the whole workspace."),
    )

    def __init__(self, *args, department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = (
            Project.objects.active().filter(department=department, confidential=False)
            .order_by("title")
        )  # fmt: skip
        self.initial.setdefault("role", Membership.Role.PARTNER_READER)
        self.initial.setdefault(
            "access_expires_on", timezone.localdate() + timedelta(days=DEFAULT_ACCESS_DAYS)
        )


class AcceptInvitationForm(KernFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_first_name(self):
        return clean_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return clean_name(self.cleaned_data["last_name"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


class AcceptWithPasswordForm(KernFormMixin, forms.Form):
    """A further invitation for someone who has an account already."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
