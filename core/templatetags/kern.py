"""Template helpers for forms in the KERN design system with accessible error messages."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
    # The KERN class is set here too, not only by KernFormMixin: forms from Django itself (the
    # login) look the same before an error as after it.
    kern_class = kern_css_class(widget)
    classes = widget.attrs.get("class", "").split()
    classes += [name for name in kern_class.split() if name not in classes]
    attrs = {"class": " ".join(classes)}
    if bound_field.errors:
        attrs["class"] += f" {kern_class.split()[0]}--error"
        attrs["aria-invalid"] = "true"
    ids = describedby(bound_field)
    if ids:
        attrs["aria-describedby"] = ids
    if type(widget) in (forms.Select, forms.SelectMultiple):
        return _render_select(bound_field, attrs)
    return bound_field.as_widget(attrs=attrs)


def _render_select(bound_field, attrs):
    """A select, written directly: the same markup as Django's widget template, at a
    fraction of the cost for long option lists (offices, goals) on every list and form."""
    widget = bound_field.field.widget
    final = widget.build_attrs(widget.attrs, attrs)
    final.setdefault("id", bound_field.auto_id)
    if bound_field.field.required:
        final["required"] = True
    if bound_field.field.disabled:
        final["disabled"] = True
    if widget.allow_multiple_selected:
        final["multiple"] = True
    value = bound_field.value()
    values = value if isinstance(value, list | tuple) else [value]
    chosen = {str(v) for v in values if v is not None}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (key, mark_safe(" selected") if key in chosen else "", label)
            for key, label in ((str(v), label) for v, label in bound_field.field.choices)
        ),
    )
    return format_html(
        '<select name="{}"{}>{}</select>', bound_field.html_name, flatatt(final), options
    )


@register.filter
def field_describedby(bound_field) -> str:
    return describedby(bound_field)


@register.filter
def is_choice_group_field(bound_field) -> bool:
    return is_choice_group(bound_field.field.widget)


@register.filter
def is_checkbox(bound_field) -> bool:
    return bound_field.widget_type == "checkbox"
