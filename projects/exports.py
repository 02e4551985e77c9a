"""The project list's Excel export as background work: a filtered list of more than
``EXPORT_INLINE_ROWS`` rows is written by the worker, with progress, and downloaded when
ready. The user's scope is applied when the file is built."""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from access.rights import access_for
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, write_xlsx
from jobs.downloads import Built, Refused, builder, with_progress
from organisation.models import Department
from projects.tables import export_rows


def file_name(department: Department | None) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"vorhaben-{department.slug}-{stamp}.xlsx" if department else f"vorhaben-{stamp}.xlsx"


def write(sheet, progress=None) -> bytes:
    rows = sheet.rows if progress is None else with_progress(sheet.rows, progress)
    return write_xlsx(title=sheet.title, headers=sheet.headers, rows=rows)


@builder
def list_export(*, user, params: dict, progress) -> Built:
    department = None
    if not params.get("department") and access_for(user).is_partner_only:
        raise Refused(_("External partners see the projects of their workspaces only."))
    if params.get("department"):
        department = Department.objects.visible_to(user).filter(slug=params["department"]).first()
        if department is None:  # no longer in the user's scope
            raise Refused(_("You can no longer see this workspace, so nothing was exported."))
    sheet = export_rows(user=user, params=QueryDict(params["query"]), department=department)
    try:
        content = write(sheet, progress)
    except CellTooLong as error:
        raise Refused(str(error)) from error
    return Built(file_name(department), XLSX_CONTENT_TYPE, content)
