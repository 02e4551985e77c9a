"""Forms of the status-quo intake. The response form is built from the questionnaire
version: one field per question, none required while saving (required questions are checked
when the office submits)."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm, KernFormMixin, LocalDecimalField, apply_kern_classes
from core.text import CELL_LIMIT
from intake import answers
from intake.models import Question, QuestionnaireVersion, Round
from intake.services import ENTRY_FIELDS
from organisation.models import Department
from projects import links
from projects.forms import DateInput
from projects.models import Project


class RoundForm(KernFormMixin, forms.ModelForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Usually the two departments of a cohort. Every office of each gets one response."
        ),
    )

    class Meta:
        model = Round
        fields = ["title", "version", "deadline"]
        widgets = {"deadline": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = QuestionnaireVersion.objects.filter(
            state=QuestionnaireVersion.State.PUBLISHED
        ).select_related("questionnaire")
        self.fields["version"].empty_label = None
        self.fields["version"].label_from_instance = lambda version: str(version)
        self.fields["title"].help_text = _("For example: Staffel 3, Status-quo-Erfassung 2027")


SCALE_CHOICES = [
    (1, _("1 – very low")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – very high")),
]
YES_NO_CHOICES = [(answers.YES, _("Yes")), (answers.NO, _("No"))]


def answer_field_name(key: str) -> str:
    return f"a-{key}"


def reason_field_name(key: str) -> str:
    return f"a-{key}--grund"


def loaded_field_name(key: str) -> str:
    return f"o-{key}"


class ResponseForm(forms.Form):
    """One field per question of the version (a yes/no question has a second one for its
    reason), all optional while saving; a hidden mark per question carries the value the
    form showed (see :func:`intake.services.response_save`)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions: list[Question], values: dict, version: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = [q for q in questions if q.kind != Question.Kind.PROJECTS]
        self.initial["version"] = version
        for question in self.questions:
            value = values.get(question.key)
            self.fields[answer_field_name(question.key)] = self._field(question)
            self.initial[answer_field_name(question.key)] = self._initial(question, value)
            if question.kind == Question.Kind.YES_NO:
                self.fields[reason_field_name(question.key)] = forms.CharField(
                    label=_("Reason or details"),
                    required=False,
                    max_length=CELL_LIMIT,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                self.initial[reason_field_name(question.key)] = (value or {}).get("reason", "")
            self.fields[loaded_field_name(question.key)] = forms.CharField(
                widget=forms.HiddenInput, required=False
            )
            self.initial[loaded_field_name(question.key)] = answers.fingerprint(value)
        apply_kern_classes(self)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        kind = question.kind
        label = question.text
        if question.required:
            label = _("%(question)s (required)") % {"question": question.text}
        common = {"label": label, "required": False, "help_text": question.help_text}
        if kind == Question.Kind.SHORT_TEXT:
            return forms.CharField(max_length=500, **common)
        if kind == Question.Kind.LONG_TEXT:
            return forms.CharField(
                max_length=CELL_LIMIT, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        if kind == Question.Kind.SINGLE_CHOICE:
            return forms.ChoiceField(
                choices=question.option_choices, widget=forms.RadioSelect, **common
            )
        if kind == Question.Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                choices=question.option_choices, widget=forms.CheckboxSelectMultiple, **common
            )
        if kind == Question.Kind.SCALE:
            return forms.TypedChoiceField(
                choices=SCALE_CHOICES, coerce=int, widget=forms.RadioSelect, **common
            )
        if kind == Question.Kind.NUMBER:
            return LocalDecimalField(max_digits=15, decimal_places=2, **common)
        if kind == Question.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        if kind == Question.Kind.DATE:
            return forms.DateField(widget=DateInput, **common)
        raise ValueError(kind)

    @staticmethod
    def _initial(question: Question, value):
        if value is None:
            return None
        if question.kind == Question.Kind.YES_NO:
            return value.get("answer") or None
        return value

    def clean_version(self):
        value = self.cleaned_data.get("version") or ""
        return int(value) if value.isdigit() else None

    def answer_fields(self):
        """(question, field, reason field or None) in the questionnaire's order."""
        for question in self.questions:
            reason = (
                self[reason_field_name(question.key)]
                if question.kind == Question.Kind.YES_NO
                else None
            )
            yield question, self[answer_field_name(question.key)], reason

    @cached_property
    def by_key(self) -> dict:
        """Question key → (field, reason field or None), for templates."""
        return {question.key: (field, reason) for question, field, reason in self.answer_fields()}

    def values(self) -> dict:
        """Stored values of the questions the request carried (a partial post, such as an
        autosave of one section, leaves the others alone)."""
        result = {}
        for question in self.questions:
            name = answer_field_name(question.key)
            if name not in self.data and loaded_field_name(question.key) not in self.data:
                continue
            value = self.cleaned_data.get(name)
            if question.kind == Question.Kind.YES_NO:
                value = (value, self.cleaned_data.get(reason_field_name(question.key), ""))
            result[question.key] = answers.normalise(question, value)
        return result

    def loaded(self) -> dict:
        return {
            question.key: self.data.get(loaded_field_name(question.key), "")
            for question in self.questions
        }


class EntryForm(KernFormMixin, forms.ModelForm):
    """A project or process in a "list of projects" answer. Saved through the project
    services: a new project of the office, or the existing one it matches."""

    NEW = "neu"

    project_version = forms.CharField(widget=forms.HiddenInput, required=False)
    match = forms.ChoiceField(
        label=_("Is it one of these?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "A project of this title exists in the department already. Update it, or create a "
            "new one with another title."
        ),
    )

    class Meta:
        model = Project
        fields = list(ENTRY_FIELDS)
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.CheckboxSelectMultiple,
            "fields_of_action": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = links.offered("goals", actor=user).select_related("field")
        self.fields["goals"].label_from_instance = lambda goal: f"{goal.title} ({goal.field})"
        self.fields["fields_of_action"].queryset = links.offered("fields_of_action", actor=user)
        self.fields["influence"].help_text = _(
            "How much the project moves the digital agenda forward."
        )
        self.matches = list(matches)
        if self.matches:
            self.fields["match"].choices = [
                *(
                    (
                        str(project.pk),
                        _("Update “%(title)s” (%(office)s)")
                        % {
                            "title": project.title,
                            "office": project.lead_unit.name if project.lead_unit else "–",
                        },
                    )
                    for project in self.matches
                ),
                (self.NEW, _("No, it is a different one: I change the title")),
            ]
        else:
            del self.fields["match"]
        if self.instance.pk and not self.is_bound:
            self.initial["project_version"] = self.instance.version

    def clean_project_version(self):
        value = self.cleaned_data.get("project_version") or ""
        return int(value) if value.isdigit() else None

    def chosen_match(self):
        """The existing project the user picked, or None."""
        choice = self.cleaned_data.get("match") if "match" in self.fields else None
        return next((p for p in self.matches if str(p.pk) == choice), None)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENTRY_FIELDS if name in self.cleaned_data}


class PickProjectForm(KernForm):
    """Take a project of the workspace into the list as it is."""

    project = forms.ModelChoiceField(label=_("Project or process"), queryset=Project.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = queryset
        self.fields["project"].empty_label = _("Choose …")


class NoteForm(KernForm):
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(KernForm):
    body = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswersUploadForm(KernFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Filled-in template"),
        help_text=_(
            "The template of this office's response (.xlsx) with the column “Answer” filled "
            "in. You see every change before it is saved."
        ),
    )
