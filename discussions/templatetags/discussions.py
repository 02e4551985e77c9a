from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from discussions.services import MENTION

register = template.Library()


@register.filter
def mentions(body: str):
    """A comment's text, escaped, with each @name set off so readers see who was named."""
    escaped = str(escape(body or ""))
    return mark_safe(MENTION.sub(r'<strong class="mention">@\1</strong>', escaped))  # noqa: S308 (escaped above)
