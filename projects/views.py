from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from access.decorators import city_wide_required
from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment, write_xlsx
from organisation.decorators import may_edit_workspace, workspace_view
from projects import selectors, services
from projects.filters import ORDERINGS
from projects.forms import ProjectForm, StatusUpdateForm, WithdrawForm
from projects.resources import ProjectResource

SORTABLE_COLUMNS = [
    ("title", gettext_lazy("Title")),
    ("department", gettext_lazy("Department")),
    ("office", gettext_lazy("Lead office")),
    ("status", gettext_lazy("Status")),
    ("priority", gettext_lazy("Priority")),
    ("progress", gettext_lazy("Progress")),
    ("last_update", gettext_lazy("Last status update")),
    ("end", gettext_lazy("End")),
]


def _columns(current: str, workspace: bool) -> list[dict]:
    """Header cells of the sortable table: the next sort value and the ARIA state."""
    columns = []
    for key, label in SORTABLE_COLUMNS:
        if workspace and key == "department":
            continue
        state = "ascending" if current == key else "descending" if current == f"-{key}" else None
        columns.append(
            {
                "key": key,
                "label": label,
                "next": f"-{key}" if current == key else key,
                "aria_sort": state,
            }
        )
    return columns


def _render_list(request, department=None):
    project_filter = selectors.project_filter(
        user=request.user, params=request.GET, department=department
    )
    paginator = Paginator(project_filter.qs, settings.PROJECTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    current_order = request.GET.get("o", "")
    if current_order.lstrip("-") not in ORDERINGS:
        current_order = ""
    return render(
        request,
        "projects/project_list.html",
        {
            "department": department,
            "filter": project_filter,
            "page": page,
            "columns": _columns(current_order, workspace=department is not None),
            "can_create": department is not None
            and access_for(request.user).can_edit_department(department.pk),
        },
    )


@city_wide_required
def project_list(request):
    return _render_list(request)


@workspace_view()
def workspace_project_list(request, department):
    return _render_list(request, department=department)


def _export(request, department=None):
    project_filter = selectors.project_filter(
        user=request.user, params=request.GET, department=department
    )
    queryset = project_filter.qs[: settings.EXPORT_MAX_ROWS]
    resource = ProjectResource()
    try:
        content = write_xlsx(
            title=_("Projects"), headers=resource.get_export_headers(), rows=resource.rows(queryset)
        )
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        if department is None:
            back = reverse("projects:list")
        else:
            back = reverse("projects:workspace_list", args=[department.slug])
        return redirect(f"{back}?{request.GET.urlencode()}")  # the list, filtered as it was
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"vorhaben-{department.slug}-{stamp}" if department else f"vorhaben-{stamp}"
    return attachment(content, content_type=XLSX_CONTENT_TYPE, filename=f"{name}.xlsx")


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
            form.add_error(
                None,
                _(
                    "Someone else saved this project after you opened the form. Your input "
                    "is still here; compare it with the current version below and save again."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.version
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


def _detail_context(request, project, *, status_form=None) -> dict:
    can_edit = selectors.project_can_edit(user=request.user, project=project)
    if can_edit and status_form is None:
        status_form = StatusUpdateForm(project=project)
    return {
        "project": project,
        "status_updates": selectors.project_status_updates(project=project),
        "can_edit": can_edit,
        "status_form": status_form if can_edit else None,
        "now": timezone.now(),
    }


@require_POST
def status_update_create(request, pk):
    project = selectors.project_get(user=request.user, pk=pk)  # with what the page shows
    if not selectors.project_can_edit(user=request.user, project=project):
        raise PermissionDenied
    form = StatusUpdateForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.status_update_create(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The status update has been saved."))
            return redirect(f"{project.get_absolute_url()}#statusmeldungen")
    return render(
        request,
        "projects/project_detail.html",
        _detail_context(request, project, status_form=form),
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
