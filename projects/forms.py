from django import forms
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaProject, FieldOfAction, Goal
from core.forms import KernFormMixin
from organisation.access import access_for
from organisation.models import Department, OrgUnit
from projects.models import Project, StatusUpdate


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ProjectForm(KernFormMixin, forms.ModelForm):
    """Create and edit a project. Choices are limited to the active agenda and to the offices
    the editor may see; ``version`` carries the state the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "budget": forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
            "progress": forms.NumberInput(attrs={"min": "0", "max": "100"}),
            "priority_rank": forms.NumberInput(attrs={"min": "1", "max": "999"}),
        }

    def __init__(self, *args, department: Department, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.department = department
        self.instance.department = department
        self.fields["lead_unit"].queryset = OrgUnit.objects.filter(department=department)
        visible_departments = Department.objects.visible_to(user)
        self.fields["participating_units"].queryset = OrgUnit.objects.filter(
            department__in=visible_departments
        ).select_related("department")
        self.fields["participating_units"].label_from_instance = lambda unit: (
            f"{unit.name} ({unit.department.short_name})"
        )
        active_fields = FieldOfAction.objects.filter(agenda__status="aktiv")
        self.fields["fields_of_action"].queryset = active_fields
        self.fields["goals"].queryset = Goal.objects.filter(field__in=active_fields).select_related(
            "field"
        )
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.title} ({goal.field})"
        self.fields["agenda_project"].queryset = AgendaProject.objects.filter(
            agenda__status="aktiv"
        )
        self.fields["agenda_project"].empty_label = _("none")
        self.fields["lead_unit"].empty_label = _("not assigned")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if access_for(user).is_partner_only:
            del self.fields["confidential"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agenda_contribution") and not cleaned.get("agenda_project"):
            self.add_error(
                "agenda_project",
                _("Choose the agenda project that this contribution refers to."),
            )
        return cleaned

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
            "progress": forms.NumberInput(attrs={"min": "0", "max": "100"}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, project: Project | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None and not self.is_bound:
            self.initial.setdefault("progress", project.progress)
