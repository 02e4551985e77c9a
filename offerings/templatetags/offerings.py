"""``{% project_offerings project as section %}``: the offerings a project uses, for the
project's page (``templates/offerings/_project_offerings.html``); None for readers who do not
see offerings (external partners)."""

from django import template

from offerings import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def project_offerings(context, project):
    return selectors.project_offerings(user=context["request"].user, project=project)
