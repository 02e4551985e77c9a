from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reminders import services
from reminders.forms import CHOICES, ReminderSettingsForm
from reminders.models import Notice, OptOut


@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    """Which reminders the user receives, and the last ones they were sent."""
    off = set(OptOut.objects.filter(user=request.user).values_list("kind", flat=True))
    form = ReminderSettingsForm(
        request.POST or None,
        initial={"wanted": [kind for kind, _label in CHOICES if kind not in off]},
    )
    if request.method == "POST" and form.is_valid():
        services.opt_outs_set(user=request.user, kinds=form.turned_off())
        messages.success(request, _("Your choice of reminders has been saved."))
        return redirect("reminders:settings")
    sent = (
        Notice.objects.filter(recipient=request.user)
        .select_related("project", "department")
        .order_by("-sent_at", "-pk")[:20]
    )
    thresholds = (settings.REPORT_DUE_AFTER_DAYS, settings.REPORT_OVERDUE_AFTER_DAYS,
                  settings.STALE_AFTER_DAYS)  # fmt: skip
    return render(
        request,
        "reminders/settings.html",
        {"form": form, "sent": sent, "thresholds": thresholds},
    )
