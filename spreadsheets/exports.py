"""The data page's exports as background work: a type with more rows than
``EXPORT_INLINE_ROWS`` is written by the worker, with progress, and downloaded when ready."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.excel import XLSX_CONTENT_TYPE, CellTooLong
from jobs.downloads import Built, Refused, builder, with_progress
from spreadsheets.registry import sheet_type
from spreadsheets.services import can_import
from spreadsheets.workbooks import CSV_CONTENT_TYPE, export_csv, export_xlsx

WRITERS = {"xlsx": (export_xlsx, XLSX_CONTENT_TYPE), "csv": (export_csv, CSV_CONTENT_TYPE)}


def file_name(kind: str, fmt: str) -> str:
    return f"{kind}-{timezone.localdate():%Y-%m-%d}.{fmt}"


@builder
def data_export(*, user, params: dict, progress) -> Built:
    if not can_import(user):  # the data page's gate, as it stands when the file is built
        raise Refused(_("Only the administration and the Referat Digitale Stadt import."))
    kind, fmt = params["kind"], params["format"]
    write, content_type = WRITERS[fmt]
    try:
        content = write(sheet_type(kind), user, rows=lambda rows: with_progress(rows, progress))
    except CellTooLong as error:
        raise Refused(str(error)) from error
    return Built(file_name(kind, fmt), content_type, content)
