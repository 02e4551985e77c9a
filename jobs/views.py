"""A large export's page: its progress while the worker builds it, then the download. Only the
person who asked for it sees it (404 for everyone else)."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from core.excel import attachment
from jobs import downloads
from jobs.models import Download


def _own(request, pk) -> Download:
    downloads.settle_and_expire()
    return get_object_or_404(Download.objects.defer("data").filter(user=request.user), pk=pk)


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
    return render(request, "jobs/download.html", {"download": download})


def download_file(request, pk):
    download = _own(request, pk)
    if download.status != Download.Status.READY:
        raise Http404
    content = Download.objects.values_list("data", flat=True).get(pk=download.pk)
    return attachment(
        bytes(content), content_type=download.content_type, filename=download.file_name
    )
