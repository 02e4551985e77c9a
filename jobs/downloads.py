"""Large exports as tasks: the request stores what to build and returns at once; the worker
builds the file with progress; the requester downloads it from its page when it is ready.

An app declares what it can build with ``@builder``: a function taking the requesting user,
the stored parameters and a progress callback, returning ``Built``; the worker imports it by
its dotted path, and builds only what was declared so. The user's rights are
applied when the file is built, by the builder, as on the page it came from. A builder raises
``Refused`` with a message for the user when the file cannot be made (a text too long for an
Excel cell, say).
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from jobs import work
from jobs.models import Download, Problem

logger = logging.getLogger(__name__)

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
BUILDERS: set[str] = set()


def _path(function: Builder) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def builder(function: Builder) -> Builder:
    BUILDERS.add(_path(function))
    return function


def _builder(path: str) -> Builder:
    function = import_string(path)  # importing the module declares its builders
    if path not in BUILDERS:
        raise ValueError(f"{path} is not declared as a download builder")
    return function


def start(*, user, build: Builder, params: dict, title: str, rows_expected: int | None) -> Download:
    """Queue the building of a file for ``user``."""
    kind = _path(build)
    if kind not in BUILDERS:
        raise ValueError(f"{kind} is not declared as a download builder")
    download = Download.objects.create(
        user=user, kind=kind, params=params, title=str(title)[:200], rows_expected=rows_expected
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
    if not work.claim(Download, download_id):
        return
    Download.objects.filter(pk=download_id).update(status=Download.Status.RUNNING)
    download = Download.objects.select_related("user").get(pk=download_id)

    def progress(rows: int) -> None:
        Download.objects.filter(pk=download_id).update(rows_done=rows, heartbeat_at=timezone.now())

    try:
        with work.heartbeat(Download, download_id), translation.override(settings.LANGUAGE_CODE):
            built = _builder(download.kind)(
                user=download.user, params=download.params, progress=progress
            )
    except Refused as refusal:
        _end(download_id, status=Download.Status.FAILED, message=str(refusal))
        return
    except Exception as error:
        logger.exception("download %s failed", download_id)
        problem = Problem.DATABASE if isinstance(error, work.OUTAGE_ERRORS) else Problem.ERROR
        _end(download_id, status=Download.Status.FAILED, problem=problem)
        return
    _end(
        download_id,
        status=Download.Status.READY,
        file_name=built.file_name,
        content_type=built.content_type,
        data=built.content,
    )


def _end(download_id: int, **fields) -> None:
    fields["finished_at"] = timezone.now()
    work.record(
        lambda: Download.objects.filter(pk=download_id).update(**fields),
        what=f"the end of download {download_id}",
    )


def settle_and_expire() -> int:
    """Abandoned downloads end as interrupted; files older than a day are deleted."""
    work.settle(Download.objects.all())
    deleted, _ = Download.objects.filter(created_at__lt=timezone.now() - KEEP_DOWNLOADS).delete()
    return deleted
