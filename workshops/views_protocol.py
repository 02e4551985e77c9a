"""A workshop's protocol (print page and Excel file) and its calendar entry (download and
invitations by e-mail). Each page reads the workshop through its scope: a workshop the user
may not see answers 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment
from workshops import calendar, exports, invitations, rights
from workshops.models import Workshop


def _workshop(request, pk) -> Workshop:
    return get_object_or_404(
        Workshop.objects.visible_to(request.user).select_related(
            "cohort", "department", "template_version", "released_by"
        ),
        pk=pk,
    )


@require_GET
def protocol_print(request, pk):
    workshop = _workshop(request, pk)
    protocol = exports.protocol_for(workshop, request.user)
    return render(
        request,
        "workshops/protocol_print.html",
        {
            "workshop": workshop,
            "protocol": protocol,
            "now": timezone.localtime(),
            "back_url": calendar.workshop_path(workshop),
        },
    )


@require_GET
def protocol_export(request, pk):
    workshop = _workshop(request, pk)
    try:
        content = exports.protocol_workbook(exports.protocol_for(workshop, request.user))
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        return redirect(reverse("workshops:protocol_print", args=[workshop.pk]))
    return attachment(content, content_type=XLSX_CONTENT_TYPE, filename=exports.file_name(workshop))


@require_GET
def workshop_ics(request, pk):
    workshop = _workshop(request, pk)
    method = calendar.CANCEL if workshop.is_cancelled else calendar.REQUEST
    try:
        # The addresses of participants and guests only for those who run the workshop.
        content = calendar.workshop_ics(
            workshop,
            method=method,
            base_url=request.build_absolute_uri("/"),
            attendees=rights.may_record(request.user, workshop),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(calendar.workshop_path(workshop))
    return attachment(
        content,
        content_type=f"text/calendar; method={method}; charset=utf-8",
        filename=calendar.file_name(workshop),
    )


@require_POST
def workshop_invite(request, pk):
    """Invite the participants and guests by e-mail (in the worker); after a change of date,
    place or video link the same button sends the update."""
    workshop = _workshop(request, pk)
    try:
        invitations.invitations_send(
            workshop=workshop, actor=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitations are being sent."))
    return redirect(calendar.workshop_path(workshop))
