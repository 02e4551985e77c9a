"""Forms of the offerings catalogue, the requests and a project's offerings. They read and
check input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    KernForm,
    KernFormMixin,
    add_service_errors,  # noqa: F401 (used by the views)
)
from core.versioning import VersionField
from offerings.models import Offering, OfferingRequest
from organisation.models import Department


class OfferingForm(KernFormMixin, forms.ModelForm):
    version = VersionField()
    link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=Offering._meta.get_field("link").help_text,
    )

    class Meta:
        model = Offering
        fields = ["title", "slug", "status", "description", "contact", "contact_email", "link"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        """The services validate the offering (after refusing a stale edit), on the row as
        it is stored; the form leaves the instance the page shows as it is."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OfferingRequestForm(KernForm):
    department = forms.ModelChoiceField(
        label=_("For the department"),
        queryset=Department.objects.none(),
        empty_label=None,
    )
    note = forms.CharField(
        label=_("What is needed"),
        max_length=OfferingRequest._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=OfferingRequest._meta.get_field("note").help_text,
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class OfferingRequestAnswerForm(KernForm):
    status = forms.ChoiceField(label=_("Status"), choices=OfferingRequest.Status.choices)
    answer = forms.CharField(
        label=_("Answer to the department"),
        required=False,
        max_length=OfferingRequest._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when the request is done or declined."),
    )
    version = VersionField()


class ProjectOfferingForm(KernForm):
    offering = forms.ModelChoiceField(
        label=_("RDS offering"), queryset=Offering.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = choices
