"""``{% workspace_needs department as needs %}``: a workspace's open needs by category, for its
overview page (``templates/needs/_workspace_needs.html``), in one query."""

from django import template

from needs import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_needs(context, department):
    return selectors.workspace_needs(user=context["request"].user, department=department)
