"""What the intake gives back: a department's round-over-round comparison (page and Excel)
and a round's answers as Excel. Everything within the reader's scope: intakes and responses
they may not see do not exist for them (404, or simply no rows)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment, fewer_garbage_collections
from intake import exports, selectors
from intake.comparison import compare as compare_intakes
from intake.models import DepartmentIntake, Response
from organisation.decorators import workspace_view


def _department_intakes(user, department) -> list[DepartmentIntake]:
    """The department's intakes the user sees, latest round first. 404 for a user who may
    not read the department's intakes at all."""
    intakes = list(
        DepartmentIntake.objects.visible_to(user)
        .filter(department=department)
        .select_related("round__version__questionnaire", "department")
        .order_by("-round__opened_at", "-round_id")
    )
    access = access_for(user)
    reads_intakes = (
        access.is_central or access.is_leadership or department.pk in access.internal_department_ids
    )
    if not intakes and not reads_intakes:
        raise Http404
    return intakes


def _chosen(intakes, value, default):
    """The intake named by a GET parameter (one of ``intakes``, else 404) or ``default``."""
    if value in (None, ""):
        return default
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    for intake in intakes:
        if intake.pk == pk:
            return intake
    raise Http404


def _pair(request, department):
    """The department's intakes and the two to compare (by default the latest two)."""
    intakes = _department_intakes(request.user, department)
    defaults = (intakes[1], intakes[0]) if len(intakes) >= 2 else (None, None)
    earlier = _chosen(intakes, request.GET.get("frueher"), defaults[0])
    later = _chosen(intakes, request.GET.get("spaeter"), defaults[1])
    if earlier is None or later is None:
        return intakes, None, None
    return intakes, earlier, later


def _comparison(request, earlier, later, *, unchanged=True):
    return compare_intakes(
        earlier,
        later,
        responses=Response.objects.visible_to(request.user),
        unchanged=unchanged,
    )


@workspace_view()
def compare(request, department):
    intakes, earlier, later = _pair(request, department)
    # Thousands of answers make short-lived objects: the collector would walk the heap
    # again and again (see core.excel).
    with fewer_garbage_collections():
        comparison = None
        if earlier is not None and earlier.pk != later.pk:
            comparison = _comparison(request, earlier, later, unchanged=False)  # counted only
        context = {
            "department": department,
            "intakes": intakes,
            "earlier": earlier,
            "later": later,
            "comparison": comparison,
        }
        return render(request, "intake/compare.html", context)


@workspace_view()
def compare_export(request, department):
    _intakes, earlier, later = _pair(request, department)
    if earlier is None or earlier.pk == later.pk:
        raise Http404
    try:
        with fewer_garbage_collections():
            content = exports.comparison_workbook(_comparison(request, earlier, later))
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        page = reverse("intake:compare", args=[department.slug])
        return redirect(f"{page}?{request.GET.urlencode()}")
    return attachment(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=exports.comparison_file_name(department),
    )


def round_export(request, pk):
    intake_round = selectors.round_get(user=request.user, pk=pk)
    try:
        with fewer_garbage_collections():
            responses = Response.objects.visible_to(request.user)
            content = exports.round_workbook(intake_round, responses)
    except CellTooLong as error:
        messages.error(request, str(error))
        return redirect("intake:index")
    return attachment(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=exports.round_file_name(intake_round),
    )
