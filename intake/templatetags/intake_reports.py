"""Rows of the comparison page written in Python: at 60 offices the page has hundreds of
changed answers, and the template language would take most of the request for them. Texts
are escaped with the standard library's ``html.escape`` (Django's ``format_html`` costs a
lazy-string check per value, thousands of times a page); each change's badge is written once
per table."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

CELL = '<td class="kern-table__cell">{}</td>'


def _text(value) -> str:
    return escape(str(value), quote=True) if value not in (None, "") else "–"


def _badges(items) -> dict:
    """The badge of each change among ``items``, written once."""
    badges = {}
    for item in items:
        if item.change not in badges:
            badges[item.change] = (
                f'<span class="kern-badge kern-badge--{item.badge}">'
                f'<span class="kern-label">{escape(item.change_label)}</span></span>'
            )
    return badges


@register.simple_tag
def answer_rows(answers):
    """One row per answer: question, change, earlier and later text."""
    badges = _badges(answers)
    return mark_safe(  # noqa: S308 (every text in it is escaped above)
        "\n".join(
            f'<tr><th scope="row" class="kern-table__cell">{_text(answer.text)}</th>'
            f"{CELL.format(badges[answer.change])}{CELL.format(_text(answer.earlier))}"
            f"{CELL.format(_text(answer.later))}</tr>"
            for answer in answers
        )
    )


def _before_after(before, after, changed, labels) -> str:
    if not changed:
        return _text(after or before)
    return (
        f'<del><span class="kern-sr-only">{labels[0]} </span>{_text(before)}</del> → '
        f'<ins><span class="kern-sr-only">{labels[1]} </span>{_text(after)}</ins>'
    )


@register.simple_tag
def project_rows(projects, before_label, now_label):
    """One row per project: title, change, status and financing (before → now), offices."""
    labels = (escape(str(before_label)), escape(str(now_label)))
    badges = _badges(projects)
    rows = []
    for project in projects:
        status = _before_after(
            project.earlier_status, project.later_status, project.status_changed, labels
        )
        financing = _before_after(
            project.earlier_financing, project.later_financing, project.financing_changed, labels
        )
        rows.append(
            f'<tr><th scope="row" class="kern-table__cell">{_text(project.title)}</th>'
            f"{CELL.format(badges[project.change])}{CELL.format(status)}"
            f"{CELL.format(financing)}{CELL.format(_text(', '.join(project.offices)))}</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 (every text in it is escaped above)
