from django import template

from core import markdown as md

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, top=2):
    """``{{ page.body|markdown }}``: the text rendered safely (see core.markdown);
    ``{{ workshop.minutes|markdown:3 }}`` for text inside a section (its "#" become <h3>)."""
    return md.render(text or "", top=int(top))
