"""Forms of the needs register. They read and check input; the services decide (rights,
links among the offered ones, the status's transitions, stale edits)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm, KernFormMixin
from core.versioning import VersionField
from needs import rules
from needs.models import Need


def _person(user) -> str:
    return user.get_full_name() or user.username


def _project_label(project) -> str:
    return f"{project.title} ({project.get_status_display()})"


def _keeping(offered, current_pk):
    """The offered choices, and the one the need has now even if it is no longer offered."""
    if current_pk is None:
        return offered
    return offered.model.objects.filter(Q(pk__in=offered.values("pk")) | Q(pk=current_pk))


class NeedForm(KernFormMixin, forms.ModelForm):
    """Create and edit a need. The choices are what the editor may link (see
    ``needs.services.offered``); ``version`` carries the state the editor started from."""

    version = VersionField()

    class Meta:
        model = Need
        fields = [
            "title",
            "category",
            "description",
            "severity",
            "owner",
            "projects",
            "offering",
            "source",
            "workshop",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "severity": forms.RadioSelect,
            "projects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, choices: dict, shows_offering: bool, kept_projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = choices["projects"].order_by("title")
        self.fields["projects"].label_from_instance = _project_label
        # An owner who has left stays until someone else takes over.
        owners = _keeping(choices["owner"], self.instance.owner_id)
        self.fields["owner"].queryset = owners.order_by("last_name", "first_name", "username")
        self.fields["owner"].label_from_instance = _person
        self.fields["owner"].empty_label = _("nobody yet")
        self.fields["workshop"].queryset = choices["workshop"].select_related("cohort")
        self.fields["workshop"].empty_label = _("no workshop")
        # A discontinued offering stays until changed.
        offerings = _keeping(choices["offering"], self.instance.offering_id)
        self.fields["offering"].queryset = offerings.order_by("title")
        self.fields["offering"].empty_label = _("no offering")
        if not shows_offering:
            del self.fields["offering"]  # external partners never see offerings
        if kept_projects:
            note = _("Also linked, and kept when you save: %(count)s project(s) you cannot see.")
            self.fields["projects"].help_text = note % {"count": len(kept_projects)}
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["projects"] = [
                p.pk for p in self.instance.projects.all() if p not in kept_projects
            ]

    def _post_clean(self):
        """The services validate the need (after refusing a stale edit), on the row as it
        is stored; the form leaves the instance the page shows as it is."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class NeedStatusForm(KernForm):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=Need._meta.get_field("status_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the need is solved, cannot be solved, or is reopened."),
    )
    version = VersionField()

    def __init__(self, *args, need: Need, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = rules.TRANSITIONS.get(need.status, ())
        self.fields["status"].choices = [
            (value, label) for value, label in Need.Status.choices if value in allowed
        ]
        if not self.is_bound:
            self.initial["version"] = need.version
