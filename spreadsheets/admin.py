"""django-import-export's admin screens, with the app's safeguards: uploads are read by the
app's reader (size limit, zip-bomb check, defusedxml, no formulas), only the administration
and the Referat Digitale Stadt import, imports record the user in the history, and exports
are written by the app's xlsx writer (formula injection neutralised)."""

import tablib
from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from core.excel import write_xlsx
from spreadsheets.models import ImportRun
from spreadsheets.reading import SpreadsheetError, open_table
from spreadsheets.services import can_import


def dataset_from_upload(data: bytes, filename: str) -> tablib.Dataset:
    table = open_table(data, filename)
    if table.header_problems:
        raise SpreadsheetError(" ".join(table.header_problems))
    width = len(table.headers)
    dataset = tablib.Dataset(headers=table.headers)
    for number, cells in table.rows():
        for position, cell in enumerate(cells[:width]):
            if cell.formula:
                raise SpreadsheetError(
                    f"Zeile {number}, Spalte {table.headers[position]}: "
                    "Die Zelle enthält eine Formel. Ersetzen Sie sie durch ihren Wert."
                )
        values = [cell.value for cell in cells[:width]]
        dataset.append(values + [None] * (width - len(values)))
    return dataset


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        return dataset_from_upload(in_stream, "upload.xlsx")

    def export_data(self, dataset, **kwargs):
        return write_xlsx(title=dataset.title or "Export", headers=dataset.headers, rows=dataset)


class SafeCSV(base_formats.CSV):
    """Reads bytes itself: UTF-8 or Windows-1252, comma or semicolon."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        return dataset_from_upload(in_stream, "upload.csv")


class SpreadsheetAdminMixin(ImportExportMixin):
    import_formats = [SafeXLSX, SafeCSV]
    export_formats = [SafeXLSX]

    def has_import_permission(self, request):
        return can_import(request.user)

    def has_export_permission(self, request):
        """Exports hold every entry, confidential ones too: the importers' right."""
        return can_import(request.user)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "status", "user", "created_at", "applied_at"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "user__username"]
    list_select_related = ["user"]
    exclude = ["data"]
    readonly_fields = [
        "kind",
        "file_name",
        "file_size",
        "user",
        "status",
        "rows_done",
        "rows_expected",
        "report",
        "created_at",
        "heartbeat_at",
        "applied_at",
        "applied_by",
    ]

    def has_view_permission(self, request, obj=None):
        return can_import(request.user)  # reports show values of confidential projects

    def has_module_permission(self, request):
        return can_import(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
