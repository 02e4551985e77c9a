from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from access.decorators import oversight_required
from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, attachment
from dashboards import city as city_dashboard
from dashboards import exports, figures, selectors
from dashboards.forms import RoundChoiceForm
from intake import selectors as intake_selectors
from organisation.decorators import workspace_view
from projects.selectors import workspace_highlights
from workshops import selectors as workshop_selectors


def home(request):
    context = selectors.home_summary(user=request.user)
    context["open_questions"] = workshop_selectors.my_open_questions(user=request.user)
    context["needs_me"] = selectors.needs_me(user=request.user)
    return render(request, "dashboards/home.html", context)


def department_list(request):
    return render(
        request,
        "dashboards/department_list.html",
        {"departments": selectors.department_list(user=request.user)},
    )


def _round(request):
    """The state the dashboard shows: the frozen reporting round chosen in ``?runde=``, or
    today (a value that is not a round the reader may choose shows today, with the form's
    error)."""
    form = RoundChoiceForm(request.GET or None, user=request.user)
    return form.chosen(), form


def _round_stamp(round_) -> str:
    return f"-{round_.reference_date:%Y-%m-%d}-runde-{round_.pk}" if round_ else ""


@workspace_view()
def workspace(request, department):
    access = access_for(request.user)
    round_, round_form = _round(request)
    return render(
        request,
        "dashboards/workspace.html",
        {
            "department": department,
            "round_form": round_form,
            "figures": figures.department_figures(
                user=request.user, department=department, round=round_
            ),
            **workspace_highlights(user=request.user, department=department),
            "workshops": workshop_selectors.department_workshops(
                user=request.user, department=department
            ),
            "intakes": intake_selectors.workspace_intakes(user=request.user, department=department),
            "can_edit": access.can_edit_department(department.pk),
            "can_manage_members": access.can_manage_members(department.pk),
        },
    )


@require_GET
@workspace_view()
def workspace_export(request, department):
    """The dashboard as a workbook, one sheet per panel (of the round chosen, if one is)."""
    round_, _form = _round(request)
    content = exports.department_workbook(
        department,
        figures.department_figures(user=request.user, department=department, round=round_),
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=f"uebersicht-{department.slug}-{stamp}{_round_stamp(round_)}.xlsx",
    )


@require_GET
@workspace_view()
def workspace_report(request, department):
    """The Lagebericht: the dashboard laid out for paper (A4), for leadership to read."""
    round_, round_form = _round(request)
    return render(
        request,
        "dashboards/workspace_report.html",
        {
            "department": department,
            "round_form": round_form,
            "figures": figures.department_figures(
                user=request.user, department=department, round=round_
            ),
        },
    )


@require_GET
@oversight_required
def city(request):
    """The city's dashboard (Gesamtübersicht) for the central unit and leadership."""
    round_, round_form = _round(request)
    return render(
        request,
        "dashboards/city.html",
        {
            "round_form": round_form,
            "figures": city_dashboard.city_figures(user=request.user, round=round_),
        },
    )


@require_GET
@oversight_required
def city_export(request):
    round_, _form = _round(request)
    content = exports.city_workbook(city_dashboard.city_figures(user=request.user, round=round_))
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=f"gesamtuebersicht-{stamp}{_round_stamp(round_)}.xlsx",
    )


@require_GET
@oversight_required
def city_report(request):
    """The city's Lagebericht: the city dashboard laid out for paper (A4)."""
    round_, round_form = _round(request)
    return render(
        request,
        "dashboards/city_report.html",
        {
            "round_form": round_form,
            "figures": city_dashboard.city_figures(user=request.user, round=round_),
        },
    )
