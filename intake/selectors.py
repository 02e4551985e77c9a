"""Reads of the status-quo intake, always within the reader's scope."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from access.rights import access_for
from intake import answers
from intake.models import (
    DepartmentIntake,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    Section,
)

ResponseState = Response.State


def rounds_visible_to(user):
    """Rounds in which the user sees at least one department's intake."""
    intakes = DepartmentIntake.objects.visible_to(user)
    return Round.objects.filter(pk__in=intakes.values("round")).select_related(
        "version__questionnaire"
    )


def overview(*, user) -> dict:
    """The intake's start page: the rounds the user takes part in (with each department's
    state and how many offices have submitted) and the responses waiting for the user."""
    intakes = (
        DepartmentIntake.objects.visible_to(user)
        .select_related("department")
        .annotate(
            offices=Count("responses"),
            submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)),
        )
        .order_by("department__name")
    )
    rounds = list(rounds_visible_to(user).prefetch_related(Prefetch("intakes", queryset=intakes)))
    mine = (
        Response.objects.editable_by(user)
        .exclude(state=ResponseState.SUBMITTED)
        .filter(
            intake__state__in=[
                DepartmentIntake.State.OPEN,
                DepartmentIntake.State.CHANGES_REQUESTED,
            ]
        )
        .select_related("unit", "intake__department", "intake__round")
        .order_by("intake__round__deadline", "unit__name")
    )
    access = access_for(user)
    if access.is_central:
        mine = mine.none()  # RDS sees every office in the rounds, not as a to-do list
    return {
        "rounds": rounds,
        "my_responses": list(mine),
        "today": timezone.localdate(),
        "can_manage": access.is_central,
    }


def round_get(*, user, pk) -> Round:
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def intake_get(*, user, pk) -> DepartmentIntake:
    return get_object_or_404(
        DepartmentIntake.objects.visible_to(user).select_related(
            "department", "round__version__questionnaire"
        ),
        pk=pk,
    )


def response_get(*, user, pk) -> Response:
    return get_object_or_404(
        Response.objects.visible_to(user).select_related(
            "unit", "intake__department", "intake__round__version__questionnaire", "updated_by"
        ),
        pk=pk,
    )


# --- questionnaires (the central unit's editor) ------------------------------------------


def questionnaire_list():
    """Every questionnaire with its versions, newest first, each with how many rounds use it."""
    versions = QuestionnaireVersion.objects.select_related("published_by").annotate(
        round_count=Count("rounds")
    )
    return Questionnaire.objects.prefetch_related(Prefetch("versions", queryset=versions))


def questionnaire_get(*, pk) -> Questionnaire:
    return get_object_or_404(questionnaire_list(), pk=pk)


def version_get(*, pk) -> QuestionnaireVersion:
    return get_object_or_404(
        QuestionnaireVersion.objects.select_related("questionnaire", "published_by", "based_on"),
        pk=pk,
    )


def section_get(*, pk) -> Section:
    return get_object_or_404(Section.objects.select_related("version__questionnaire"), pk=pk)


def question_get(*, pk) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section", "version__questionnaire"), pk=pk
    )


def version_draft(version: QuestionnaireVersion) -> QuestionnaireVersion | None:
    """The questionnaire's draft, if it has one (there is at most one)."""
    return version.questionnaire.versions.filter(state=QuestionnaireVersion.State.DRAFT).first()


def question_dependents(question: Question):
    """The questions of the same version shown only depending on ``question``."""
    return question.version.questions.filter(condition_key=question.key).order_by(
        "section__position", "position"
    )


def condition_in_words(question: Question, by_key: dict) -> str:
    """“only if ‘In which areas …’ = Competences”, or "" for a question always shown."""
    if not question.condition_key:
        return ""
    other = by_key.get(question.condition_key)
    if other is None:
        return _("only if question “%(key)s” (missing) = %(answer)s") % {
            "key": question.condition_key,
            "answer": question.condition_value,
        }
    if other.kind == Question.Kind.YES_NO:
        answer = {answers.YES: _("Yes"), answers.NO: _("No")}.get(
            question.condition_value, question.condition_value
        )
    else:
        answer = other.option_label(question.condition_value)
    return _("only if “%(question)s” = %(answer)s") % {
        "question": Truncator(other.text).chars(60),
        "answer": answer,
    }


def version_contents(version: QuestionnaireVersion) -> list[Section]:
    """The version's sections, each with ``items``: its questions in order, each with
    ``condition_text`` (the display condition in words)."""
    sections = list(version.sections.order_by("position", "pk"))
    questions = list(version.questions.order_by("section__position", "section", "position", "pk"))
    by_key = {question.key: question for question in questions}
    for section in sections:
        section.items = []
    by_section = {section.pk: section for section in sections}
    for question in questions:
        question.condition_text = condition_in_words(question, by_key)
        by_section[question.section_id].items.append(question)
    return sections
