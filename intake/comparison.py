"""Round-over-round comparison of one department: what changed per question and office, and
which projects are new, dropped or changed their status or financing.

Answers are matched by the question's stable ``key`` (so rounds on different questionnaire
versions compare), offices by their unit, projects by the project they name (else by the
title, case-folded). Everything is read in a fixed number of queries, whatever the number of
offices: the questions of both versions in one, the responses in one, the answers and the
project entries of each intake in one each.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection, models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy

from core.text import name_key
from intake import answers
from intake.models import Answer, DepartmentIntake, ProjectEntry, Question, Response
from projects.models import Project


class Change(models.TextChoices):
    NEW = "neu", gettext_lazy("new")
    DROPPED = "entfallen", gettext_lazy("dropped")
    CHANGED = "geaendert", gettext_lazy("changed")
    UNCHANGED = "unveraendert", gettext_lazy("unchanged")


# Changes first on the page and in the spreadsheet.
ORDER = {Change.NEW: 0, Change.DROPPED: 1, Change.CHANGED: 2, Change.UNCHANGED: 3}
EMPTY = (None, "null", '""', "[]")  # no answer, as JSON text
EMPTY_VALUES = (None, "", [])
# The KERN badge a change is shown with.
BADGE = {Change.NEW: "success", Change.DROPPED: "danger", Change.CHANGED: "warning",
         Change.UNCHANGED: "info"}  # fmt: skip


@dataclass
class AnswerChange:
    """One question of one office in both rounds. The values read as text only when asked:
    a page shows the changed answers, so the unchanged thousands are never formatted."""

    question: Question
    change: Change
    earlier_raw: str | None = None  # the stored value as JSON text (for a list of projects:
    later_raw: str | None = None  # the titles)

    @property
    def earlier_value(self):
        return _decode(self.earlier_raw)

    @property
    def later_value(self):
        return _decode(self.later_raw)

    @property
    def key(self) -> str:
        return self.question.key

    @property
    def section(self) -> str:
        return self.question.section.title

    @property
    def text(self) -> str:
        return self.question.text

    @cached_property
    def earlier(self) -> str:
        return _text(self.question, self.earlier_raw)

    @cached_property
    def later(self) -> str:
        return _text(self.question, self.later_raw)

    @property
    def change_label(self) -> str:
        return str(self.change.label)

    @property
    def badge(self) -> str:
        return BADGE[self.change]


@dataclass
class OfficeComparison:
    unit_id: int
    name: str
    earlier_state: str  # the response's state (label), empty when the office was not asked
    later_state: str
    answers: list[AnswerChange] = field(default_factory=list)
    # Not started in the later round yet: nothing to compare (its answers are not "dropped").
    pending: bool = False  # unchanged ones if asked for
    unchanged_count: int = 0

    @property
    def changed(self) -> list[AnswerChange]:
        return [answer for answer in self.answers if answer.change != Change.UNCHANGED]


@dataclass
class ProjectChange:
    title: str
    change: Change
    offices: list[str]
    project_id: int | None
    earlier_status: str = ""
    later_status: str = ""
    earlier_financing: str = ""
    later_financing: str = ""
    status_changed: bool = False
    financing_changed: bool = False

    @property
    def change_label(self) -> str:
        return str(self.change.label)

    @property
    def badge(self) -> str:
        return BADGE[self.change]


@dataclass
class Summary:
    offices: int
    answers: dict[str, int]  # Change value -> count
    projects: dict[str, int]

    @property
    def answer_rows(self) -> list[tuple[str, int]]:
        return [(str(change.label), self.answers.get(change.value, 0)) for change in Change]

    @property
    def project_rows(self) -> list[tuple[str, int]]:
        return [(str(change.label), self.projects.get(change.value, 0)) for change in Change]


@dataclass
class Comparison:
    earlier: DepartmentIntake
    later: DepartmentIntake
    offices: list[OfficeComparison]
    projects: list[ProjectChange]
    summary: Summary


def _label(choices, value, cache: dict | None = None) -> str:
    if not value:
        return ""
    if cache is not None and (choices, value) in cache:
        return cache[choices, value]
    try:
        label = str(choices(value).label)
    except ValueError:  # a value the choices no longer know: show it as stored
        label = str(value)
    if cache is not None:
        cache[choices, value] = label
    return label


def _questions(earlier, later) -> list[Question]:
    """Keys of both versions, in the later version's order (then the earlier's): the question
    each key stands for, taken from the later version where it has it."""
    versions = {earlier.round.version_id, later.round.version_id}
    rows = list(
        Question.objects.filter(version__in=versions)
        .select_related("section")
        .order_by(*Question._meta.ordering)
    )
    by_key: dict[str, Question] = {}
    for version in (later.round.version_id, earlier.round.version_id):
        for question in rows:
            if question.version_id == version:
                by_key.setdefault(question.key, question)
    return list(by_key.values())


def _text(question: Question, raw: str | None) -> str:
    value = _decode(raw)
    if question.kind == Question.Kind.PROJECTS:
        return "; ".join(value or ())
    return answers.display(question, value)


def _encode(titles: list[str] | None) -> str | None:
    return None if titles is None else json.dumps(titles, ensure_ascii=False)


def _decode(raw: str | None):
    return None if raw is None else json.loads(raw)


def _answer_change(earlier: str | None, later: str | None) -> Change:
    """Compared as stored (one form per answer, see answers.normalise), not as displayed.
    The JSON text is compared first: thousands of answers are not decoded to find the few
    that changed (a different text may still be the same value, e.g. keys in another
    order, so those are decoded)."""
    if earlier == later:
        return Change.UNCHANGED
    earlier_empty, later_empty = earlier in EMPTY, later in EMPTY
    if earlier_empty or later_empty:
        if earlier_empty and later_empty:
            return Change.UNCHANGED
        return Change.NEW if earlier_empty else Change.DROPPED
    if not (earlier.startswith("{") and later.startswith("{")):
        return Change.CHANGED  # one JSON text per value (only an object's keys may move)
    before, after = _decode(earlier), _decode(later)
    if before in EMPTY_VALUES or after in EMPTY_VALUES:  # e.g. stored as a JSON null
        if before in EMPTY_VALUES and after in EMPTY_VALUES:
            return Change.UNCHANGED
        return Change.NEW if before in EMPTY_VALUES else Change.DROPPED
    return Change.UNCHANGED if before == after else Change.CHANGED


def _differing(earlier_ids: list[int], later_ids: list[int]) -> dict:
    """unit -> key -> (earlier, later) JSON text of the answers of two sets of responses that
    differ, on PostgreSQL: paired by office and question key in the database (a full join),
    compared as stored (jsonb by value), missing on one side included. What differs only in
    form (a JSON null against no answer) is settled by the caller."""
    answer, response = Answer._meta.db_table, Response._meta.db_table
    text, differ = "{}.value::text", "e.value IS DISTINCT FROM l.value"  # PostgreSQL

    def side(ids):
        marks = ", ".join(["%s"] * len(ids)) or "NULL"
        return (
            f"SELECT r.unit_id AS unit_id, a.key AS key, a.value AS value FROM {answer} a "  # noqa: S608 (table names and placeholders; ids are parameters)
            f"JOIN {response} r ON r.id = a.response_id WHERE a.response_id IN ({marks})"
        )

    sql = (
        f"SELECT COALESCE(e.unit_id, l.unit_id), COALESCE(e.key, l.key), "  # noqa: S608 (as above)
        f"{text.format('e')}, {text.format('l')} "
        f"FROM ({side(earlier_ids)}) e FULL OUTER JOIN ({side(later_ids)}) l "
        f"ON e.unit_id = l.unit_id AND e.key = l.key WHERE {differ}"
    )
    found: dict[int, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*earlier_ids, *later_ids])
        for unit_id, key, before, after in cursor.fetchall():
            found.setdefault(unit_id, {})[key] = (before, after)
    return found


def _project_identity(snapshot: dict) -> tuple:
    return snapshot.get("project_id"), name_key(snapshot.get("title", ""))


def _projects(earlier_entries, later_entries, unit_names) -> list[ProjectChange]:
    """Projects across the department, each once (the first office listing it names it)."""

    def collect(entries):
        found: dict[tuple, dict] = {}
        for unit_id, snapshot in entries:
            project_id, title = _project_identity(snapshot)
            identity = ("id", project_id) if project_id else ("title", title)
            item = found.setdefault(identity, {"snapshot": snapshot, "offices": []})
            office = unit_names.get(unit_id, "")
            if office not in item["offices"]:
                item["offices"].append(office)
        return found

    before, after = collect(earlier_entries), collect(later_entries)
    labels: dict = {}
    by_title = {name_key(item["snapshot"].get("title", "")): key for key, item in before.items()}
    matched: set[tuple] = set()
    changes = []
    for identity, item in after.items():
        now = item["snapshot"]
        then_key = identity if identity in before else None
        if then_key is None or then_key in matched:
            candidate = by_title.get(name_key(now.get("title", "")))
            then_key = candidate if candidate is not None and candidate not in matched else None
        project = ProjectChange(
            title=now.get("title", ""),
            change=Change.NEW,
            offices=item["offices"],
            project_id=now.get("project_id"),
            later_status=_label(Project.Status, now.get("status"), labels),
            later_financing=_label(Project.Financing, now.get("financing"), labels),
        )
        if then_key is not None:
            matched.add(then_key)
            then = before[then_key]["snapshot"]
            project.earlier_status = _label(Project.Status, then.get("status"), labels)
            project.earlier_financing = _label(Project.Financing, then.get("financing"), labels)
            project.status_changed = then.get("status") != now.get("status")
            project.financing_changed = then.get("financing") != now.get("financing")
            changed = project.status_changed or project.financing_changed
            project.change = Change.CHANGED if changed else Change.UNCHANGED
        changes.append(project)
    for identity, item in before.items():
        if identity in matched:
            continue
        then = item["snapshot"]
        changes.append(
            ProjectChange(
                title=then.get("title", ""),
                change=Change.DROPPED,
                offices=item["offices"],
                project_id=then.get("project_id"),
                earlier_status=_label(Project.Status, then.get("status"), labels),
                earlier_financing=_label(Project.Financing, then.get("financing"), labels),
            )
        )
    changes.sort(key=lambda project: (ORDER[project.change], name_key(project.title)))
    return changes


def compare(
    earlier: DepartmentIntake,
    later: DepartmentIntake,
    *,
    responses=None,
    unchanged: bool = True,
) -> Comparison:
    """``later`` against ``earlier`` (two intakes of one department). ``responses``: the
    responses the reader may see (a queryset, e.g. ``Response.objects.visible_to(user)``);
    by default all of both intakes. ``unchanged=False``: unchanged answers are only counted
    (a page shows the changes; thousands of unchanged answers are not kept)."""
    responses = Response.objects.all() if responses is None else responses
    responses = list(
        responses.filter(intake__in=[earlier.pk, later.pk])
        .select_related("unit")
        .order_by("unit__name", "unit_id")
    )
    ids = {earlier.pk: [], later.pk: []}
    for response in responses:
        ids[response.intake_id].append(response.pk)
    questions = _questions(earlier, later)
    order = {question.pk: position for position, question in enumerate(questions)}
    unit_names = {response.unit_id: response.unit.name for response in responses}

    # response -> key -> stored value as JSON text; (intake, unit) -> the response's values
    by_response: dict[int, dict] = {response.pk: {} for response in responses}
    values = {(r.intake_id, r.unit_id): by_response[r.pk] for r in responses}
    titles: dict[tuple[int, int], dict] = {}  # (intake, unit) -> key -> [project titles]
    all_entries: dict[int, list[tuple]] = {earlier.pk: [], later.pk: []}  # (unit, snapshot)
    response_of = {response.pk: response for response in responses}
    # A page keeps only what changed. On PostgreSQL the database pairs the answers and sends
    # only those that differ (a few hundred of thousands); SQLite, in the process, pairs
    # them faster in Python (its full join of two derived tables finds no index). The
    # Excel file, with every answer, reads them all.
    paired_in_the_database = not unchanged and connection.vendor == "postgresql"
    differing = _differing(ids[earlier.pk], ids[later.pk]) if paired_in_the_database else None
    for intake in (earlier, later):
        if differing is None:
            rows = (
                Answer.objects.filter(response__in=ids[intake.pk])
                .annotate(raw=Cast("value", TextField()))
                .order_by()
                .values_list("response_id", "key", "raw")
            )
            for response_id, key, raw in rows:
                by_response[response_id][key] = raw
        entries = (
            ProjectEntry.objects.filter(response__in=ids[intake.pk])
            .order_by("response", "key", "position", "pk")
            .values_list("response_id", "key", "snapshot")
        )
        for response_id, key, snapshot in entries:
            unit_id = response_of[response_id].unit_id
            all_entries[intake.pk].append((unit_id, snapshot))
            listed = titles.setdefault((intake.pk, unit_id), {})
            listed.setdefault(key, []).append(snapshot.get("title", ""))

    state_labels = {value: str(label) for value, label in Response.State.choices}
    states = {(r.intake_id, r.unit_id): state_labels.get(r.state, r.state) for r in responses}
    pending_units = {
        r.unit_id
        for r in responses
        if r.intake_id == later.pk and r.state == Response.State.NOT_STARTED
    }
    plain = [(q, q.key) for q in questions if q.kind != Question.Kind.PROJECTS]
    listing = [(q, q.key) for q in questions if q.kind == Question.Kind.PROJECTS]
    offices = []
    answer_counts: Counter = Counter()
    no_values: dict = {}
    for unit_id, name in sorted(unit_names.items(), key=lambda item: (item[1], item[0])):
        office = OfficeComparison(
            unit_id=unit_id,
            name=name,
            earlier_state=states.get((earlier.pk, unit_id), ""),
            later_state=states.get((later.pk, unit_id), ""),
        )
        if unit_id in pending_units:
            office.pending = True
            offices.append(office)
            continue
        before_titles = titles.get((earlier.pk, unit_id), no_values)
        after_titles = titles.get((later.pk, unit_id), no_values)
        if differing is None:
            before_values = values.get((earlier.pk, unit_id), no_values)
            after_values = values.get((later.pk, unit_id), no_values)
            pairs = [(q, before_values.get(key), after_values.get(key)) for q, key in plain]
        else:  # answers the database found equal are unchanged, and only counted
            found = differing.get(unit_id, no_values)
            pairs = [(q, *found[key]) for q, key in plain if key in found]
            office.unchanged_count += len(plain) - len(pairs)
        pairs += [
            (q, _encode(before_titles.get(key)), _encode(after_titles.get(key)))
            for q, key in listing
        ]
        for question, before, after in pairs:
            # Most answers are the same text in both rounds: settled without a call.
            change = Change.UNCHANGED if before == after else _answer_change(before, after)
            if change == Change.UNCHANGED:
                office.unchanged_count += 1
                if not unchanged:
                    continue
            else:
                answer_counts[change.value] += 1
            office.answers.append(AnswerChange(question, change, before, after))
        office.answers.sort(key=lambda answer: order[answer.question.pk])
        answer_counts[Change.UNCHANGED.value] += office.unchanged_count
        offices.append(office)

    # An office that has not started the later round drops none of its projects (yet).
    earlier_entries = [item for item in all_entries[earlier.pk] if item[0] not in pending_units]
    projects = _projects(earlier_entries, all_entries[later.pk], unit_names)
    summary = Summary(
        offices=len(offices),
        answers=dict(answer_counts),
        projects=dict(Counter(project.change.value for project in projects)),
    )
    return Comparison(
        earlier=earlier, later=later, offices=offices, projects=projects, summary=summary
    )
