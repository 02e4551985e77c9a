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
