from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def days_left(deadline, today=None) -> str:
    """The deadline in words: "noch 5 Tage", "heute", "seit 2 Tagen überschritten"."""
    if deadline is None:
        return ""
    days = (deadline - (today or timezone.localdate())).days
    if days == 0:
        return _("due today")
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
