"""Large exports as tasks: the request stores what to build and returns at once; the worker
builds the file with progress; the requester downloads it from its page when it is ready.

An app declares what it can build with ``@builder``: a function taking the requesting user,
the stored parameters and a progress callback, returning ``Built``. Builders are declared when
their app is ready (its ``AppConfig.ready()`` imports the module), and a download names its
builder by that declared key only: nothing else is ever imported or run. The builder applies
the user's rights, and the gate of the page it came from, when the file is built. It raises
``Refused`` with a message for the user when the file cannot be made (a text too long for an
Excel cell, say).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone, translation
from django_tasks import task

from jobs import work
from jobs.models import Download

PROGRESS_EVERY = 1000  # rows
KEEP_DOWNLOADS = timedelta(days=1)


@dataclass(frozen=True)
class Built:
    file_name: str
    content_type: str
    content: bytes


class Refused(Exception):
    """The file cannot be built; the message says why and what to do, in the user's words."""


Builder = Callable[..., Built]
BUILDERS: dict[str, Builder] = {}


def _key(function: Builder) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def builder(function: Builder) -> Builder:
    BUILDERS[_key(function)] = function
    return function


def start(*, user, build: Builder, params: dict, title: str, rows_expected: int | None) -> Download:
    """Queue the building of a file for ``user``, in the language of the request."""
    kind = _key(build)
    if BUILDERS.get(kind) is not build:
        raise ValueError(f"{kind} is not declared as a download builder")
    download = Download.objects.create(
        user=user,
        kind=kind,
        params={**params, "language": translation.get_language()},
        title=str(title)[:200],
        rows_expected=rows_expected,
    )
    result = build_download.enqueue(download.pk)
    Download.objects.filter(pk=download.pk).update(task_id=str(result.id))
    download.refresh_from_db(fields=["task_id", "status", "worker"])
    return download


def with_progress(rows: Iterable, report: Callable[[int], None]) -> Iterator:
    """``rows`` unchanged, telling ``report`` how many have passed every PROGRESS_EVERY."""
    count = 0
    for count, row in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            report(count)
        yield row
    report(count)


@task()
def build_download(download_id: int) -> None:
    """What the worker runs."""
    work.run(Download, download_id, _build)


def _build(download_id: int) -> None:
    download = Download.objects.select_related("user").defer("data").get(pk=download_id)
    Download.objects.filter(pk=download_id).update(status=Download.Status.RUNNING)
    build = BUILDERS[download.kind]  # KeyError for anything not declared: the job fails

    def progress(rows: int) -> None:
        Download.objects.filter(pk=download_id).update(rows_done=rows, heartbeat_at=timezone.now())

    params = dict(download.params)
    with translation.override(params.pop("language", None)):
        try:
            built = build(user=download.user, params=params, progress=progress)
        except Refused as refusal:
            ended = {"status": Download.Status.FAILED, "message": str(refusal)}
        else:
            ended = {"status": Download.Status.READY, "file_name": built.file_name,
                     "content_type": built.content_type, "data": built.content}  # fmt: skip
    work.finish(Download, download_id, download.worker, finished_at=timezone.now(), **ended)


def expire() -> str:
    deleted, _ = Download.objects.filter(created_at__lt=timezone.now() - KEEP_DOWNLOADS).delete()
    settled = work.settle(Download.objects.all())
    return f"{deleted} export files deleted, {settled} exports ended as interrupted"


def current():
    """Downloads that are still kept (older ones are deleted by the daily upkeep)."""
    return Download.objects.filter(created_at__gte=timezone.now() - KEEP_DOWNLOADS)
