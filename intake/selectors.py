"""Reads of the status-quo intake, always within the reader's scope."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from access.rights import MembershipRole, access_for
from discussions.models import Comment, Thread
from intake import answers, services
from intake.models import (
    DepartmentIntake,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    Section,
)
from projects.models import Project

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
    without_office = [
        department
        for department, role in access.memberships.items()
        if role == MembershipRole.STAFF and department not in access.offices
    ]
    return {
        "rounds": rounds,
        "my_responses": list(mine),
        "without_office": bool(without_office),
        "today": timezone.localdate(),
        "can_manage": access.is_central,
    }


def workspace_intakes(*, user, department) -> list:
    """The department's intakes the user sees, newest round first, with how many offices
    have submitted (for the workspace page)."""
    return list(
        DepartmentIntake.objects.visible_to(user)
        .filter(department=department)
        .select_related("round")
        .annotate(
            offices=Count("responses"),
            submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)),
        )
        .order_by("-round__opened_at", "-pk")
    )


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


def responses_visible_to(user):
    return Response.objects.visible_to(user)


def questions_of(response) -> list:
    """The questions of the response's round, in order, with their sections (cached on the
    response: several parts of a page ask)."""
    cached = getattr(response, "_questions", None)
    if cached is None:
        cached = list(
            response.intake.round.version.questions.select_related("section").order_by(
                "section__position", "section_id", "position", "pk"
            )
        )
        response._questions = cached
    return cached


def values_of(response) -> dict:
    return dict(response.answers.values_list("key", "value"))


def _open_threads_count():
    content_type = ContentType.objects.get_for_model(Response)
    return Coalesce(
        Subquery(
            Thread.objects.filter(
                content_type=content_type, object_id=OuterRef("pk"), resolved_at__isnull=True
            )
            .values("object_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


def _progress_rows(responses):
    return (
        responses.select_related("unit", "updated_by", "intake__department")
        .annotate(
            entries=Count("project_entries", distinct=True), open_threads=_open_threads_count()
        )
        .order_by("intake__department__name", "unit__name")
    )


def round_progress(*, user, intake_round) -> dict:
    """Per department of the round (those the user sees) and per office (those the user
    sees): state, completeness, projects listed, last edit, open comments. A fixed number
    of queries, whatever the number of offices."""
    intakes = list(
        DepartmentIntake.objects.visible_to(user)
        .filter(round=intake_round)
        .select_related("department")
        .order_by("department__name")
    )
    rows = _progress_rows(Response.objects.visible_to(user).filter(intake__round=intake_round))
    by_intake: dict[int, list] = {intake.pk: [] for intake in intakes}
    for response in rows:
        if response.intake_id in by_intake:
            by_intake[response.intake_id].append(response)
    states = Response.State
    for intake in intakes:
        intake.rows = by_intake[intake.pk]
        intake.counts = {
            state: sum(1 for row in intake.rows if row.state == state) for state in states.values
        }
    access = access_for(user)
    return {
        "round": intake_round,
        "intakes": intakes,
        "today": timezone.localdate(),
        "days_left": (intake_round.deadline - timezone.localdate()).days,
        "can_remind": access.is_central
        or any(intake.department_id in access.coordinated_department_ids for intake in intakes),
        "state_choices": states.choices,
    }


def intake_overview(*, user, intake) -> dict:
    """A department's intake: its offices, the steps the user may take, the record."""
    rows = list(_progress_rows(Response.objects.visible_to(user).filter(intake=intake)))
    access = access_for(user)
    coordinates = services.may_coordinate(user, intake)
    State = DepartmentIntake.State
    all_in = bool(rows) and all(row.state == Response.State.SUBMITTED for row in rows)
    return {
        "intake": intake,
        "rows": rows,
        "events": intake.events.select_related("actor", "response__unit").order_by("-at", "-pk")[
            :50
        ],
        "can_submit": coordinates and intake.state in (State.OPEN, State.CHANGES_REQUESTED),
        "all_in": all_in,
        "can_review": access.is_central and intake.state == State.SUBMITTED,
        "can_request_changes": access.is_central
        and intake.state in (State.SUBMITTED, State.REVIEWED),
        "can_accept": access.is_central and intake.state == State.REVIEWED,
        "can_reopen": access.is_central
        and intake.state in (State.SUBMITTED, State.REVIEWED, State.ACCEPTED),
        "rows_with_comments": [row.pk for row in rows if row.open_threads],
        "today": timezone.localdate(),
    }


def response_view(*, user, response) -> dict:
    """A response as a page shows it: sections with their questions, the answers in words,
    the projects listed, the comment threads per answer, and what the user may do."""
    questions = questions_of(response)
    values = values_of(response)
    entries: dict[str, list] = {}
    for entry in response.project_entries.select_related("project").order_by(
        "key", "position", "pk"
    ):
        entries.setdefault(entry.key, []).append(entry)
    visible = answers.shown(questions, values)
    threads: dict[str, list] = {}
    for thread in (
        Thread.objects.about(response)
        .select_related("created_by", "resolved_by")
        .prefetch_related(Prefetch("comments", queryset=Comment.objects.select_related("author")))
    ):
        threads.setdefault(thread.anchor, []).append(thread)
    sections = []
    for question in questions:
        if not sections or sections[-1]["section"].pk != question.section_id:
            sections.append({"section": question.section, "items": []})
        sections[-1]["items"].append(
            {
                "question": question,
                "shown": question.key in visible,
                "text": answers.display(question, values.get(question.key)),
                "given": answers.is_given(
                    question, values.get(question.key), entries=len(entries.get(question.key, ()))
                ),
                "entries": entries.get(question.key, []),
                "threads": threads.get(question.key, []),
            }
        )
    access = access_for(user)
    may_fill = services.may_fill_in(user, response)
    return {
        "response": response,
        "intake": response.intake,
        "sections": sections,
        "general_threads": threads.get("", []),
        "project_questions": [q for q in questions if q.kind == q.Kind.PROJECTS],
        "missing": answers.missing(
            questions, values, {key: len(items) for key, items in entries.items()}
        ),
        "may_fill_in": may_fill,
        "may_comment": access.is_central,
        "may_reply": services.may_discuss(user, response),
        "may_resolve": access.is_central,
        "may_coordinate": services.may_coordinate(user, response.intake),
        "open_thread_count": sum(
            1 for items in threads.values() for thread in items if not thread.is_resolved
        ),
    }


def projects_to_pick(*, user, response, key):
    """Projects of the workspace the user may edit and could take into the list: the
    office's own and those without a lead office first."""
    return (
        Project.objects.editable_by(user)
        .filter(department=response.intake.department_id, archived_at__isnull=True)
        .exclude(intake_entries__response=response, intake_entries__key=key)
        .select_related("lead_unit")
        .order_by("title")
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
