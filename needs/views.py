"""Pages of the needs register (Bedarfe und Lücken): a workspace's register, the city-wide
overview for city staff, a need's page, its form and its status. Thin: reads come from
:mod:`needs.selectors`, every change from :mod:`needs.services`."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.decorators import city_wide_required
from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment, write_xlsx
from core.forms import add_service_errors, keep_stale_input
from needs import selectors, services
from needs.forms import NeedForm, NeedStatusForm
from needs.models import Need
from needs.resources import NeedResource
from needs.tables import NeedTable
from offerings.services import sees_offerings
from organisation.decorators import may_edit_workspace, workspace_view

PER_PAGE = 25
RESULTS_ID = "need-results"  # the region that filters, sort links and pages update
OVERVIEW_ID = "need-overview"  # on the overview the filters also update the counts above it


def _current_order(params) -> str:
    return params.get("o", "")


def _render_list(request, *, department=None, template, extra=None):
    need_filter = selectors.need_filter(
        user=request.user, params=request.GET, department=department
    )
    page = Paginator(need_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "department": department,
        "filter": need_filter,
        "page": page,
        "table": NeedTable(
            page.object_list,
            order=_current_order(request.GET),
            workspace=department is not None,
            offerings=sees_offerings(request.user),
        ),
        "results_id": RESULTS_ID,
        **(extra(need_filter) if extra else {}),
    }
    htmx = request.htmx
    partial = htmx and htmx.target == RESULTS_ID and not htmx.history_restore_request
    response = render(request, "needs/_need_results.html" if partial else template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])  # two bodies for one URL
    return response


@require_GET
@workspace_view()
def workspace_need_list(request, department):
    return _render_list(
        request,
        department=department,
        template="needs/need_list.html",
        extra=lambda _filter: {
            "can_create": access_for(request.user).can_edit_department(department.pk)
        },
    )


@require_GET
@city_wide_required
def overview(request):
    """The city-wide overview: the filtered needs by category and by offering, with the list
    of them below."""
    return _render_list(
        request,
        template="needs/overview.html",
        extra=lambda need_filter: {
            **selectors.overview(user=request.user, need_filter=need_filter),
            "filter_target": OVERVIEW_ID,
        },
    )


def _export(request, department=None):
    need_filter = selectors.need_filter(
        user=request.user, params=request.GET, department=department
    )
    resource = NeedResource(user=request.user)
    rows = resource.rows(need_filter.qs[: settings.EXPORT_MAX_ROWS])
    try:
        content = write_xlsx(
            title=_("Needs and gaps"), headers=resource.get_export_headers(), rows=rows
        )
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        return redirect(f"{request.path.rsplit('/', 1)[0]}/?{request.GET.urlencode()}")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"bedarfe-{department.slug}-{stamp}.xlsx" if department else f"bedarfe-{stamp}.xlsx"
    return attachment(content, content_type=XLSX_CONTENT_TYPE, filename=name)


@require_GET
@workspace_view()
def workspace_need_export(request, department):
    return _export(request, department)


@require_GET
@city_wide_required
def overview_export(request):
    return _export(request)


def _form(request, need, department):
    kept = services.kept_projects(need, actor=request.user) if need.pk else []
    return NeedForm(
        request.POST or None,
        instance=need,
        choices=selectors.form_choices(user=request.user, department=department),
        shows_offering=sees_offerings(request.user),
        kept_projects=kept,
    )


@require_http_methods(["GET", "POST"])
@workspace_view(may_edit_workspace, denied=PermissionDenied)
def need_create(request, department):
    form = _form(request, Need(department=department), department)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                actor=request.user, department=department, **form.service_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The need has been added to the register."))
            return redirect(need)
    return render(request, "needs/need_form.html", {"form": form, "department": department})


@require_GET
def need_detail(request, pk):
    need = selectors.need_get(user=request.user, pk=pk)
    return render(
        request, "needs/need_detail.html", selectors.need_page(user=request.user, need=need)
    )


def _stale_message(form, current) -> None:
    keep_stale_input(
        form,
        current.version,
        _(
            "Someone else saved this need after you opened the form. Nothing has been saved. "
            "Your input is still here; compare it with the saved version and save again."
        ),
    )


@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    need = selectors.need_get_for_edit(user=request.user, pk=pk)
    form = _form(request, need, need.department)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_update(
                need=need,
                actor=request.user,
                version=form.cleaned_data["version"],
                **form.service_fields(),
            )
        except services.StaleEditError as stale:
            conflict = stale.current
            _stale_message(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(need)
    return render(
        request,
        "needs/need_form.html",
        {"form": form, "department": need.department, "need": need, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def need_status(request, pk):
    need = selectors.need_get_for_edit(user=request.user, pk=pk)
    form = NeedStatusForm(request.POST or None, need=need)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_set_status(
                need=need,
                actor=request.user,
                version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except services.StaleEditError as stale:
            conflict = stale.current
            _stale_message(form, conflict)
        except ValidationError as error:
            if hasattr(error, "error_dict") and "status_reason" in error.error_dict:
                error.error_dict["reason"] = error.error_dict.pop("status_reason")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": need.get_status_display()},
            )
            return redirect(need)
    return render(
        request, "needs/need_status.html", {"form": form, "need": need, "conflict": conflict}
    )
