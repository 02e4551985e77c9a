"""Template helpers for forms in the KERN design system with accessible error messages."""

from django import template

from core.forms import is_choice_group, kern_css_class

register = template.Library()


def describedby(bound_field) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def kern_widget(bound_field):
    """Render a widget with its error state and the ids of its hint and error message."""
    widget = bound_field.field.widget
    attrs = {}
    if bound_field.errors:
        attrs["class"] = f"{kern_css_class(widget)} {kern_css_class(widget)}--error"
        attrs["aria-invalid"] = "true"
    ids = describedby(bound_field)
    if ids:
        attrs["aria-describedby"] = ids
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_describedby(bound_field) -> str:
    return describedby(bound_field)


@register.filter
def is_choice_group_field(bound_field) -> bool:
    return is_choice_group(bound_field.field.widget)


@register.filter
def is_checkbox(bound_field) -> bool:
    return bound_field.widget_type == "checkbox"
