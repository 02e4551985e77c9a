"""The intake's Excel files: a round's answers (one row per office and question, one sheet per
"list of projects" question, the progress of every office) and a round-over-round comparison.
Rows are built from what the reader may see; core.excel writes them."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.excel import SHEET_TITLE_LENGTH, write_workbook
from intake import answers
from intake.comparison import Comparison
from intake.models import Answer, ProjectEntry, Question, Round
from organisation.models import Department
from projects.models import Project

NOT_IN_A_SHEET_TITLE = re.compile(r"[\[\]:*?/\\]")


def _label(choices, value) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _joined(values) -> str:
    return "; ".join(str(value) for value in values or ())


def _sheet_title(title: str, taken: set[str]) -> str:
    title = NOT_IN_A_SHEET_TITLE.sub("-", title)[:SHEET_TITLE_LENGTH]
    candidate, number = title, 2
    while candidate.casefold() in taken:
        suffix = f" {number}"
        candidate = title[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(candidate.casefold())
    return candidate


def _stamp() -> str:
    return timezone.localtime().strftime("%Y-%m-%d")


# --- a round's answers -----------------------------------------------------------------


def round_file_name(intake_round: Round) -> str:
    return f"erfassungsrunde-{intake_round.pk}-{_stamp()}.xlsx"


def round_workbook(intake_round: Round, responses) -> bytes:
    """``responses``: the round's responses the reader may see (a queryset)."""
    responses = list(
        responses.filter(intake__round=intake_round)
        .select_related("unit", "intake__department")
        .order_by("intake__department__name", "unit__name", "pk")
    )
    ids = [response.pk for response in responses]
    questions = list(
        Question.objects.filter(version=intake_round.version_id)
        .select_related("section")
        .order_by(*Question._meta.ordering)
    )
    values: dict[int, dict] = {}
    for answer in Answer.objects.filter(response__in=ids).only("response_id", "key", "value"):
        values.setdefault(answer.response_id, {})[answer.key] = answer.value
    entries: dict[int, dict] = {}
    for entry in ProjectEntry.objects.filter(response__in=ids).order_by(
        "response", "key", "position", "pk"
    ):
        entries.setdefault(entry.response_id, {}).setdefault(entry.key, []).append(entry)

    def answer_rows():
        for response in responses:
            for question in questions:
                if question.kind == Question.Kind.PROJECTS:
                    listed = entries.get(response.pk, {}).get(question.key, [])
                    text = _joined(entry.snapshot.get("title", "") for entry in listed)
                else:
                    text = answers.display(question, values.get(response.pk, {}).get(question.key))
                yield (
                    response.intake.department.name,
                    response.unit.name,
                    response.get_state_display(),
                    question.section.title,
                    question.key,
                    question.text,
                    text,
                )

    def entry_rows(key):
        for response in responses:
            for entry in entries.get(response.pk, {}).get(key, []):
                snapshot = entry.snapshot
                yield (
                    response.intake.department.name,
                    response.unit.name,
                    snapshot.get("title", ""),
                    _label(Project.Kind, snapshot.get("kind")),
                    _label(Project.Status, snapshot.get("status")),
                    _label(Project.Financing, snapshot.get("financing")),
                    _label(Project.Influence, snapshot.get("influence")),
                    _joined(snapshot.get("goals")),
                    _joined(snapshot.get("fields_of_action")),
                    snapshot.get("external_partners", ""),
                    snapshot.get("project_id"),
                )

    def progress_rows():
        for response in responses:
            yield (
                response.intake.department.name,
                response.unit.name,
                response.get_state_display(),
                response.required_answered,
                response.required_total,
                response.updated_at,
            )

    taken: set[str] = set()
    sheets = [
        (
            _sheet_title(_("Answers"), taken),
            [
                _("Department"),
                _("Organisational unit"),
                _("State"),
                _("Section"),
                _("Key"),
                _("Question"),
                _("Answer"),
            ],
            answer_rows(),
        )
    ]
    for question in questions:
        if question.kind != Question.Kind.PROJECTS:
            continue
        sheets.append(
            (
                _sheet_title(pgettext("intake", "Projects") + f" ({question.key})", taken),
                [
                    _("Department"),
                    _("Organisational unit"),
                    _("Title"),
                    _("Type"),
                    _("Status"),
                    _("Financing"),
                    _("Influence"),
                    _("Goals"),
                    _("Fields of action"),
                    _("External partners"),
                    _("Project ID"),
                ],
                entry_rows(question.key),
            )
        )
    sheets.append(
        (
            _sheet_title(_("Progress"), taken),
            [
                _("Department"),
                _("Organisational unit"),
                _("State"),
                _("Required questions answered"),
                _("Required questions"),
                _("Last edit"),
            ],
            progress_rows(),
        )
    )
    return write_workbook(sheets)


# --- a comparison ----------------------------------------------------------------------


def comparison_file_name(department: Department) -> str:
    return f"vergleich-{department.slug}-{_stamp()}.xlsx"


def comparison_workbook(comparison: Comparison) -> bytes:
    earlier, later = comparison.earlier, comparison.later
    summary = comparison.summary
    overview = [
        (_("Department"), later.department.name),
        (_("Earlier intake round"), earlier.round.title),
        (_("Later intake round"), later.round.title),
        (_("Organisational units"), summary.offices),
        *((_("Answers: %(change)s") % {"change": label}, n) for label, n in summary.answer_rows),
        *((_("Projects: %(change)s") % {"change": label}, n) for label, n in summary.project_rows),
    ]
    projects = (
        (
            project.title,
            project.change_label,
            project.earlier_status,
            project.later_status,
            project.earlier_financing,
            project.later_financing,
            _joined(project.offices),
            project.project_id,
        )
        for project in comparison.projects
    )
    answer_rows = (
        (
            office.name,
            answer.section,
            answer.key,
            answer.text,
            answer.change_label,
            answer.earlier,
            answer.later,
        )
        for office in comparison.offices
        for answer in office.answers
    )
    return write_workbook(
        [
            (pgettext("intake", "Overview"), [_("What"), _("Value")], overview),
            (
                pgettext("intake", "Projects"),
                [
                    _("Title"),
                    _("Change"),
                    _("Status before"),
                    _("Status now"),
                    _("Financing before"),
                    _("Financing now"),
                    _("Organisational units"),
                    _("Project ID"),
                ],
                projects,
            ),
            (
                _("Answers"),
                [
                    _("Organisational unit"),
                    _("Section"),
                    _("Key"),
                    _("Question"),
                    _("Change"),
                    _("Earlier: %(round)s") % {"round": earlier.round.title},
                    _("Later: %(round)s") % {"round": later.round.title},
                ],
                answer_rows,
            ),
        ]
    )
