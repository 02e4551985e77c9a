"""``{% project_synergies project can_edit %}``: a project's links and the suggestions for it,
on the project's page (the projects app knows nothing of synergies). ``can_edit``: whether
the reader may edit the project, as the page has asked it already."""

from django import template
from django.utils.safestring import mark_safe

from synergies import forms, rights, selectors

register = template.Library()


@register.inclusion_tag("synergies/_project_synergies.html", takes_context=True)
def project_synergies(context, project, can_edit):
    user = context["request"].user
    may_link = rights.may_link(user, project, editable=bool(can_edit))  # none for archived ones
    suggestions = selectors.suggestions_for(user=user, project=project)
    if may_link and suggestions:
        # Each suggestion's "kind" select differs by its id only: rendered once for all.
        select = str(forms.AcceptForm(auto_id="vorschlag-{other}-%s")["kind"])
        for suggestion in suggestions:
            other = str(suggestion.other_id)
            suggestion.kind_id = f"vorschlag-{other}-kind"
            suggestion.kind_select = mark_safe(select.replace("{other}", other))  # noqa: S308
    return {
        "project": project,
        "links": selectors.project_synergies(user=user, project=project),
        "suggestions": suggestions,
        "may_link": may_link,
        "sees_suggestions": rights.sees_suggestions(user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
