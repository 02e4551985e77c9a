"""Pages of the offerings catalogue (RDS-Angebote), its demand and the departments' requests.
Thin: reads come from :mod:`offerings.selectors`, changes from :mod:`offerings.services`.
External partners never see offerings: every page here is 404 for them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.decorators import central_required, city_wide_required
from core.excel import XLSX_CONTENT_TYPE, attachment, write_xlsx
from core.forms import keep_stale_input
from offerings import selectors, services
from offerings.forms import (
    OfferingForm,
    OfferingRequestAnswerForm,
    OfferingRequestForm,
    ProjectOfferingForm,
    add_service_errors,
)
from offerings.tables import OfferingRequestTable, OfferingTable, export_sheet
from projects.selectors import project_get

PER_PAGE = 25
RESULTS_ID = "offering-results"  # the region that filters, sort links and pages update
REQUEST_RESULTS_ID = "request-results"


def _list_page(request, *, template, partial, results_id, context):
    """The whole page, or with htmx only the results region (filters, sorting, pages)."""
    htmx = request.htmx
    fragment = htmx and htmx.target == results_id and not htmx.history_restore_request
    context["results_id"] = results_id
    response = render(request, partial if fragment else template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])  # two bodies for one URL
    return response


# The catalogue ------------------------------------------------------------------------------


@require_GET
@city_wide_required
def offering_list(request):
    offering_filter = selectors.offering_filter(user=request.user, params=request.GET)
    page = Paginator(offering_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    return _list_page(
        request,
        template="offerings/offering_list.html",
        partial="offerings/_offering_results.html",
        results_id=RESULTS_ID,
        context={
            "filter": offering_filter,
            "page": page,
            "table": OfferingTable(page.object_list, order=request.GET.get("o", "")),
            "can_maintain": services.may_maintain(request.user),
        },
    )


@require_GET
@city_wide_required
def offering_export(request):
    """The filtered catalogue with its demand as Excel, counted within the reader's scope."""
    offerings = selectors.offering_filter(user=request.user, params=request.GET).qs
    sheet = export_sheet(offerings[: settings.EXPORT_MAX_ROWS])
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return attachment(
        write_xlsx(title=sheet.title, headers=sheet.headers, rows=sheet.rows),
        content_type=XLSX_CONTENT_TYPE,
        filename=f"angebote-{stamp}.xlsx",
    )


@central_required
@require_http_methods(["GET", "POST"])
def offering_create(request):
    form = OfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offering has been added to the catalogue."))
            return redirect(offering)
    return render(request, "offerings/offering_form.html", {"form": form})


@central_required
@require_http_methods(["GET", "POST"])
def offering_edit(request, slug):
    offering = selectors.offering_get(user=request.user, slug=slug)
    form = OfferingForm(request.POST or None, instance=offering)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            offering = services.offering_update(
                offering=offering,
                actor=request.user,
                version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except services.StaleEditError as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                conflict.version,
                _(
                    "Someone else saved this offering after you opened the form. Nothing has "
                    "been saved. Your input is still here; compare it with the saved version "
                    "and save again."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(offering)
    return render(
        request,
        "offerings/offering_form.html",
        {"form": form, "offering": offering, "conflict": conflict},
    )


def _detail_page(request, offering, *, request_form=None, status=200):
    departments = selectors.request_departments(user=request.user)
    if request_form is None and departments.exists() and not offering.is_discontinued:
        request_form = OfferingRequestForm(departments=departments)
    return render(
        request,
        "offerings/offering_detail.html",
        {
            "offering": offering,
            **selectors.offering_demand(user=request.user, offering=offering),
            "can_maintain": services.may_maintain(request.user),
            "request_form": request_form,
        },
        status=status,
    )


@require_GET
@city_wide_required
def offering_detail(request, slug):
    return _detail_page(request, selectors.offering_get(user=request.user, slug=slug))


# Requests -----------------------------------------------------------------------------------


@require_POST
@city_wide_required
def request_create(request, slug):
    offering = selectors.offering_get(user=request.user, slug=slug)
    departments = selectors.request_departments(user=request.user)
    if not departments.exists():
        raise PermissionDenied
    form = OfferingRequestForm(request.POST, departments=departments)
    if form.is_valid():
        try:
            created = services.offering_request_create(
                actor=request.user, offering=offering, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your request has been sent to the Referat Digitale Stadt."),
            )
            return redirect(created)
    return _detail_page(request, offering, request_form=form, status=422)


@require_GET
@city_wide_required
def request_list(request):
    request_filter = selectors.request_filter(user=request.user, params=request.GET)
    page = Paginator(request_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    return _list_page(
        request,
        template="offerings/request_list.html",
        partial="offerings/_request_results.html",
        results_id=REQUEST_RESULTS_ID,
        context={
            "filter": request_filter,
            "page": page,
            "table": OfferingRequestTable(page.object_list, order=request.GET.get("o", "")),
        },
    )


@require_GET
def request_detail(request, pk):
    offering_request = selectors.request_get(user=request.user, pk=pk)
    return render(
        request,
        "offerings/request_detail.html",
        {
            "offering_request": offering_request,
            "can_answer": services.may_maintain(request.user),
        },
    )


@central_required
@require_http_methods(["GET", "POST"])
def request_answer(request, pk):
    offering_request = selectors.request_get(user=request.user, pk=pk)
    form = OfferingRequestAnswerForm(
        request.POST or None,
        initial={
            "status": offering_request.status,
            "answer": offering_request.answer,
            "version": offering_request.version,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.offering_request_answer(
                offering_request=offering_request, actor=request.user, **form.cleaned_data
            )
        except services.StaleEditError as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                conflict.version,
                _(
                    "Someone else answered this request after you opened the form. Nothing "
                    "has been saved. Your answer is still here; compare it with the saved one "
                    "and save again."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer has been saved."))
            return redirect(offering_request)
    return render(
        request,
        "offerings/request_answer.html",
        {"offering_request": offering_request, "form": form, "conflict": conflict},
    )


# A project's offerings ------------------------------------------------------------------------


def _project_section(project) -> str:
    return f"{project.get_absolute_url()}#rds-angebote"


@require_POST
@city_wide_required
def project_offering_link(request, pk):
    project = project_get(user=request.user, pk=pk)
    section = selectors.project_offerings(user=request.user, project=project)
    if not section["can_link"]:
        raise PermissionDenied
    form = ProjectOfferingForm(
        request.POST,
        choices=selectors.offerings_visible_to(request.user),
    )
    if not form.is_valid():
        messages.error(request, _("Choose an offering from the list."))
        return redirect(_project_section(project))
    try:
        services.project_offering_link(
            project=project, offering=form.cleaned_data["offering"], actor=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The offering has been linked to the project."))
    return redirect(_project_section(project))


@require_POST
@city_wide_required
def project_offering_unlink(request, pk, slug):
    project = project_get(user=request.user, pk=pk)
    section = selectors.project_offerings(user=request.user, project=project)
    if not section["can_link"]:
        raise PermissionDenied
    offering = get_object_or_404(
        selectors.offerings_visible_to(request.user).filter(projects=project), slug=slug
    )
    services.project_offering_unlink(project=project, offering=offering, actor=request.user)
    messages.success(request, _("The offering is no longer linked to the project."))
    return redirect(_project_section(project))
