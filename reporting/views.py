"""Pages of the reporting rounds (Berichtsrunden): the list with the freeze form for the
Referat Digitale Stadt, a round with its figures per department, and the comparison of two
rounds (also as Excel). City staff only; every figure through the rows' read scope."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_http_methods

from access.decorators import city_wide_required
from core.excel import XLSX_CONTENT_TYPE, attachment, write_workbook
from projects.models import Project, TrafficLight
from reporting import selectors, services
from reporting.forms import CompareForm, FreezeForm


@require_http_methods(["GET", "POST"])
@city_wide_required
def round_list(request):
    may_freeze = services.may_freeze(request.user)
    form = FreezeForm(request.POST or None) if may_freeze else None
    if request.method == "POST":
        if not may_freeze:
            raise PermissionDenied
        if form.is_valid():
            try:
                frozen = services.round_start(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The reporting round is being frozen."))
                return redirect(frozen)
    rounds = list(selectors.rounds())
    compare = CompareForm(
        initial={"earlier": rounds[1].pk if len(rounds) > 1 else None,
                 "later": rounds[0].pk if rounds else None},
        rounds=selectors.rounds().filter(status="eingefroren"),
        departments=selectors.departments_for(request.user),
    )  # fmt: skip
    return render(
        request,
        "reporting/round_list.html",
        {"rounds": rounds, "form": form, "compare": compare},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@city_wide_required
def round_detail(request, pk):
    frozen = selectors.round_get(pk)
    context = {"round": frozen}
    if frozen.is_frozen:
        context["departments"] = selectors.round_departments(user=request.user, round_=frozen)
    response = render(request, "reporting/round_detail.html", context)
    if frozen.is_working:
        response["Refresh"] = "3"  # the page looks again until the round is frozen
    return response


STATUS = dict(Project.Status.choices)
LIGHTS = {**dict(TrafficLight.choices), "": gettext_lazy("no status update")}


@require_GET
@city_wide_required
def comparison(request):
    form = CompareForm(
        request.GET or None,
        rounds=selectors.rounds().filter(status="eingefroren"),
        departments=selectors.departments_for(request.user),
    )
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = services.compare(
            user=request.user, earlier=data["earlier"], later=data["later"],
            department=data["department"],
        )  # fmt: skip
        if request.GET.get("format") == "xlsx":
            return _excel(result)
    return render(
        request,
        "reporting/comparison.html",
        {"form": form, "result": result, "status": STATUS, "lights": LIGHTS},
    )


def _excel(result):
    def changes(items, labels):
        return [
            (item.title, item.department, str(labels.get(item.before, item.before)),
             str(labels.get(item.after, item.after)))
            for item in items
        ]  # fmt: skip

    head = [pgettext("comparison", "Project"), _("Department"), _("Before"), _("After")]
    content = write_workbook([
        (_("Totals"), [_("Figure"), result.earlier.title, result.later.title, _("Change")],
         result.labelled_totals),
        (_("New"), head, changes(result.new, STATUS)),
        (_("Gone"), head, changes(result.gone, STATUS)),
        (_("Other status"), head, changes(result.moved, STATUS)),
        (_("Other traffic light"), head, changes(result.lights, LIGHTS)),
        (_("Stalled"), head, changes(result.stalled, STATUS)),
    ])  # fmt: skip
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        content, content_type=XLSX_CONTENT_TYPE, filename=f"vergleich-berichtsrunden-{stamp}.xlsx"
    )
