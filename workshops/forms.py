"""Forms of cohorts and workshops. They read and check input; the services decide."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from access.rights import EXTERNAL_GROUP, RDS_GROUP
from agenda.models import FieldOfAction, Goal
from core.forms import KernForm, KernFormMixin
from intake.models import Round
from organisation.models import Department
from projects import links
from projects.forms import DateInput
from projects.models import Project
from workshops import services
from workshops.models import ChangeField, Cohort, ResultItem, Workshop


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _person(user) -> str:
    return user.get_full_name() or user.username


class _OwnIds:
    """The workshop page holds several result forms at once: each gets its own ids."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class CohortForm(KernFormMixin, forms.ModelForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments"),
        queryset=Department.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Usually two departments work through the series in parallel."),
    )
    supporters = forms.ModelMultipleChoiceField(
        label=_("Supported by"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Staff of the central unit and the contracted office. An external account sees "
            "the workshops of this cohort."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Cohort
        fields = ["number", "name", "status", "starts_on", "ends_on", "intake_round", "notes"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True)
        self.fields["supporters"].queryset = (
            users.filter(Q(groups__name=RDS_GROUP) | Q(groups__name=EXTERNAL_GROUP))
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["supporters"].label_from_instance = _person
        self.fields["intake_round"].queryset = Round.objects.order_by("-opened_at")
        if self.instance.pk:
            self.fields["departments"].initial = self.instance.departments.all()
            self.fields["supporters"].initial = self.instance.supporters.all()
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["number"].initial = services.next_cohort_number()

    def clean(self):
        cleaned = super().clean()
        departments = cleaned.get("departments")
        self.warning = services.two_departments_warning(departments) if departments else ""
        return cleaned


class WorkshopPlanForm(KernFormMixin, forms.ModelForm):
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Members of the workspace and the cohort's supporters."),
    )
    video_link = forms.URLField(
        label=_("video link"), max_length=500, required=False, assume_scheme="https"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Workshop
        fields = ["starts_at", "location", "video_link"]
        widgets = {"starts_at": DateTimeInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = services.participant_choices(self.instance)
        self.fields["participants"].label_from_instance = _person
        self.fields["participants"].initial = self.instance.participants.all()
        self.fields["version"].initial = self.instance.version
        self.fields["location"].help_text = _("Room and address, or 'online'.")


class GuestForm(KernForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class MinutesForm(KernForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Markdown: # heading, **bold**, - list, [link](https://…). HTML is shown as text."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(_OwnIds, KernForm):
    id_prefix = "abstimmung"

    review_until = forms.DateField(
        label=_("Objections until"),
        widget=DateInput,
        required=False,
        help_text=_("Default: in seven days."),
    )


class DecisionForm(_OwnIds, KernForm):
    id_prefix = "beschluss"

    text = forms.CharField(
        label=pgettext_lazy("workshop", "Decision"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, workshop, user, **kwargs):  # the result forms' one signature
        super().__init__(*args, **kwargs)


class QuestionForm(_OwnIds, KernForm):
    id_prefix = "frage"

    text = forms.CharField(
        label=_("Open question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(
        label=_("Who answers it"), queryset=get_user_model().objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due"), widget=DateInput, required=False)

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = services.participant_choices(workshop)
        self.fields["owner"].label_from_instance = _person


class _ProjectChoiceMixin:
    def _projects(self, workshop, user):
        """The department's current projects the user may see."""
        field = self.fields["project"]
        field.queryset = (
            Project.objects.visible_to(user)
            .filter(department=workshop.department, archived_at__isnull=True)
            .order_by("title")
        )


class DiscussedForm(_OwnIds, _ProjectChoiceMixin, KernForm):
    id_prefix = "vorhaben"

    project = forms.ModelChoiceField(label=_("Project or process"), queryset=Project.objects.none())
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._projects(workshop, user)


class ChangeForm(_OwnIds, _ProjectChoiceMixin, KernForm):
    """One change decided for a project; the value comes from the input matching the field."""

    id_prefix = "aenderung"

    project = forms.ModelChoiceField(label=_("Project or process"), queryset=Project.objects.none())
    field = forms.ChoiceField(label=_("What changes"), choices=ChangeField.choices)
    status = forms.ChoiceField(
        label=_("New status"), choices=[("", "–"), *Project.Status.choices], required=False
    )
    financing = forms.ChoiceField(
        label=_("New financing"), choices=[("", "–"), *Project.Financing.choices], required=False
    )
    priority_rank = forms.IntegerField(
        label=_("New priority rank"), min_value=1, max_value=32767, required=False
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals afterwards"), queryset=Goal.objects.none(), required=False
    )
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("Fields of action afterwards"),
        queryset=FieldOfAction.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._projects(workshop, user)
        self.fields["goals"].queryset = (
            links.offered("goals", actor=user)
            .select_related("field")
            .order_by("field__order", "pk")
        )
        self.fields["fields_of_action"].queryset = links.offered(
            "fields_of_action", actor=user
        ).order_by("order", "pk")

    def clean(self):
        cleaned = super().clean()
        field = cleaned.get("field")
        if field in (ChangeField.GOALS, ChangeField.FIELDS):
            cleaned["value"] = [item.pk for item in cleaned.get(field) or ()]
        elif field:
            cleaned["value"] = cleaned.get(field)
            if cleaned["value"] in (None, "") and field != ChangeField.PRIORITY:
                self.add_error(field, _("Choose the new value."))
        return cleaned


class FindingForm(_OwnIds, KernForm):
    id_prefix = "fund"

    kind = forms.ChoiceField(
        label=_("Kind"), choices=ResultItem.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projects concerned"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, workshop, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = (
            Project.objects.visible_to(user)
            .filter(department=workshop.department, archived_at__isnull=True)
            .order_by("title")
        )


class ObjectionForm(_OwnIds, KernForm):
    id_prefix = "einwand"

    body = forms.CharField(
        label=_("Your objection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say which part of the minutes is wrong or missing, and how it should read."),
    )


class AnswerForm(KernForm):
    body = forms.CharField(
        label=_("Answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    resolve = forms.BooleanField(label=_("Resolve the objection"), required=False)
