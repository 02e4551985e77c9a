"""Imports as users start and confirm them. Only the administration and the Referat Digitale
Stadt may import; every row is further limited to what the importing user may edit.

Checking and applying run as tasks in the worker process (``manage.py db_worker``), so that a
large file never holds a request open and a web server restart never cuts an import short; the
import page shows the progress. A worker that dies, or a database outage, ends the run as
interrupted (``jobs.work``): never "running" for ever, and the next file can be applied at once.
Tests and the shell run the tasks immediately.
"""

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, models, transaction
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import Task

from access.rights import access_for
from jobs import work
from spreadsheets.engine import ImportReport, import_table
from spreadsheets.models import KEEP_UNAPPLIED_FILES, ImportRun
from spreadsheets.reading import SpreadsheetError, max_file_size, open_table
from spreadsheets.registry import TYPES

logger = logging.getLogger(__name__)

SLICE_SIZE = 256 * 1024  # how much of a stored upload is read from the database at once


def can_import(user) -> bool:
    return access_for(user).is_central


def ensure_can_import(user) -> None:
    if not can_import(user):
        raise PermissionDenied(_("Only the administration and the Referat Digitale Stadt import."))


def import_upload(*, user, kind: str, uploaded_file) -> ImportRun:
    """Store the upload and start checking it. Refuses a file over the size limit before
    reading it."""
    ensure_can_import(user)
    if kind not in TYPES:
        raise ValidationError({"kind": _("Choose what the file contains.")})
    if uploaded_file.size > max_file_size():
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB. Split it into several files.")
                % {"limit": max_file_size() // (1024 * 1024)}
            }
        )
    data = uploaded_file.read()
    expire_old_uploads()
    run = ImportRun.objects.create(
        kind=kind,
        file_name=uploaded_file.name[:255],
        file_size=len(data),
        data=data,
        user=user,
    )
    _enqueue(check_import, run.pk)
    return run


def import_confirm(*, run: ImportRun, user) -> ImportRun:
    """Apply a checked import. The run is claimed under a row lock, so that a double click
    or a second person cannot apply the same file twice."""
    ensure_can_import(user)
    settle_abandoned()
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().defer("data").get(pk=run.pk)
        if not locked.can_apply:
            raise ValidationError(_("This import cannot be applied (any more)."))
        others = ImportRun.objects.filter(kind=locked.kind, status=ImportRun.Status.APPLYING)
        if others.exists():
            raise ValidationError(
                _("Another file of this type is being applied. Apply this one when it is done.")
            )
        locked.status = ImportRun.Status.APPLYING
        locked.applied_by = user
        locked.rows_done = 0
        locked.heartbeat_at = timezone.now()
        locked.worker = ""
        locked.problem = ""
        locked.save(
            update_fields=["status", "applied_by", "rows_done", "heartbeat_at", "worker", "problem"]
        )
    _enqueue(apply_import, locked.pk)
    return locked


def settle_abandoned() -> int:
    """Runs whose worker died, or that no worker took up in time, end as interrupted."""
    return work.settle(ImportRun.objects.all())


def daily_upkeep() -> str:
    return f"{settle_abandoned()} imports ended as interrupted, {expire_old_uploads()} expired"


def expire_old_uploads() -> int:
    """Uploaded files are kept only until they are applied, or for a week."""
    return (
        ImportRun.objects.exclude(status__in=[ImportRun.Status.APPLIED, ImportRun.Status.EXPIRED])
        .filter(heartbeat_at__lt=timezone.now() - KEEP_UNAPPLIED_FILES)
        .update(status=ImportRun.Status.EXPIRED, data=b"")
    )


@task()
def check_import(run_id: int) -> None:
    """The check, as the worker runs it."""
    with translation.override(settings.LANGUAGE_CODE):
        work.run(ImportRun, run_id, check_run)


@task()
def apply_import(run_id: int) -> None:
    """ "Übernehmen", as the worker runs it."""
    with translation.override(settings.LANGUAGE_CODE):
        work.run(ImportRun, run_id, apply_run)


def _enqueue(queued: Task, run_id: int) -> None:
    result = queued.enqueue(run_id)
    ImportRun.objects.filter(pk=run_id).update(task_id=str(result.id))


def _progress(run_id: int):
    def report(rows_done: int) -> None:
        if connection.in_atomic_block:
            return  # inside the import's transaction an update would not be seen before the end
        ImportRun.objects.filter(pk=run_id).update(rows_done=rows_done, heartbeat_at=timezone.now())

    return report


@contextmanager
def _stored_file(run: ImportRun) -> Iterator[BinaryIO]:
    """The uploaded file, copied from the database slice by slice into a temporary file: the
    import reads it from there, so a large file is never in memory as a whole."""
    with tempfile.TemporaryFile() as copy:
        for piece in _stored_slices(run):
            copy.write(piece)
        if copy.tell() != run.file_size:
            raise SpreadsheetError(
                _("The uploaded file is no longer stored (it expired). Upload it again.")
            )
        copy.seek(0)
        yield copy


def _stored_slices(run: ImportRun) -> Iterator[bytes]:
    if connection.vendor == "sqlite":  # SUBSTR would load the whole value for every slice
        connection.ensure_connection()
        table = ImportRun._meta.db_table
        with connection.connection.blobopen(table, "data", run.pk, readonly=True) as blob:
            while piece := blob.read(SLICE_SIZE):
                yield piece
        return
    stored = ImportRun.objects.filter(pk=run.pk)
    for start in range(1, run.file_size + 1, SLICE_SIZE):
        yield stored.values_list(
            Substr("data", start, SLICE_SIZE, output_field=models.BinaryField()), flat=True
        ).get()


def _execute(run: ImportRun, *, apply: bool, actor, before_commit=None) -> ImportReport:
    def started(table):
        if table.expected_rows is not None:
            ImportRun.objects.filter(pk=run.pk).update(rows_expected=table.expected_rows)

    try:
        with _stored_file(run) as data:
            return _import_file(
                kind=run.kind,
                data=data,
                file_name=run.file_name,
                apply=apply,
                user=actor,
                progress=_progress(run.pk),
                expected=run.result.summary() if apply and run.result else None,
                started=started,
                before_commit=before_commit,
            )
    except SpreadsheetError as error:
        return _file_error(error)


def _import_file(*, kind, data, file_name, apply, user, progress=None, expected=None,
                 started=None, before_commit=None) -> ImportReport:  # fmt: skip
    """Any problem with the file itself, found at the start or in its middle, becomes the
    report's one error; nothing is written then."""
    try:
        table = open_table(data, file_name)
    except SpreadsheetError as error:
        return _file_error(error)
    try:
        if started:
            started(table)
        return import_table(
            TYPES[kind].resource(user=user),
            table,
            apply=apply,
            access=access_for(user) if user is not None else None,
            change_reason=_("Import of %(file)s") % {"file": file_name},
            progress=progress,
            expected=expected,
            before_commit=before_commit,
        )
    except SpreadsheetError as error:
        return _file_error(error)
    finally:
        table.close()


def _file_error(error: SpreadsheetError) -> ImportReport:
    report = ImportReport()
    report.add_error(None, "", str(error))
    return report


def _ended(report: ImportReport, **fields) -> dict:
    return {"report": report.as_dict(), "rows_done": report.rows,
            "heartbeat_at": timezone.now(), **fields}  # fmt: skip


def check_run(run_id: int) -> None:
    run = ImportRun.objects.defer("data").get(pk=run_id)
    report = _execute(run, apply=False, actor=run.user)
    if report.database_unreachable:
        raise OperationalError("database unreachable during the check")
    work.finish(ImportRun, run_id, run.worker, **_ended(report, status=ImportRun.Status.CHECKED))


def apply_run(run_id: int) -> None:
    """Applies the checked file. "Applied" is written in the import's own transaction, so a
    run that ends any other way (worker killed, outage) has changed nothing; and a run given up
    meanwhile (its worker taken for dead) writes nothing either."""
    run = ImportRun.objects.defer("data").get(pk=run_id)

    def mark_applied(report: ImportReport) -> None:
        applied = _ended(
            report, status=ImportRun.Status.APPLIED, applied_at=timezone.now(), data=b"", problem=""
        )  # fmt: skip  (the file is no longer needed)
        if not work.owned(ImportRun, run_id, run.worker).update(**applied):
            raise work.JobLost(run_id)

    report = _execute(run, apply=True, actor=run.applied_by, before_commit=mark_applied)
    if report.database_unreachable:  # nothing was written; the checked preview stays
        raise OperationalError("database unreachable while applying")
    if not report.applied:  # shows the new report; nothing was changed
        work.finish(ImportRun, run_id, run.worker,
                    **_ended(report, status=ImportRun.Status.CHECKED, problem=""))  # fmt: skip


def run_file(
    *, kind: str, data: bytes | BinaryIO, file_name: str, apply: bool, user=None
) -> ImportReport:
    """The shell's import: check, and with ``apply`` write, in the calling thread. ``data``: the
    file's bytes or the open file."""
    return _import_file(kind=kind, data=data, file_name=file_name, apply=apply, user=user)
