from django import template

from core import markdown as md

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """``{{ workshop.minutes|markdown }}``: the text rendered safely (see core.markdown)."""
    return md.render(text or "")
