"""Export → import reproduces the data exactly: over the demo data, every type is exported,
the database emptied, the files imported in order, and the export taken again."""

import datetime
import io

import openpyxl
import pytest

from agenda.models import AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from agenda.reference import reference_load
from demo.seeding import demo_seed
from intake.models import Round
from needs.models import Need
from offerings.models import Offering
from organisation.models import Department, Membership, OrgUnit
from projects.models import Project, StatusUpdate
from spreadsheets.registry import TYPES
from spreadsheets.services import run_file
from spreadsheets.workbooks import export_csv, export_xlsx
from tests.factories import AgendaProjectFactory, ProjectFactory, StatusUpdateFactory


def _export_all(fmt="xlsx") -> dict[str, bytes]:
    write = export_xlsx if fmt == "xlsx" else export_csv
    return {slug: write(sheet, None) for slug, sheet in TYPES.items()}


def _values(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _import_all(files: dict[str, bytes], ending="xlsx", preparations=None):
    """Every file in the registry's order; ``preparations``: slug -> what to do before it."""
    reports = {}
    for slug, data in files.items():
        if preparations and slug in preparations:
            preparations[slug]()
        report = run_file(kind=slug, data=data, file_name=f"{slug}.{ending}", apply=True)
        assert report.ok, (slug, report.errors[:5])
        reports[slug] = report
    return reports


def _empty_the_database() -> dict:
    """Delete every imported type (and with the departments their workspace memberships).
    Returns what puts the memberships back, as the administration would add them, before the
    needs: they are no spreadsheet type, and a need's owner is a member of its department."""
    members = list(
        Membership.objects.values_list("user_id", "department__name", "role", "expires_at")
    )
    # Intake rounds keep their offices (PROTECT): they go first.
    for model in (Round, Need, Offering, StatusUpdate, Project, AgendaProject, Goal,
                  FieldOfAction, GuidingPrinciple, Membership, OrgUnit, Department):  # fmt: skip
        model.objects.all().delete()

    def restore_memberships():
        departments = {department.name: department for department in Department.objects.all()}
        Membership.objects.bulk_create(
            Membership(user_id=user, department=departments[name], role=role, expires_at=until)
            for user, name, role, until in members
        )

    return {"bedarfe": restore_memberships}


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

    reports = _import_all(before, preparations=_empty_the_database())

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
    _import_all(before, ending="csv", preparations=_empty_the_database())
    assert _export_all("csv") == before


# --- every stored text comes back byte for byte -------------------------------------------------
HOSTILE_TEXTS = [
    "Steuer\x01zeichen\x1fmitten im Text",
    "Spalte\tmit Tabulator",
    "Zeile eins\r\nZeile zwei\nZeile drei",
    "_x0041_",
    "_x005F_x0041_",
    "Umbruch als _x000D_ geschrieben",
    "_xABCD\x01",  # an underscore before an escaped control character
    "=SUMME(A1:A3)",
    "+49 341 123456",
    "-5 % gegenüber dem Vorjahr",
    "@Kulturamt",
    "'=1+1",
    "''=1+1",
    "'Zitat'",
    "Emoji 🎉 und 👩🏽‍💻",
    "مرحبا بالعالم، شكرا",
    "Cafe\u0301 und Be\u0301ne\u0301dicte (NFD)",
    "ohne\u00a0Umbruch\u00a010\u00a0%",
    "<r><t>sieht aus wie Rich Text</t></r>",
    '<r></t></is></c><c r="Z9"><f>HYPERLINK("http://x","y")</f></c><c><is><t></r>',
    "ü" * 16_000 + "x" * 16_767,  # 32,767 characters, the most a cell holds
]
TEXT_FIELDS = {
    "description": None,
    "contact_person": 200,
    "funding_source": 200,
    "external_partners": 500,
    "agenda_contribution": 500,
}


@pytest.fixture
def hostile_texts(city, strategy):
    """One project per hostile text in every free-text field (cut to the field's length), with
    a status update reporting it; stored as forms store text, without surrounding spaces. A
    contribution names its agenda project, as every path that writes requires."""
    agenda_project = AgendaProjectFactory(agenda=strategy, title="Urbane Datenplattform")
    for number, text in enumerate(HOSTILE_TEXTS):
        values = {name: text[:length] for name, length in TEXT_FIELDS.items()}
        project = ProjectFactory(
            department=city["kultur"], title=f"Vorhaben {number}: {text[:40]}",
            agenda_project=agenda_project, **values,
        )  # fmt: skip
        StatusUpdateFactory(project=project, text=text, reported_on=datetime.date(2026, 6, 30))


def _stored_texts() -> list[tuple]:
    projects = Project.objects.values_list("title", *TEXT_FIELDS)
    reports = StatusUpdate.objects.values_list("project__title", "text")
    return sorted(projects) + sorted(reports)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_importing_the_export_changes_no_stored_text(hostile_texts, fmt):
    before = _stored_texts()
    files = _export_all(fmt)
    for slug in ("vorhaben", "statusmeldungen"):
        report = run_file(kind=slug, data=files[slug], file_name=f"{slug}.{fmt}", apply=True)
        assert report.ok, report.errors[:3]
        assert (report.new, report.changed) == (0, 0), report.changes[:3]
    assert _stored_texts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_export_imported_into_an_empty_database_stores_every_text_unchanged(hostile_texts, fmt):
    before = _stored_texts()
    files = _export_all(fmt)
    StatusUpdate.objects.all().delete()
    Project.objects.all().delete()
    for slug in ("vorhaben", "statusmeldungen"):
        report = run_file(kind=slug, data=files[slug], file_name=f"{slug}.{fmt}", apply=True)
        assert report.ok, report.errors[:3]
    assert _stored_texts() == before
