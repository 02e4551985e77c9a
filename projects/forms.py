from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access.rights import access_for
from core.forms import KernForm, KernFormMixin, LocalDecimalField, LocalIntegerField
from organisation.models import Department, OrgUnit
from projects import links
from projects.models import Project, StatusUpdate


def _office_label(unit) -> str:
    return f"{unit.name} ({unit.department.short_name})"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProjectForm(KernFormMixin, forms.ModelForm):
    """Create and edit a project. Choices are limited to the active agenda and to the offices
    the editor may see; ``version`` carries the state the editor started from."""

    # Text, not a number: a missing or forged value becomes None, which the service treats
    # as a conflict, rather than an error on a field nobody can see.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = [
            "kind",
            "title",
            "description",
            "lead_unit",
            "participating_units",
            "contact_person",
            "status",
            "financing",
            "budget",
            "funding_source",
            "influence",
            "decision_scope",
            "priority_rank",
            "fields_of_action",
            "goals",
            "agenda_project",
            "agenda_contribution",
            "start_date",
            "end_date",
            "progress",
            "reusable",
            "confidential",
            "external_partners",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "fields_of_action": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "participating_units": forms.SelectMultiple(attrs={"size": 8}),
            "start_date": DateInput,
            "end_date": DateInput,
        }
        field_classes = {
            "budget": LocalDecimalField,
            "progress": LocalIntegerField,
            "priority_rank": LocalIntegerField,
        }
        help_texts = {"budget": _("In euros, e.g. 12.500,50.")}

    def __init__(self, *args, department: Department, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.instance.department = department
        self.fields["lead_unit"].queryset = OrgUnit.objects.filter(department=department)
        self.fields["participating_units"].queryset = links.offered(
            "participating_units", actor=user
        ).select_related("department")
        self.fields["participating_units"].label_from_instance = _office_label
        self.fields["fields_of_action"].queryset = links.offered("fields_of_action", actor=user)
        self.fields["goals"].queryset = links.offered("goals", actor=user).select_related("field")
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.title} ({goal.field})"
        self.fields["agenda_project"].queryset = links.offered("agenda_project", actor=user)
        # Links this form cannot offer stay as they are; say which, next to their field.
        for name in links.MANY:
            kept = links.kept(self.instance, name, actor=user)
            if kept:
                labels = ", ".join(
                    _office_label(obj) if name == "participating_units" else str(obj)
                    for obj in kept
                )
                note = _("Also linked, and kept when you save: %(names)s.") % {"names": labels}
                self.fields[name].help_text = f"{self.fields[name].help_text} {note}".strip()
        current = self.instance.agenda_project if self.instance.agenda_project_id else None
        if current and current not in self.fields["agenda_project"].queryset:
            self.fields["agenda_project"].help_text = _(
                "Linked to “%(name)s” of an earlier agenda; kept unless you choose another."
            ) % {"name": current}
        self.fields["agenda_project"].empty_label = _("none")
        self.fields["lead_unit"].empty_label = _("not assigned")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if access_for(user).is_partner_only:
            del self.fields["confidential"]

    def clean_version(self):
        value = self.cleaned_data.get("version") or ""
        return int(value) if value.isdigit() else None

    def service_fields(self) -> dict:
        """The cleaned values as keyword arguments for the services."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class StatusUpdateForm(KernFormMixin, forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["reported_on", "traffic_light", "progress", "text"]
        widgets = {
            "reported_on": DateInput,
            "traffic_light": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"progress": LocalIntegerField}

    def __init__(self, *args, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if project is not None and not self.is_bound:
            self.initial.setdefault("progress", project.progress)


class WithdrawForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown next to the withdrawn status update, e.g. “Belongs to another project”."
        ),
    )


class CommentForm(KernForm):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Name a member of the workspace with @ and their user name to tell them."),
    )
