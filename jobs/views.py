"""A large export's page: its progress while the worker builds it, then the download. Only the
person who asked for it sees it (404 for everyone else)."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from core.excel import attachment
from jobs import downloads, work
from jobs.models import Download


def _own(request, pk) -> Download:
    own = downloads.current().filter(user=request.user, pk=pk)
    work.settle(own)
    return get_object_or_404(own.defer("data"))


def download_detail(request, pk):
    download = _own(request, pk)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": download.status,
                "working": download.is_working,
                "rows_done": download.rows_done,
                "rows_expected": download.rows_expected,
                "percent": download.percent,
            }
        )
    if request.htmx:
        return progress_poll(
            request, download, "jobs/_download_progress.html", {"download": download}
        )
    return render(request, "jobs/download.html", {"download": download})


def download_file(request, pk):
    download = _own(request, pk)
    if download.status != Download.Status.READY:
        raise Http404
    content = Download.objects.values_list("data", flat=True).get(pk=download.pk)
    return attachment(
        bytes(content), content_type=download.content_type, filename=download.file_name
    )


def progress_poll(request, job, partial: str, context: dict) -> HttpResponse:
    """htmx's poll of a job's page: the progress box while the job works; once it has ended,
    the event "job-done" (no content), on which the page loads the result."""
    if job.is_working:
        return render(request, partial, context)
    return HttpResponse(status=204, headers={"HX-Trigger": "job-done"})
