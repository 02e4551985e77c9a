"""Export → import reproduces the data exactly: over the demo data, every type is exported,
the database emptied, the files imported in order, and the export taken again."""

import io

import openpyxl
import pytest

from agenda.models import AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from core.demo import demo_seed
from core.reference import reference_load
from organisation.models import Department, Membership, OrgUnit
from projects.models import Project, StatusUpdate
from spreadsheets.registry import TYPES
from spreadsheets.services import run_file
from spreadsheets.workbooks import export_csv, export_xlsx


def _export_all(fmt="xlsx") -> dict[str, bytes]:
    write = export_xlsx if fmt == "xlsx" else export_csv
    return {slug: write(sheet, None) for slug, sheet in TYPES.items()}


def _values(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _import_all(files: dict[str, bytes], ending="xlsx"):
    reports = {}
    for slug, data in files.items():
        report = run_file(kind=slug, data=data, file_name=f"{slug}.{ending}", apply=True)
        assert report.ok, (slug, report.errors[:5])
        reports[slug] = report
    return reports


def _empty_the_database():
    for model in (StatusUpdate, Project, AgendaProject, Goal, FieldOfAction, GuidingPrinciple,
                  Membership, OrgUnit, Department):  # fmt: skip
        model.objects.all().delete()


@pytest.fixture
def demo_data(db):
    reference_load()
    demo_seed(projects=60, seed=5)
    GuidingPrinciple.objects.create(
        agenda=FieldOfAction.objects.first().agenda, title="Beispielleitlinie: offen", order=1
    )


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_reproduces_every_type(demo_data):
    before = _export_all()
    counts = {slug: len(_values(data)) - 1 for slug, data in before.items()}
    assert counts["vorhaben"] == Project.objects.count() > 0
    assert counts["statusmeldungen"] == StatusUpdate.objects.count() > 0

    _empty_the_database()
    reports = _import_all(before)

    assert {slug: report.new for slug, report in reports.items()} == counts
    after = _export_all()
    for slug in TYPES:
        assert _values(after[slug]) == _values(before[slug]), slug


@pytest.mark.django_db
def test_importing_the_export_again_changes_nothing(demo_data):
    files = _export_all()
    reports = _import_all(files)
    assert {slug: (r.new, r.changed) for slug, r in reports.items()} == dict.fromkeys(TYPES, (0, 0))


@pytest.mark.django_db
def test_csv_export_round_trips_too(demo_data):
    before = _export_all("csv")
    _empty_the_database()
    _import_all(before, ending="csv")
    assert _export_all("csv") == before
