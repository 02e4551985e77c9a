"""``{% project_offerings project can_edit as section %}``: the offerings a project uses, for
the project's page (``templates/offerings/_project_offerings.html``); None for readers who do
not see offerings (external partners). ``can_edit``: whether the reader may edit the project,
where the page knows it already."""

from django import template

from offerings import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def project_offerings(context, project, can_edit=None):
    known = can_edit if isinstance(can_edit, bool) else None  # "" where the page has none
    return selectors.project_offerings(
        user=context["request"].user, project=project, editable=known
    )
