"""``{% load handbook %}{% handbook_link "teil-1" %}``: a small link to the handbook page that
explains a step of the process, nothing when no page does. The step → page map is read once
per request (kept on the request), however many links a page shows."""

from django import template
from django.template.loader import render_to_string

from handbook.selectors import step_links

register = template.Library()

_CACHE_ATTR = "_handbook_step_links"


def _links(context) -> dict:
    holder = context.get("request") or context.render_context
    if isinstance(holder, template.context.RenderContext):
        if _CACHE_ATTR not in holder:
            holder[_CACHE_ATTR] = step_links()
        return holder[_CACHE_ATTR]
    if not hasattr(holder, _CACHE_ATTR):
        setattr(holder, _CACHE_ATTR, step_links())
    return getattr(holder, _CACHE_ATTR)


@register.simple_tag(takes_context=True)
def handbook_link(context, step: str):
    page = _links(context).get(step)
    if page is None:
        return ""
    return render_to_string("handbook/_link.html", {"page": page})
