"""Imports as users start and confirm them. Only the administration and the Referat Digitale
Stadt may import; every row is further limited to what the importing user may edit.

Checking and applying run in a background thread (``IMPORT_IN_BACKGROUND``), so that a large
file never holds a request open; the import page shows the progress. Tests and the shell run
them inline.
"""

import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection, models, transaction
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from access.rights import access_for
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
    _expire_old_uploads()
    run = ImportRun.objects.create(
        kind=kind,
        file_name=uploaded_file.name[:255],
        file_size=len(data),
        data=data,
        user=user,
    )
    _start(check_run, run.pk)
    return run


def import_confirm(*, run: ImportRun, user) -> ImportRun:
    """Apply a checked import. The run is claimed under a row lock, so that a double click
    or a second person cannot apply the same file twice."""
    ensure_can_import(user)
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().defer("data").get(pk=run.pk)
        if not locked.can_apply:
            raise ValidationError(_("This import cannot be applied (any more)."))
        others = ImportRun.objects.filter(kind=locked.kind, status=ImportRun.Status.APPLYING)
        if any(other.is_working for other in others.defer("data", "report")):
            raise ValidationError(
                _("Another file of this type is being applied. Apply this one when it is done.")
            )
        locked.status = ImportRun.Status.APPLYING
        locked.applied_by = user
        locked.rows_done = 0
        locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["status", "applied_by", "rows_done", "heartbeat_at"])
    _start(apply_run, locked.pk)
    return locked


def _expire_old_uploads() -> None:
    """Uploaded files are kept only until they are applied, or for a week."""
    ImportRun.objects.exclude(
        status__in=[ImportRun.Status.APPLIED, ImportRun.Status.EXPIRED]
    ).filter(heartbeat_at__lt=timezone.now() - KEEP_UNAPPLIED_FILES).update(
        status=ImportRun.Status.EXPIRED, data=b""
    )


def _start(task, run_id: int) -> None:
    if getattr(settings, "IMPORT_IN_BACKGROUND", True):
        thread = threading.Thread(target=_in_thread, args=(task, run_id), name=f"import-{run_id}")
        thread.start()
    else:
        task(run_id)


def _in_thread(task, run_id: int) -> None:
    try:
        with translation.override(settings.LANGUAGE_CODE):
            task(run_id)
    except Exception:
        logger.exception("import %s failed", run_id)
        ImportRun.objects.filter(pk=run_id).update(status=ImportRun.Status.FAILED)
    finally:
        close_old_connections()
        connection.close()


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


def _execute(run: ImportRun, *, apply: bool, actor) -> ImportReport:
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
            )
    except SpreadsheetError as error:
        return _file_error(error)


def _import_file(*, kind, data, file_name, apply, user, progress=None, expected=None,
                 started=None) -> ImportReport:  # fmt: skip
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
        )
    except SpreadsheetError as error:
        return _file_error(error)
    finally:
        table.close()


def _file_error(error: SpreadsheetError) -> ImportReport:
    report = ImportReport()
    report.add_error(None, "", str(error))
    return report


def _record(run: ImportRun, report: ImportReport) -> None:
    run.report = report.as_dict()
    run.result = report  # not the report cached before this run
    run.rows_done = report.rows
    run.heartbeat_at = timezone.now()


def check_run(run_id: int) -> ImportRun:
    run = ImportRun.objects.defer("data").get(pk=run_id)
    _record(run, _execute(run, apply=False, actor=run.user))
    run.status = ImportRun.Status.CHECKED
    run.save(update_fields=["report", "status", "rows_done", "heartbeat_at"])
    return run


def apply_run(run_id: int) -> ImportRun:
    run = ImportRun.objects.defer("data").get(pk=run_id)
    report = _execute(run, apply=True, actor=run.applied_by)
    _record(run, report)
    if report.applied:
        run.status = ImportRun.Status.APPLIED
        run.applied_at = timezone.now()
        run.data = b""  # applied: the file is no longer needed
    else:
        run.status = ImportRun.Status.CHECKED  # shows the new report; nothing was changed
    run.save()
    return run


def run_file(
    *, kind: str, data: bytes | BinaryIO, file_name: str, apply: bool, user=None
) -> ImportReport:
    """The shell's import: check, and with ``apply`` write, in the calling thread. ``data``: the
    file's bytes or the open file."""
    return _import_file(kind=kind, data=data, file_name=file_name, apply=apply, user=user)
