"""Forms of the workshop template editor (central unit). They read what was typed; the rules
(frozen versions, durations, the one draft) live in :mod:`workshops.standards`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from workshops.models import AgendaItem, TemplateVersion

_version = TemplateVersion._meta.get_field
_item = AgendaItem._meta.get_field


def _text(label, help_text="", rows=4):
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class TemplateVersionForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    goal = _text(_("Goal"), _("What the workshop achieves, in two or three sentences."))
    methods = _text(_("Methods"))
    guiding_questions = _text(_("Guiding questions"), _version("guiding_questions").help_text, 6)
    expected_results = _text(_("Expected results"))
    materials = _text(_("Materials"), _("One item per line."))
    change_note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=_version("change_note").help_text,
    )


class AgendaItemForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=480,
        help_text=_item("duration_minutes").help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    method = forms.CharField(
        label=_("Method"),
        required=False,
        max_length=200,
        help_text=_("For example Impulsvortrag, Kleingruppen, Punktabfrage."),
    )
    description = _text(_("Description"), rows=3)


class PublishForm(KernForm):
    change_note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=_version("change_note").help_text,
    )


class MoveForm(KernForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
