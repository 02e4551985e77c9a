"""Forms of the handbook editor (central unit). The rules (rights, stale edits, unique
addresses and steps) live in :mod:`handbook.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import (
    KernForm,
    add_service_errors,  # noqa: F401 (used by the views)
)
from handbook.models import HandbookPage, HandbookPageVersion, Step

MARKDOWN_HELP = _(
    "Markdown: a line starting with # is a heading (## a sub-heading; headings make the "
    "table of contents), **bold**, *italic*, lines starting with - or 1. make a list, "
    "[text](https://example.org) a link, an empty line a new paragraph. HTML is not shown."
)


class _TextFields(KernForm):
    title = forms.CharField(
        label=_("Title"), max_length=HandbookPage._meta.get_field("title").max_length
    )
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=MARKDOWN_HELP,
    )
    change_note = forms.CharField(
        label=_("What changed"),
        max_length=HandbookPageVersion._meta.get_field("change_note").max_length,
        help_text=_("A sentence on what is new, shown with the page and in its versions."),
    )


class PageCreateForm(_TextFields):
    slug = forms.SlugField(
        label=_("Address"),
        max_length=HandbookPage._meta.get_field("slug").max_length,
        help_text=HandbookPage._meta.get_field("slug").help_text,
    )
    step = forms.ChoiceField(
        label=_("Step of the process"),
        required=False,
        choices=[("", _("none")), *Step.choices],
        help_text=HandbookPage._meta.get_field("step").help_text,
    )
    field_order = ["title", "slug", "step", "body", "change_note"]


class PageEditForm(_TextFields):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
