"""Forms of the status-quo intake. The response form is built from the questionnaire
version: one field per question, none required while saving (required questions are checked
when the office submits)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernFormMixin
from intake.models import QuestionnaireVersion, Round
from organisation.models import Department


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
