"""What an answer is, per question type: how it is stored (JSON), when it counts as given,
when a question is shown, and how it reads in German on a page or in a spreadsheet.

Stored values:

========================  ==============================================
short text, long text     the text
single choice             the option's key
multiple choice           a list of option keys
scale 1–5                 an integer 1 … 5
number                    the number as text ("12500.5"), exact
yes/no with a reason      {"answer": "ja" | "nein", "reason": "…"}
date                      ISO date "2026-03-31"
list of projects          no answer row: the response's ProjectEntry rows
========================  ==============================================
"""

import hashlib
import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

from intake.models import Question

YES, NO = "ja", "nein"
SCALE = range(1, 6)


def is_given(question: Question, value, *, entries: int = 0) -> bool:
    """Whether ``value`` answers ``question`` (required questions are checked with it)."""
    if question.kind == Question.Kind.PROJECTS:
        return entries > 0
    if value is None or value == "" or value == []:
        return False
    if question.kind == Question.Kind.YES_NO:
        return isinstance(value, dict) and value.get("answer") in (YES, NO)
    return True


def matches(question: Question, value, expected: str) -> bool:
    """Whether the answer ``value`` to ``question`` is ``expected`` (a display condition)."""
    if value is None:
        return False
    if question.kind == Question.Kind.MULTIPLE_CHOICE:
        return expected in (value or [])
    if question.kind == Question.Kind.YES_NO:
        return isinstance(value, dict) and value.get("answer") == expected
    return str(value) == expected


def shown(questions: list[Question], values: dict) -> set[str]:
    """The keys of the questions shown for these answers: a question with a condition only
    when the question it names is shown and has the expected answer."""
    by_key = {question.key: question for question in questions}
    visible: set[str] = set()
    for question in questions:  # conditions name earlier questions (checked on publishing)
        if not question.condition_key:
            visible.add(question.key)
            continue
        other = by_key.get(question.condition_key)
        if (
            other is not None
            and other.key in visible
            and matches(other, values.get(other.key), question.condition_value)
        ):
            visible.add(question.key)
    return visible


def completeness(questions: list[Question], values: dict, entries: dict) -> tuple[int, int]:
    """(answered, total) of the required questions shown."""
    visible = shown(questions, values)
    required = [q for q in questions if q.required and q.key in visible]
    answered = sum(
        1 for q in required if is_given(q, values.get(q.key), entries=entries.get(q.key, 0))
    )
    return answered, len(required)


def missing(questions: list[Question], values: dict, entries: dict) -> list[Question]:
    visible = shown(questions, values)
    return [
        q
        for q in questions
        if q.required
        and q.key in visible
        and not is_given(q, values.get(q.key), entries=entries.get(q.key, 0))
    ]


def fingerprint(value) -> str:
    """A short mark of a stored value: the form carries it, so a save knows which answers
    the editor changed (and which someone else changed meanwhile)."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def normalise(question: Question, value):
    """The stored form of a cleaned form value (``None`` for no answer)."""
    kind = question.kind
    if kind == Question.Kind.YES_NO:
        answer, reason = value or (None, "")
        reason = (reason or "").strip()
        if answer not in (YES, NO) and not reason:
            return None
        return {"answer": answer if answer in (YES, NO) else "", "reason": reason}
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return list(value) or None
    if kind == Question.Kind.SCALE:
        return int(value) if value not in (None, "") else None
    if kind == Question.Kind.NUMBER:
        return None if value is None else format(Decimal(value).normalize(), "f")
    if kind == Question.Kind.DATE:
        return value.isoformat() if value else None
    if isinstance(value, str):
        value = value.strip()
    return value or None


def display(question: Question, value) -> str:
    """The answer as a person reads it (pages, spreadsheets)."""
    if value in (None, "", []):
        return ""
    kind = question.kind
    if kind == Question.Kind.SINGLE_CHOICE:
        return question.option_label(value)
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return "; ".join(question.option_label(key) for key in value)
    if kind == Question.Kind.YES_NO:
        answer = {YES: _("Yes"), NO: _("No")}.get(value.get("answer"), "")
        reason = value.get("reason", "")
        return f"{answer}: {reason}" if answer and reason else answer or reason
    if kind == Question.Kind.SCALE:
        return f"{value} / 5"
    if kind == Question.Kind.NUMBER:
        try:
            return formats.number_format(Decimal(value), use_l10n=True, force_grouping=True)
        except (InvalidOperation, TypeError):
            return str(value)
    if kind == Question.Kind.DATE:
        try:
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    return str(value)
