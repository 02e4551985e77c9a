"""``{% project_offerings project can_edit as section %}``: the offerings a project uses, for
the project's page (``templates/offerings/_project_offerings.html``); None for readers who do
not see offerings (external partners). ``can_edit``: whether the reader may edit the project,
as the page has asked it already."""

from django import template

from offerings import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def project_offerings(context, project, can_edit):
    return selectors.project_offerings(
        user=context["request"].user, project=project, editable=bool(can_edit)
    )
