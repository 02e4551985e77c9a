"""Rows of the comparison page written in Python: at 60 offices the page has hundreds of
changed answers, and the template language would take most of the request for them."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

BADGE = '<span class="kern-badge kern-badge--{}"><span class="kern-label">{}</span></span>'


@register.simple_tag
def answer_rows(answers):
    """One row per answer: question, change, earlier and later text."""
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="kern-table__cell">{}</th><td class="kern-table__cell">{}'
        '</td><td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td></tr>',
        (
            (
                answer.text,
                format_html(BADGE, answer.badge, answer.change_label),
                answer.earlier or "–",
                answer.later or "–",
            )
            for answer in answers
        ),
    )


def _before_after(before, after, changed, labels):
    if not changed:
        return after or before or "–"
    return format_html(
        '<del><span class="kern-sr-only">{} </span>{}</del> → '
        '<ins><span class="kern-sr-only">{} </span>{}</ins>',
        labels[0],
        before or "–",
        labels[1],
        after or "–",
    )


@register.simple_tag
def project_rows(projects, before_label, now_label):
    """One row per project: title, change, status and financing (before → now), offices."""
    labels = (before_label, now_label)
    return format_html_join(
        "\n",
        '<tr><th scope="row" class="kern-table__cell">{}</th><td class="kern-table__cell">{}'
        '</td><td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td>'
        '<td class="kern-table__cell">{}</td></tr>',
        (
            (
                project.title,
                format_html(BADGE, project.badge, project.change_label),
                _before_after(
                    project.earlier_status, project.later_status, project.status_changed, labels
                ),
                _before_after(
                    project.earlier_financing,
                    project.later_financing,
                    project.financing_changed,
                    labels,
                ),
                ", ".join(project.offices),
            )
            for project in projects
        ),
    )
