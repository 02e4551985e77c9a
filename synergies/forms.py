from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from projects.models import Project
from synergies.models import Synergy

DIRECTION_HELP = _(
    "For reuse, replication and dependency: which way the link goes. Shared components and "
    "duplicates have no direction."
)


class DirectionChoices:
    OUTGOING = "ausgehend"
    INCOMING = "eingehend"


def direction_choices(project_title: str):
    return [
        (
            DirectionChoices.OUTGOING,
            _("“%(title)s” gives: its solution is reused, it is the original, it depends on "
              "the other project") % {"title": project_title},
        ),
        (
            DirectionChoices.INCOMING,
            _("“%(title)s” takes: it reuses the other's solution, it is the replica, the "
              "other project depends on it") % {"title": project_title},
        ),
    ]  # fmt: skip


class TitleHintForm(forms.Form):
    """The title hint's query: a typed title (no control characters) and the project being
    edited, left out of the hint."""

    title = forms.CharField(max_length=200, required=False)
    project = forms.IntegerField(required=False, min_value=1)


class ProjectSearchForm(KernForm):
    q = forms.CharField(
        label=_("Find the other project"),
        max_length=200,
        required=False,
        help_text=_("A word of its title, or its department or office."),
    )


class SynergyProposeForm(KernForm):
    other = forms.ModelChoiceField(
        label=_("Linked project"),
        queryset=Project.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the projects found.")},
    )
    kind = forms.ChoiceField(label=_("Kind of synergy"), choices=Synergy.Kind.choices)
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=(),
        widget=forms.RadioSelect,
        initial=DirectionChoices.OUTGOING,
        help_text=DIRECTION_HELP,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What could be shared or reused, and whom to ask."),
    )

    def __init__(self, *args, project, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = candidates
        self.fields["other"].label_from_instance = lambda p: f"{p.title} ({p.department})"
        self.fields["direction"].choices = direction_choices(project.title)


class SynergyEditForm(KernForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind of synergy"), choices=Synergy.Kind.choices)
    reverse = forms.BooleanField(
        label=_("Swap the direction"),
        required=False,
        help_text=DIRECTION_HELP,
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(KernForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Synergy.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(KernForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    keep = forms.TypedChoiceField(
        label=_("Which project stays?"),
        coerce=int,
        choices=(),
        widget=forms.RadioSelect,
        help_text=_(
            "The other one is archived; its links, needs and offerings move to the one that stays."
        ),
    )

    def __init__(self, *args, synergy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (synergy.source_id, synergy.source.title),
            (synergy.target_id, synergy.target.title),
        ]


class AcceptForm(KernForm):
    kind = forms.ChoiceField(
        label=_("Kind of synergy"), choices=Synergy.Kind.choices, initial=Synergy.Kind.REUSE
    )
