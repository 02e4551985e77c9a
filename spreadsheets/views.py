"""The data page of the Referat Digitale Stadt and the administration: import with preview,
exports and templates. Everyone else gets 403."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment
from jobs import downloads, work
from jobs.views import progress_poll
from spreadsheets import exports, services
from spreadsheets.forms import ImportForm
from spreadsheets.models import ImportRun
from spreadsheets.registry import TYPES, sheet_type
from spreadsheets.workbooks import template_xlsx

RECENT_RUNS = 20


def _runs():
    return ImportRun.objects.defer("data", "report").select_related("user", "applied_by")


def data_overview(request, form=None, status=200):
    services.ensure_can_import(request.user)
    services.settle_abandoned()
    return render(
        request,
        "spreadsheets/overview.html",
        {
            "form": form or ImportForm(initial={"kind": request.GET.get("typ", "")}),
            "types": TYPES.values(),
            "runs": _runs()[:RECENT_RUNS],
        },
        status=status,
    )


@require_POST
def import_upload(request):
    services.ensure_can_import(request.user)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run = services.import_upload(
                user=request.user,
                kind=form.cleaned_data["kind"],
                uploaded_file=request.FILES["file"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("spreadsheets:run", pk=run.pk)
    return data_overview(request, form=form, status=400)


def import_run(request, pk):
    services.ensure_can_import(request.user)
    work.settle(ImportRun.objects.filter(pk=pk))
    run = get_object_or_404(ImportRun.objects.defer("data").select_related("user"), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": run.status,
                "working": run.is_working,
                "rows_done": run.rows_done,
                "rows_expected": run.rows_expected,
                "percent": run.percent,
            }
        )
    if request.htmx:
        return progress_poll(request, run, "spreadsheets/_run_progress.html", {"run": run})
    return render(
        request,
        "spreadsheets/run.html",
        {
            "run": run,
            "report": run.result,
            "sheet": TYPES.get(run.kind),
        },
    )


@require_POST
def import_confirm(request, pk):
    services.ensure_can_import(request.user)
    run = get_object_or_404(ImportRun.objects.defer("data"), pk=pk)
    try:
        services.import_confirm(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("spreadsheets:run", pk=run.pk)


def export(request, kind, fmt):
    """Small exports are written in the request; larger ones by the worker, with a page that
    shows the progress and offers the file when it is ready."""
    services.ensure_can_import(request.user)
    sheet = sheet_type(kind)
    if fmt not in exports.WRITERS:
        raise Http404
    rows = sheet.queryset(request.user).count()
    if rows > settings.EXPORT_INLINE_ROWS:
        download = downloads.start(
            user=request.user,
            build=exports.data_export,
            params={"kind": kind, "format": fmt},
            title=_("Export: %(type)s (.%(format)s)") % {"type": sheet.label, "format": fmt},
            rows_expected=rows,
        )
        return redirect("jobs:download", pk=download.pk)
    write, content_type = exports.WRITERS[fmt]
    try:
        content = write(sheet, request.user)
    except CellTooLong as error:  # a text an Excel cell cannot hold: never cut it
        messages.error(request, str(error))
        return redirect("spreadsheets:overview")
    return attachment(content, content_type=content_type, filename=exports.file_name(kind, fmt))


def template(request, kind):
    services.ensure_can_import(request.user)
    return attachment(
        template_xlsx(sheet_type(kind)),
        content_type=XLSX_CONTENT_TYPE,
        filename=f"vorlage-{kind}.xlsx",
    )
