from django import template

register = template.Library()


@register.filter
def label_in(value, labels):
    """The label of a stored value (a status, a traffic light) as the comparison shows it."""
    if value is None:
        return ""
    return labels.get(value, value)
