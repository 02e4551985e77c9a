from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.decorators import city_wide_required
from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment
from core.forms import add_service_errors, keep_stale_input
from jobs import downloads
from organisation.decorators import may_edit_workspace, workspace_view
from projects import comments, exports, selectors, services
from projects.filters import ORDERINGS
from projects.forms import CommentForm, ProjectForm, StatusUpdateForm, WithdrawForm
from projects.tables import ProjectTable, export_rows

# The print view shows every filtered row up to this many: about 60 A4 pages, still quick
# to render and to print; beyond it the page asks to narrow the filters.
PRINT_MAX_ROWS = 2000
RESULTS_ID = "project-results"  # the region that filters, sort links and pages update


def _current_order(params) -> str:
    order = params.get("o", "")
    return order if order.lstrip("-") in ORDERINGS else ""


def _render_list(request, department=None):
    project_filter = selectors.project_filter(
        user=request.user, params=request.GET, department=department
    )
    paginator = Paginator(project_filter.qs, settings.PROJECTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    table = ProjectTable(
        page.object_list, order=_current_order(request.GET), workspace=department is not None
    )
    context = {
        "department": department,
        "filter": project_filter,
        "page": page,
        "table": table,
        "results_id": RESULTS_ID,
        "can_create": department is not None
        and access_for(request.user).can_edit_department(department.pk),
    }
    htmx = request.htmx
    partial = htmx and htmx.target == RESULTS_ID and not htmx.history_restore_request
    template = "projects/_project_results.html" if partial else "projects/project_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])  # two bodies for one URL
    return response


@city_wide_required
def project_list(request):
    return _render_list(request)


@workspace_view()
def workspace_project_list(request, department):
    return _render_list(request, department=department)


def _list_url(department) -> str:
    if department is None:
        return reverse("projects:list")
    return reverse("projects:workspace_list", args=[department.slug])


def _export(request, department=None):
    """A list of up to EXPORT_INLINE_ROWS rows is written in the request; a longer one by the
    worker, with a page that shows the progress and offers the file when it is ready."""
    rows = selectors.project_filter(
        user=request.user, params=request.GET, department=department
    ).qs.count()
    if min(rows, settings.EXPORT_MAX_ROWS) > settings.EXPORT_INLINE_ROWS:
        download = downloads.start(
            user=request.user,
            build=exports.list_export,
            params={
                "query": request.GET.urlencode(),
                "department": getattr(department, "slug", ""),
            },
            title=_("Export of the project list (%(rows)s rows)")
            % {"rows": number_format(rows, force_grouping=True)},
            rows_expected=min(rows, settings.EXPORT_MAX_ROWS),
        )
        return redirect("jobs:download", pk=download.pk)
    sheet = export_rows(user=request.user, params=request.GET, department=department)
    try:
        content = exports.write(sheet)
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        # the list, filtered as it was
        return redirect(f"{_list_url(department)}?{request.GET.urlencode()}")
    return attachment(
        content, content_type=XLSX_CONTENT_TYPE, filename=exports.file_name(department)
    )


def _print(request, department=None):
    """Every filtered row up to PRINT_MAX_ROWS on one page, headed by what a printout needs:
    title, the filters in words and the date."""
    project_filter = selectors.project_filter(
        user=request.user, params=request.GET, department=department
    )
    total = project_filter.qs.count()
    table = ProjectTable(
        project_filter.qs[:PRINT_MAX_ROWS],
        order=_current_order(request.GET),
        workspace=department is not None,
        sortable=False,
    )
    return render(
        request,
        "projects/project_print.html",
        {
            "department": department,
            "table": table,
            "total": total,
            "shown": min(total, PRINT_MAX_ROWS),
            "limit": PRINT_MAX_ROWS,
            "applied_filters": project_filter.applied(),
            "list_url": f"{_list_url(department)}?{request.GET.urlencode()}",
            "now": timezone.now(),
        },
    )


@city_wide_required
def project_print(request):
    return _print(request)


@workspace_view()
def workspace_project_print(request, department):
    return _print(request, department=department)


@city_wide_required
def project_export(request):
    return _export(request)


@workspace_view()
def workspace_project_export(request, department):
    return _export(request, department=department)


def project_detail(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    return render(request, "projects/project_detail.html", _detail_context(request, project))


def project_history(request, pk):
    project, entries = selectors.project_history(user=request.user, pk=pk)
    return render(
        request, "projects/project_history.html", {"project": project, "entries": entries}
    )


@require_http_methods(["GET", "POST"])
@workspace_view(may_edit_workspace, denied=PermissionDenied)
def project_create(request, department):
    form = ProjectForm(request.POST or None, department=department, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            project = services.project_create(actor=request.user, department=department, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project has been created."))
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "department": department})


@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    if project.is_archived:
        messages.info(
            request, _("The project is archived and cannot be changed. Restore it first.")
        )
        return redirect(project)
    form = ProjectForm(
        request.POST or None, instance=project, department=project.department, user=request.user
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                actor=request.user,
                version=form.cleaned_data.get("version"),
                **form.service_fields(),
            )
        except services.StaleEditError as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                conflict.version,
                _(
                    "Someone else saved this project after you opened the form. Your input "
                    "is still here; compare it with the current version below and save again."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(project)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "department": project.department, "project": project, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def project_archive(request, pk):
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    if request.method == "POST":
        if project.is_archived:
            services.project_restore(project=project, actor=request.user)
            messages.success(request, _("The project has been restored."))
        else:
            services.project_archive(project=project, actor=request.user)
            messages.success(request, _("The project has been archived."))
        return redirect(project)
    return render(request, "projects/project_archive.html", {"project": project})


def _detail_context(request, project, *, status_form=None, comment_form=None) -> dict:
    can_edit = selectors.project_can_edit(user=request.user, project=project)
    if can_edit and status_form is None:
        status_form = StatusUpdateForm(project=project)
    may_comment = comments.may_comment(request.user, project)
    return {
        "project": project,
        "timeline": selectors.project_timeline(project=project),
        "can_edit": can_edit,
        "status_form": status_form if can_edit else None,
        "comment_form": (comment_form or CommentForm()) if may_comment else None,
        "comment_minutes": settings.COMMENT_EDIT_MINUTES,
        "now": timezone.now(),
    }


@require_POST
def comment_create(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)
    if not comments.may_comment(request.user, project):
        raise PermissionDenied

    def save(data) -> str:
        comment = comments.comment_add(project=project, actor=request.user, body=data["body"])
        return f"kommentar-{comment.pk}"

    return _add_on_page(
        request, project, CommentForm(request.POST), as_="comment_form", save=save,
        done=_("Your comment has been saved."),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def comment_edit(request, pk, comment_pk):
    """Its author changes a comment for a short time after writing it."""
    project = selectors.project_get(user=request.user, pk=pk)
    comment = selectors.project_comment_get(project=project, pk=comment_pk)
    if not comment.is_editable_by(request.user, minutes=settings.COMMENT_EDIT_MINUTES):
        raise PermissionDenied
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            comments.comment_edit(
                comment=comment, project=project, actor=request.user,
                body=form.cleaned_data["body"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment has been changed."))
            return redirect(f"{project.get_absolute_url()}#kommentar-{comment.pk}")
    return render(
        request,
        "projects/comment_form.html",
        {
            "project": project,
            "comment": comment,
            "form": form,
            "until": comment.editable_until(settings.COMMENT_EDIT_MINUTES),
        },
    )


@require_POST
def status_update_create(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)  # with what the page shows
    if not selectors.project_can_edit(user=request.user, project=project):
        raise PermissionDenied

    def save(data) -> str:
        services.status_update_create(project=project, actor=request.user, **data)
        return "statusmeldungen"

    return _add_on_page(
        request, project, StatusUpdateForm(request.POST, project=project), as_="status_form",
        save=save, done=_("The status update has been saved."),
    )  # fmt: skip


def _add_on_page(request, project, form, *, as_, save, done):
    """A form of the project's page sent (``as_``: its name in the page's context,
    ``status_form`` or ``comment_form``): saved by ``save(cleaned_data)``, which names the
    anchor to go back to; or the page again with the form and its errors (422), the input
    kept."""
    if form.is_valid():
        try:
            anchor = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(f"{project.get_absolute_url()}#{anchor}")
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, **{as_: form}),
        status=422,
    )


@require_http_methods(["GET", "POST"])
def status_update_correct(request, pk, update_pk):
    update = selectors.status_update_get(user=request.user, project_pk=pk, pk=update_pk)
    if not selectors.project_can_edit(user=request.user, project=update.project):
        raise PermissionDenied
    if not update.is_correctable_by(request.user):
        raise PermissionDenied(_("Only its author may correct a status update, shortly after."))
    form = StatusUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_update_correct(update=update, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status update has been corrected."))
            return redirect(f"{update.project.get_absolute_url()}#statusmeldungen")
    return render(request, "projects/status_update_correct.html", {"update": update, "form": form})


@require_http_methods(["GET", "POST"])
def status_update_withdraw(request, pk, update_pk):
    update = selectors.status_update_get(user=request.user, project_pk=pk, pk=update_pk)
    if not selectors.project_can_edit(user=request.user, project=update.project):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.status_update_withdraw(
                update=update, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status update has been withdrawn."))
            return redirect(f"{update.project.get_absolute_url()}#statusmeldungen")
    return render(request, "projects/status_update_withdraw.html", {"update": update, "form": form})
