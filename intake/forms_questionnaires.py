"""Forms of the questionnaire editor (central unit). They read and check what was typed; the
rules of a questionnaire (frozen versions, options of a choice, conditions) live in
:mod:`intake.services`, whose errors :func:`core.forms.add_service_errors` puts onto the
fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from intake.models import Question, QuestionKind, QuestionnaireVersion, Section

CONDITION_KINDS = (*Question.CHOICE_KINDS, Question.Kind.YES_NO)


class QuestionnaireForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the questionnaire is for; shown in the list of questionnaires."),
    )


class VersionForm(KernForm):
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=QuestionnaireVersion._meta.get_field("introduction").help_text,
    )
    change_note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=500,
        help_text=QuestionnaireVersion._meta.get_field("change_note").help_text,
    )


class SectionForm(KernForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the offices below the section's title."),
    )


class QuestionForm(KernForm):
    """One question. Options are typed one per line; each keeps the key it had while its text
    stays the same, a new text gets a key derived from it."""

    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), empty_label=None
    )
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        help_text=Question._meta.get_field("key").help_text,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown below the question: an example or what is meant."),
    )
    required = forms.BooleanField(
        label=_("Required question"),
        required=False,
        help_text=_("Checked when the office submits its response, not while it saves."),
    )
    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Only for single and multiple choice, at least two; ignored for other types. One "
            "option per line. Each option gets a key made from its text (shown on the "
            "version page); conditions name that key. Changing an option's text changes its "
            "key."
        ),
    )
    condition_key = forms.ChoiceField(
        label=_("Show only if question"),
        required=False,
        help_text=_(
            "Only choice and yes/no questions that come before this one can be chosen. "
            "Without a condition the question is always shown."
        ),
    )
    condition_value = forms.CharField(
        label=_("has the answer"),
        required=False,
        max_length=200,
        help_text=_(
            "Only with a condition: for a choice question the key of one of its options, for "
            "a yes/no question ja or nein."
        ),
    )

    def __init__(self, *args, section: Section, question: Question | None = None, **kwargs):
        self.version = section.version
        self.question = question
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "section": question.section_id,
                    "key": question.key,
                    "kind": question.kind,
                    "text": question.text,
                    "help_text": question.help_text,
                    "required": question.required,
                    "options": "\n".join(o.get("label", "") for o in question.options or ()),
                    "condition_key": question.condition_key,
                    "condition_value": question.condition_value,
                },
            )
        else:
            kwargs.setdefault("initial", {"section": section.pk})
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = self.version.sections.order_by("position", "pk")
        # The questions a condition may name, with the answers each can have (shown below
        # the condition's fields, so the option keys need not be looked up elsewhere).
        self.condition_sources = self._earlier_questions(section)
        self.fields["condition_key"].choices = [
            ("", _("– always shown –")),
            *((q.key, f"{q.text} ({q.key})") for q in self.condition_sources),
        ]

    def _earlier_questions(self, section: Section) -> list[Question]:
        """Choice and yes/no questions before this one (for a new question: before the end
        of its section). A condition already set stays choosable, wherever its question is
        now; publishing checks the order."""
        ordered = list(
            self.version.questions.select_related("section").order_by(
                "section__position", "section", "position", "pk"
            )
        )
        if self.question is not None:
            index = next(
                (i for i, q in enumerate(ordered) if q.pk == self.question.pk), len(ordered)
            )
        else:
            order = (section.position, section.pk)
            index = next(
                (i for i, q in enumerate(ordered) if (q.section.position, q.section_id) > order),
                len(ordered),
            )
        earlier = [q for q in ordered[:index] if q.kind in CONDITION_KINDS]
        current = self.question.condition_key if self.question is not None else ""
        if current and current not in {q.key for q in earlier}:
            earlier += [q for q in ordered if q.key == current and q.pk != self.question.pk]
        return earlier

    def clean_options(self) -> list[dict]:
        labels = [" ".join(line.split()) for line in self.cleaned_data["options"].splitlines()]
        labels = [label for label in labels if label]
        existing = {}
        if self.question is not None:
            existing = {o.get("label"): o.get("key") for o in self.question.options or ()}
        options, seen, errors = [], {}, []
        for label in labels:
            key = existing.get(label) or slugify(label)[:60].strip("-")
            if not key:
                errors.append(
                    _("“%(label)s” gives no key; use letters or digits.") % {"label": label}
                )
            elif key in seen:
                errors.append(
                    _(
                        "“%(label)s” and “%(other)s” give the same key “%(key)s”; make them "
                        "differ by more than capitals or punctuation."
                    )
                    % {"label": label, "other": seen[key], "key": key}
                    if label != seen[key]
                    else _("“%(label)s” appears twice.") % {"label": label}
                )
            else:
                seen[key] = label
                options.append({"key": key, "label": label})
        if errors:
            raise ValidationError(errors)
        return options

    def clean_condition_value(self) -> str:
        return self.cleaned_data["condition_value"].strip()

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key")
        if key:
            others = self.version.questions.filter(key=key)
            if self.question is not None:
                others = others.exclude(pk=self.question.pk)
            if others.exists():
                self.add_error("key", _("Another question of this version has this key."))
            if key == cleaned.get("condition_key"):
                self.add_error("condition_key", _("A question cannot depend on itself."))
        if cleaned.get("kind") not in Question.CHOICE_KINDS:
            cleaned["options"] = []  # ignored, and so are their mistakes
            self._errors.pop("options", None)
        return cleaned

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "key",
                "kind",
                "text",
                "help_text",
                "required",
                "options",
                "condition_key",
                "condition_value",
            )
        }


class MoveForm(KernForm):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
