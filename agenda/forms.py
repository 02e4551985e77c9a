"""The forms with which the central unit keeps the strategy in the app. They read and check
input; :mod:`agenda.services` decides. ``KINDS`` names the four kinds of entry by the word
their addresses use."""

from dataclasses import dataclass

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agenda.models import AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from core.forms import KernFormMixin
from core.versioning import VersionField
from organisation.models import OrgUnit


class StrategyForm(KernFormMixin, forms.ModelForm):
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def _post_clean(self):
        """The services validate the entry as it is stored (after refusing a stale edit); the
        form leaves the instance the page shows as it is."""

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PrincipleForm(StrategyForm):
    class Meta:
        model = GuidingPrinciple
        fields = ["title", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class FieldOfActionForm(StrategyForm):
    class Meta:
        model = FieldOfAction
        fields = ["name", "short_name", "motto", "description", "targets", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "targets": forms.Textarea(attrs={"rows": 4}),
        }


def active_fields():
    return FieldOfAction.objects.filter(agenda__status="aktiv").order_by("order", "name")


class GoalForm(StrategyForm):
    class Meta:
        model = Goal
        fields = ["field", "title", "description", "target", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = active_fields()
        self.fields["field"].empty_label = None


class AgendaProjectForm(StrategyForm):
    class Meta:
        model = AgendaProject
        fields = ["number", "title", "field", "lead_unit", "description", "sources"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "sources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = active_fields()
        self.fields["lead_unit"].queryset = OrgUnit.objects.select_related("department").order_by(
            "department__name", "name"
        )


@dataclass(frozen=True)
class Kind:
    """One kind of strategy entry: its model, its form and its words."""

    slug: str
    model: type
    form: type
    name: str  # "goal"
    new_title: str
    edit_title: str
    anchor: str  # where the agenda page shows the kind

    def url_of(self, entry) -> str:
        """Where an entry is shown: its own page for fields and goals, the agenda otherwise
        (also for a new entry not yet saved, ``None``)."""
        if entry is not None and self.model is FieldOfAction:
            return reverse("agenda:field", args=[entry.pk])
        if entry is not None and self.model is Goal:
            return reverse("agenda:goal", args=[entry.pk])
        return f"{reverse('agenda:overview')}#{self.anchor}"


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("leitlinien", GuidingPrinciple, PrincipleForm, _("guiding principle"),
             _("New guiding principle"), _("Edit guiding principle"), "principles"),
        Kind("handlungsfelder", FieldOfAction, FieldOfActionForm, _("field of action"),
             _("New field of action"), _("Edit field of action"), "fields"),
        Kind("ziele", Goal, GoalForm, _("goal"), _("New goal"), _("Edit goal"), "fields"),
        Kind("agenda-projekte", AgendaProject, AgendaProjectForm, _("agenda project"),
             _("New agenda project"), _("Edit agenda project"), "agenda-projects"),
    )
}  # fmt: skip
