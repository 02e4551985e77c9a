from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from access.decorators import oversight_required
from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, attachment
from dashboards import city as city_dashboard
from dashboards import exports, figures, selectors
from intake import selectors as intake_selectors
from organisation.decorators import workspace_view
from projects.selectors import workspace_highlights
from workshops import selectors as workshop_selectors


def home(request):
    context = selectors.home_summary(user=request.user)
    context["open_questions"] = workshop_selectors.my_open_questions(user=request.user)
    return render(request, "dashboards/home.html", context)


def department_list(request):
    return render(
        request,
        "dashboards/department_list.html",
        {"departments": selectors.department_list(user=request.user)},
    )


@workspace_view()
def workspace(request, department):
    access = access_for(request.user)
    return render(
        request,
        "dashboards/workspace.html",
        {
            "department": department,
            "figures": figures.department_figures(user=request.user, department=department),
            "units": selectors.workspace_units(user=request.user, department=department),
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
    """The dashboard as a workbook, one sheet per panel."""
    content = exports.department_workbook(
        department, figures.department_figures(user=request.user, department=department)
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        content,
        content_type=XLSX_CONTENT_TYPE,
        filename=f"uebersicht-{department.slug}-{stamp}.xlsx",
    )


@require_GET
@workspace_view()
def workspace_report(request, department):
    """The Lagebericht: the dashboard laid out for paper (A4), for leadership to read."""
    return render(
        request,
        "dashboards/workspace_report.html",
        {
            "department": department,
            "figures": figures.department_figures(user=request.user, department=department),
        },
    )


@require_GET
@oversight_required
def city(request):
    """The city's dashboard (Gesamtübersicht) for the central unit and leadership."""
    return render(
        request,
        "dashboards/city.html",
        {"figures": city_dashboard.city_figures(user=request.user)},
    )


@require_GET
@oversight_required
def city_export(request):
    content = exports.city_workbook(city_dashboard.city_figures(user=request.user))
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        content, content_type=XLSX_CONTENT_TYPE, filename=f"gesamtuebersicht-{stamp}.xlsx"
    )


@require_GET
@oversight_required
def city_report(request):
    """The city's Lagebericht: the city dashboard laid out for paper (A4)."""
    return render(
        request,
        "dashboards/city_report.html",
        {"figures": city_dashboard.city_figures(user=request.user)},
    )
