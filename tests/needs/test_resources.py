"""The spreadsheets of needs and offerings: export and import give back what was there, and an
import applies the services' rules to every row, all rows or none."""

import pytest

from needs.models import Need
from needs.resources import NeedResource
from offerings.models import Offering
from offerings.resources import OfferingResource
from spreadsheets.registry import TYPES
from spreadsheets.services import run_file
from spreadsheets.workbooks import export_csv, export_xlsx
from tests.factories import MembershipFactory, NeedFactory, OfferingFactory

pytestmark = pytest.mark.django_db


def _csv(resource, rows: list[dict]) -> bytes:
    headings = resource.column_names()
    lines = [";".join(headings)]
    for row in rows:
        lines.append(";".join(str(row.get(heading, "")) for heading in headings))
    return ("\n".join(lines) + "\n").encode()


def _need_row(**cells) -> dict:
    return {
        "Dezernat": "Dezernat Kultur",
        "Titel": "Kein WLAN",
        "Kategorie": "Infrastruktur",
    } | cells


def _import(kind, content, user=None, apply=True):
    return run_file(kind=kind, data=content, file_name=f"{kind}.csv", apply=apply, user=user)


@pytest.fixture
def register(kultur, soziales, kultur_project, confidential_kultur_project, rds_user):
    offering = OfferingFactory(title="Urbane Datenplattform", slug="datenplattform")
    NeedFactory(
        department=kultur, title="Daten ohne Schlüssel", category="daten", severity="hoch",
        owner=rds_user, offering=offering, projects=[kultur_project, confidential_kultur_project],
        status="geloest", status_reason="Mit der Plattform gelöst", description="=1+1 bleibt Text",
    )  # fmt: skip
    NeedFactory(department=soziales, title="Zu wenig Personal", category="personal")
    return offering


@pytest.mark.parametrize("kind", ["angebote", "bedarfe"])
@pytest.mark.parametrize("write", [export_xlsx, export_csv])
def test_importing_the_export_again_changes_nothing(register, kind, write):
    content = write(TYPES[kind], None)
    ending = "xlsx" if write is export_xlsx else "csv"
    report = run_file(kind=kind, data=content, file_name=f"{kind}.{ending}", apply=True)
    assert report.ok, report.errors
    assert (report.new, report.changed, report.unchanged) == (
        0,
        0,
        Need.objects.count() if kind == "bedarfe" else 1,
    )


def test_export_then_import_into_an_empty_register_gives_it_back(register):
    offerings = export_xlsx(TYPES["angebote"], None)
    needs = export_xlsx(TYPES["bedarfe"], None)
    before = list(Need.objects.order_by("title").values_list(
        "department__slug", "title", "category", "severity", "status", "status_reason", "owner",
        "offering__slug", "description",
    ))  # fmt: skip
    links = sorted(Need.objects.values_list("title", "projects__title"))
    Need.objects.all().delete()
    Offering.objects.all().delete()
    assert run_file(kind="angebote", data=offerings, file_name="a.xlsx", apply=True).new == 1
    assert run_file(kind="bedarfe", data=needs, file_name="b.xlsx", apply=True).new == 2
    after = list(Need.objects.order_by("title").values_list(
        "department__slug", "title", "category", "severity", "status", "status_reason", "owner",
        "offering__slug", "description",
    ))  # fmt: skip
    assert after == before
    assert sorted(Need.objects.values_list("title", "projects__title")) == links


def test_an_imported_need_keeps_the_importer_in_its_history(kultur, rds_user):
    report = _import("bedarfe", _csv(NeedResource(), [_need_row()]), user=rds_user)
    assert report.ok
    assert report.new == 1
    need = Need.objects.get()
    assert (need.created_by, need.history.get().history_user) == (rds_user, rds_user)


def _errors(report) -> list[tuple]:
    return [(error.row, error.column, error.message) for error in report.errors]


def test_an_unknown_category_is_refused_with_its_row_and_column(kultur, rds_user):
    report = _import(
        "bedarfe", _csv(NeedResource(), [_need_row(Kategorie="Wetter")]), user=rds_user
    )
    assert not report.applied
    [(row, column, message)] = _errors(report)
    assert (row, column) == (2, "Kategorie")
    assert "Wetter" in message
    assert not Need.objects.exists()


def test_a_coordinator_imports_no_row_of_another_workspace(kultur, soziales, coordinator):
    rows = [_need_row(), _need_row(Dezernat=soziales.name, Titel="Fremder Bedarf")]
    report = _import("bedarfe", _csv(NeedResource(user=coordinator), rows), user=coordinator)
    assert not report.applied
    assert [error.row for error in report.errors] == [3]
    assert not Need.objects.exists()  # all rows or none


def test_a_closed_need_without_a_reason_is_refused(kultur, rds_user):
    report = _import("bedarfe", _csv(NeedResource(), [_need_row(Status="gelöst")]), user=rds_user)
    assert not report.applied
    assert _errors(report)[0][1] == "Begründung des Status"


def test_reopening_in_a_file_says_why(register, rds_user):
    row = _need_row(Titel="Daten ohne Schlüssel", Kategorie="Daten", Status="offen")
    report = _import(
        "bedarfe", _csv(NeedResource(), [row | {"Begründung des Status": ""}]), rds_user
    )
    assert not report.applied
    assert "wieder geöffnet" in report.errors[0].message
    report = _import(
        "bedarfe", _csv(NeedResource(), [row | {"Begründung des Status": "Trägt nicht"}]), rds_user
    )
    assert report.applied
    assert Need.objects.get(title="Daten ohne Schlüssel").status == "offen"


def test_a_project_of_another_department_is_unknown_in_the_row(kultur, soziales_project, rds_user):
    row = _need_row(**{"Betroffene Vorhaben": soziales_project.title})
    report = _import("bedarfe", _csv(NeedResource(), [row]), user=rds_user)
    assert not report.applied
    assert _errors(report)[0][1] == "Betroffene Vorhaben"


def test_an_owner_outside_the_department_is_refused(kultur, staff, rds_user):
    report = _import(
        "bedarfe", _csv(NeedResource(), [_need_row(Verantwortlich=staff.username)]), user=rds_user
    )
    assert not report.applied
    assert _errors(report)[0][1] == "Verantwortlich"
    member = MembershipFactory(department=kultur, role="mitarbeit").user
    report = _import(
        "bedarfe", _csv(NeedResource(), [_need_row(Verantwortlich=member.username)]), user=rds_user
    )
    assert report.applied
    assert Need.objects.get().owner == member


def test_the_key_of_the_source_comes_back_once_per_department(kultur, soziales, rds_user):
    rows = [
        _need_row(**{"Schlüssel der Herkunft": "erfassung:9"}),
        _need_row(Titel="Anderer", **{"Schlüssel der Herkunft": "erfassung:9"}),
    ]
    report = _import("bedarfe", _csv(NeedResource(), rows), user=rds_user)
    assert not report.applied  # the database refuses the second: nothing is saved
    assert not Need.objects.exists()
    rows[1]["Dezernat"] = soziales.name
    assert _import("bedarfe", _csv(NeedResource(), rows), user=rds_user).applied
    assert Need.objects.filter(source_ref="erfassung:9").count() == 2


def test_offerings_are_imported_by_the_central_unit_only(coordinator, rds_user):
    content = _csv(OfferingResource(), [{"Kennung": "app", "Titel": "Städtische App"}])
    report = _import("angebote", content, user=coordinator)
    assert not report.applied
    assert not Offering.objects.exists()
    assert _import("angebote", content, user=rds_user).applied
    assert Offering.objects.get().title == "Städtische App"


def test_an_offering_status_outside_the_choices_is_refused(rds_user):
    content = _csv(OfferingResource(), [{"Kennung": "app", "Titel": "App", "Status": "super"}])
    report = _import("angebote", content, user=rds_user)
    assert not report.applied
    assert _errors(report)[0][1] == "Status"


def test_a_reserved_key_is_refused_in_a_file(rds_user):
    content = _csv(OfferingResource(), [{"Kennung": "neu", "Titel": "Neu"}])
    assert not _import("angebote", content, user=rds_user).applied


def test_a_partners_export_names_no_offering(kultur, partner):
    assert "RDS-Angebot" not in NeedResource(user=partner).column_names()
    assert "RDS-Angebot" in NeedResource().column_names()
