"""Synergies as a spreadsheet type: export, template and import, checked with the services'
link rules (once per pair in either order, never with itself, no circle of dependencies, the
status steps), each row as if the rows above it were saved, all rows or none."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from spreadsheets.models import ImportRun
from spreadsheets.registry import TYPES
from spreadsheets.services import run_file
from spreadsheets.workbooks import export_csv, export_xlsx
from synergies.models import Suggestion, Synergy
from tests.factories import ProjectFactory

Kind, Status = Synergy.Kind, Synergy.Status

HEADINGS = (
    "Dezernat;Vorhaben;Art;Dezernat des verknüpften Vorhabens;Verknüpftes Vorhaben;Status;Grund;"
    "Beschreibung"
)


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _row(project, kind, other, status="", reason="", description="") -> str:
    return ";".join(
        [project.department.name, project.title, kind, other.department.name, other.title,
         status, reason, description]
    )  # fmt: skip


def _import(data: bytes, *, user=None, apply=True, name="synergien.csv"):
    return run_file(kind="synergien", data=data, file_name=name, apply=apply, user=user)


def _messages(report) -> list[tuple]:
    return [(error.row, error.column, error.message) for error in report.errors]


def _stored() -> list[tuple]:
    return sorted(
        Synergy.objects.values_list(
            "pk", "kind", "source_id", "target_id", "status", "status_reason", "description",
            "version", "decided_by_id", "decided_at",
        )
    )  # fmt: skip


def _link(source, target, kind=Kind.REUSE, **fields) -> Synergy:
    return Synergy.objects.create(kind=kind, source=source, target=target, **fields)


@pytest.fixture
def projects(kultur, soziales, kultur_project, soziales_project):
    """Two more projects of each department, one of them with an external ID."""
    return {
        "ausleihe": kultur_project,
        "sozialpass": soziales_project,
        "ticketing": ProjectFactory(
            department=kultur, title="Digitales Ticketing", external_id="KU-7"
        ),
        "archiv": ProjectFactory(department=kultur, title="Archiv online"),
        "termine": ProjectFactory(department=soziales, title="Termine im Bürgeramt"),
    }


@pytest.fixture
def links(projects):
    """One link of each kind and status; the shared component lower id first."""
    p = projects
    low, high = sorted([p["archiv"], p["termine"]], key=lambda project: project.pk)
    return [
        _link(p["ausleihe"], p["sozialpass"], Kind.REUSE, description="Portal teilen"),
        _link(p["termine"], p["ticketing"], Kind.REPLICATION, status=Status.CONFIRMED),
        _link(low, high, Kind.SHARED_COMPONENT, status=Status.IMPLEMENTED),
        _link(p["ticketing"], p["archiv"], Kind.DEPENDENCY),
        _link(
            p["sozialpass"],
            p["ticketing"],
            Kind.DUPLICATE,
            status=Status.DISCARDED,
            status_reason="Verschiedene Zielgruppen",
        ),
    ]


def _export(fmt="xlsx", user=None) -> bytes:
    write = export_xlsx if fmt == "xlsx" else export_csv
    return write(TYPES["synergien"], user)


def _rows(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


# --- the type ----------------------------------------------------------------------------------
def test_synergies_come_after_the_status_updates_and_need_the_projects():
    sheet = TYPES["synergien"]
    assert list(TYPES).index("synergien") == list(TYPES).index("statusmeldungen") + 1
    assert sheet.depends_on == ("vorhaben",)
    assert str(sheet.label) == "Synergien"


@pytest.mark.django_db
def test_the_export_names_both_projects_as_status_updates_name_theirs(links):
    rows = _rows(_export())
    assert rows[0] == (
        "Externe ID des Vorhabens", "Dezernat", "Vorhaben", "Art",
        "Externe ID des verknüpften Vorhabens", "Dezernat des verknüpften Vorhabens",
        "Verknüpftes Vorhaben", "Status", "Grund", "Beschreibung",
    )  # fmt: skip
    assert len(rows) == 1 + len(links)
    assert (
        None, "Dezernat Kultur", "Digitale Ausleihe", "Nachnutzung", None,
        "Dezernat Soziales, Gesundheit und Vielfalt", "Online-Antrag Sozialpass",
        "vorgeschlagen", None, "Portal teilen",
    ) in rows  # fmt: skip
    assert any(row[:3] == ("KU-7", "Dezernat Kultur", "Digitales Ticketing") for row in rows)


# --- export, then import ----------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_importing_the_export_changes_nothing(links, fmt):
    before = _stored()
    report = _import(_export(fmt), name=f"synergien.{fmt}")
    assert report.applied, report.errors
    assert (report.new, report.changed, report.unchanged) == (0, 0, len(links))
    assert _stored() == before


@pytest.mark.django_db
def test_the_export_imported_into_an_empty_table_brings_back_every_link(links):
    files = _export()
    Synergy.objects.all().delete()
    report = _import(files, name="synergien.xlsx")
    assert report.applied, report.errors
    assert report.new == len(links)
    assert _rows(_export()) == _rows(files)


# --- new and changed links --------------------------------------------------------------------
@pytest.mark.django_db
def test_a_new_link_is_imported_as_proposed_with_history(projects, rds_user):
    p = projects
    data = _csv(HEADINGS, _row(p["archiv"], "Nachnutzung", p["sozialpass"], description="API"))
    report = _import(data, user=rds_user)
    assert report.applied, report.errors
    link = Synergy.objects.get()
    assert (link.source, link.target, link.kind) == (p["archiv"], p["sozialpass"], Kind.REUSE)
    assert (link.status, link.description, link.proposed_by) == (Status.PROPOSED, "API", rds_user)
    assert link.decided_by is None
    record = link.history.get()
    assert (record.history_type, record.history_user) == ("+", rds_user)
    assert "synergien.csv" in record.history_change_reason


@pytest.mark.django_db
def test_a_project_is_found_by_its_external_id(projects):
    p = projects
    data = _csv(
        "Externe ID des Vorhabens;Vorhaben;Art;Externe ID des verknüpften Vorhabens;"
        "Dezernat des verknüpften Vorhabens;Verknüpftes Vorhaben",
        "KU-7;Alter Titel;Abhängigkeit;;Dezernat Kultur;Digitale Ausleihe",
    )
    report = _import(data)
    assert report.applied, report.errors
    link = Synergy.objects.get()
    assert (link.source, link.target, link.kind) == (p["ticketing"], p["ausleihe"], Kind.DEPENDENCY)


@pytest.mark.django_db
def test_a_symmetric_kind_is_stored_lower_id_first(projects):
    low, high = sorted([projects["ausleihe"], projects["termine"]], key=lambda p: p.pk)
    report = _import(_csv(HEADINGS, _row(high, "gemeinsame Komponente", low)))
    assert report.applied, report.errors
    link = Synergy.objects.get()
    assert (link.source, link.target) == (low, high)


@pytest.mark.django_db
def test_a_linked_pair_named_from_the_other_side_changes_that_link(projects):
    low, high = sorted([projects["ausleihe"], projects["termine"]], key=lambda p: p.pk)
    link = _link(low, high, Kind.SHARED_COMPONENT, description="alt")
    report = _import(_csv(HEADINGS, _row(high, "gemeinsame Komponente", low, description="neu")))
    assert report.applied, report.errors
    assert (report.new, report.changed) == (0, 1)
    stored = Synergy.objects.get()
    assert (stored.pk, stored.source, stored.target) == (link.pk, low, high)
    assert (stored.description, stored.version) == ("neu", 2)


@pytest.mark.django_db
def test_a_directed_link_named_from_the_other_side_swaps_its_direction(projects):
    p = projects
    link = _link(p["ausleihe"], p["sozialpass"], Kind.REUSE)
    report = _import(_csv(HEADINGS, _row(p["sozialpass"], "Nachnutzung", p["ausleihe"])))
    assert report.applied, report.errors
    assert (report.new, report.changed) == (0, 1)
    stored = Synergy.objects.get()
    assert (stored.pk, stored.source, stored.target) == (link.pk, p["sozialpass"], p["ausleihe"])


@pytest.mark.django_db
def test_a_status_step_records_the_importer_as_the_one_who_decided(projects, rds_user):
    p = projects
    link = _link(p["ausleihe"], p["sozialpass"], Kind.REUSE)
    report = _import(
        _csv(HEADINGS, _row(p["ausleihe"], "Nachnutzung", p["sozialpass"], "bestätigt")),
        user=rds_user,
    )
    assert report.applied, report.errors
    link.refresh_from_db()
    assert (link.status, link.decided_by) == (Status.CONFIRMED, rds_user)
    assert link.decided_at is not None
    assert link.history.first().decided_by_id == rds_user.pk


@pytest.mark.django_db
def test_going_back_needs_a_reason_of_its_own(projects):
    p = projects
    link = _link(p["ausleihe"], p["sozialpass"], status=Status.CONFIRMED, status_reason="früher")
    row = _row(p["ausleihe"], "Nachnutzung", p["sozialpass"], "vorgeschlagen", "früher")
    refused = _import(_csv(HEADINGS, row))
    assert _messages(refused) == [(2, "Grund", "Geben Sie einen Grund an.")]
    row = _row(p["ausleihe"], "Nachnutzung", p["sozialpass"], "vorgeschlagen", "Neu prüfen")
    assert _import(_csv(HEADINGS, row)).applied
    link.refresh_from_db()
    assert (link.status, link.status_reason) == (Status.PROPOSED, "Neu prüfen")


@pytest.mark.django_db
def test_linked_pairs_are_no_longer_suggested(projects):
    p = projects
    Suggestion.objects.create(
        project=p["ausleihe"], other=p["sozialpass"], score=0.5, computed_at=timezone.now()
    )
    Suggestion.objects.create(
        project=p["ausleihe"], other=p["termine"], score=0.4, computed_at=timezone.now()
    )
    assert _import(_csv(HEADINGS, _row(p["sozialpass"], "Nachnutzung", p["ausleihe"]))).applied
    assert list(Suggestion.objects.values_list("other", flat=True)) == [p["termine"].pk]


# --- hostile rows: refused with a German message, nothing written -------------------------------
@pytest.fixture
def chain(projects):
    """Ausleihe depends on Ticketing, Ticketing on Archiv."""
    p = projects
    _link(p["ausleihe"], p["ticketing"], Kind.DEPENDENCY)
    _link(p["ticketing"], p["archiv"], Kind.DEPENDENCY)
    return p


def _refused(data: bytes) -> list[tuple]:
    before = _stored()
    report = _import(data)
    assert not report.applied
    assert _stored() == before
    return _messages(report)


@pytest.mark.django_db
def test_an_unknown_project_is_refused(projects):
    p = projects
    unknown = ProjectFactory.build(department=p["ausleihe"].department, title="Gibt es nicht")
    assert _refused(_csv(HEADINGS, _row(p["ausleihe"], "Nachnutzung", unknown))) == [
        (2, "Verknüpftes Vorhaben",
         "Das Vorhaben „Gibt es nicht“ im „Dezernat Kultur“ ist unbekannt. Importieren Sie "
         "zuerst die Vorhaben oder prüfen Sie Titel und Dezernat."),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_project_linked_with_itself_is_refused(projects):
    p = projects
    assert _refused(_csv(HEADINGS, _row(p["ausleihe"], "Nachnutzung", p["ausleihe"]))) == [
        (2, "Verknüpftes Vorhaben", "Ein Vorhaben kann nicht mit sich selbst verknüpft werden.")
    ]


@pytest.mark.django_db
def test_a_dependency_closing_a_circle_is_refused(chain):
    messages = _refused(_csv(HEADINGS, _row(chain["archiv"], "Abhängigkeit", chain["ausleihe"])))
    assert [(row, column) for row, column, _message in messages] == [(2, "Art")]
    assert "Diese Abhängigkeit würde einen Kreis schließen" in messages[0][2]


@pytest.mark.django_db
def test_a_circle_closed_by_the_rows_of_the_file_itself_is_refused(projects):
    p = projects
    messages = _refused(
        _csv(
            HEADINGS,
            _row(p["ausleihe"], "Abhängigkeit", p["ticketing"]),
            _row(p["ticketing"], "Abhängigkeit", p["archiv"]),
            _row(p["archiv"], "Abhängigkeit", p["ausleihe"]),
        )
    )
    assert [(row, column) for row, column, _message in messages] == [(4, "Art")]
    assert not Synergy.objects.exists()


@pytest.mark.django_db
def test_a_row_above_that_discards_a_dependency_opens_the_circle(chain):
    """Each row is checked as if the rows above it were saved, as the services would."""
    report = _import(
        _csv(
            HEADINGS,
            _row(chain["ticketing"], "Abhängigkeit", chain["archiv"], "verworfen", "Entfällt"),
            _row(chain["archiv"], "Abhängigkeit", chain["ausleihe"]),
        )
    )
    assert report.applied, report.errors
    assert (report.new, report.changed) == (1, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "status", "column", "allowed"),
    [
        ("Freundschaft", "", "Art", "Nachnutzung, Replikation, gemeinsame Komponente"),
        ("Nachnutzung", "erledigt", "Status", "vorgeschlagen, bestätigt, umgesetzt, verworfen"),
    ],
)
def test_a_kind_or_status_outside_the_choices_is_refused(projects, kind, status, column, allowed):
    p = projects
    messages = _refused(_csv(HEADINGS, _row(p["ausleihe"], kind, p["sozialpass"], status)))
    assert [(row, heading) for row, heading, _message in messages] == [(2, column)]
    assert "ist kein zulässiger Wert. Zulässig: " + allowed in messages[0][2]


@pytest.mark.django_db
def test_a_pair_may_appear_only_once_in_the_file_whatever_the_order(projects):
    p = projects
    messages = _refused(
        _csv(
            HEADINGS,
            _row(p["ausleihe"], "Nachnutzung", p["sozialpass"]),
            _row(p["sozialpass"], "Dublette", p["ausleihe"]),
        )
    )
    assert messages == [
        (3, "", "Zeile 2 enthält bereits diesen Eintrag (gleiche Angaben in Vorhaben + "
                "Verknüpftes Vorhaben). Jeder Eintrag darf nur einmal in der Datei vorkommen."),
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_status_step_the_app_does_not_offer_is_refused(projects):
    p = projects
    _link(p["ausleihe"], p["sozialpass"], status=Status.IMPLEMENTED)
    row = _row(p["ausleihe"], "Nachnutzung", p["sozialpass"], "verworfen", "Doch nicht")
    assert _refused(_csv(HEADINGS, row)) == [
        (2, "Status", "Eine Verknüpfung kann nicht von „umgesetzt“ in diesen Status wechseln.")
    ]


@pytest.mark.django_db
def test_a_closed_link_is_changed_only_when_the_row_reopens_it(projects):
    p = projects
    _link(p["ausleihe"], p["sozialpass"], status=Status.DISCARDED, status_reason="Entfällt")
    row = _row(p["ausleihe"], "Dublette", p["sozialpass"], "verworfen", "Entfällt")
    messages = _refused(_csv(HEADINGS, row))
    assert [(row, column) for row, column, _message in messages] == [(2, "")]
    assert "Die Verknüpfung ist „verworfen“ und wird nicht mehr geändert" in messages[0][2]
    row = _row(p["ausleihe"], "Dublette", p["sozialpass"], "vorgeschlagen", "Neu prüfen")
    assert _import(_csv(HEADINGS, row)).applied
    assert Synergy.objects.get().kind == Kind.DUPLICATE


@pytest.mark.django_db
def test_one_bad_row_leaves_the_good_ones_unwritten(links, projects):
    p = projects
    before = _stored()
    report = _import(
        _csv(
            HEADINGS,
            _row(p["ausleihe"], "Nachnutzung", p["sozialpass"], description="geändert"),
            _row(p["archiv"], "Replikation", p["sozialpass"]),
            _row(p["termine"], "Nachnutzung", p["termine"]),
        )
    )
    assert (report.changed, report.new, report.invalid_rows) == (1, 1, 1)
    assert not report.applied
    assert _stored() == before


# --- rights and scope -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_link_belongs_to_its_first_projects_department(projects, coordinator):
    """An importer limited to Kultur (the command's --user) links Kultur's projects only."""
    p = projects
    own = _import(
        _csv(HEADINGS, _row(p["ausleihe"], "Nachnutzung", p["sozialpass"])),
        user=coordinator,
        apply=False,
    )
    assert own.ok, own.errors
    other = _import(
        _csv(HEADINGS, _row(p["sozialpass"], "Nachnutzung", p["ausleihe"])),
        user=coordinator,
        apply=False,
    )
    assert _messages(other) == [(2, "", "Sie dürfen Einträge dieses Dezernats nicht ändern.")]


@pytest.mark.django_db
def test_a_confidential_project_of_another_department_is_never_exported_to_others(
    projects, confidential_soziales_project, coordinator, rds_user
):
    p = projects
    hidden = _link(p["ausleihe"], confidential_soziales_project, Kind.REUSE)
    shown = _link(p["ausleihe"], p["sozialpass"], Kind.REUSE)
    sheet = TYPES["synergien"]
    assert set(sheet.queryset(coordinator)) == {shown}
    assert "Vertrauliche Sozialplanung" not in _export("csv", coordinator).decode("utf-8-sig")
    assert set(sheet.queryset(rds_user)) == {hidden, shown}
    assert set(sheet.queryset(None)) == {hidden, shown}


# --- the data page ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_data_page_offers_template_and_exports(client, links, rds_user):
    client.force_login(rds_user)
    page = client.get(reverse("spreadsheets:overview")).content.decode()
    assert reverse("spreadsheets:template", args=["synergien"]) in page
    template = client.get(reverse("spreadsheets:template", args=["synergien"]))
    export = client.get(reverse("spreadsheets:export", args=["synergien", "xlsx"]))
    assert template.status_code == export.status_code == 200
    assert _rows(template.content)[0] == _rows(export.content)[0]
    explanation = openpyxl.load_workbook(io.BytesIO(template.content)).worksheets[1]
    required = {row[0]: row[1] for row in explanation.iter_rows(values_only=True) if row[0]}
    assert [required[heading] for heading in ("Vorhaben", "Art", "Verknüpftes Vorhaben")] == [
        "ja"
    ] * 3
    csv_export = client.get(reverse("spreadsheets:export", args=["synergien", "csv"]))
    assert "Portal teilen" in csv_export.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_only_importers_get_the_synergy_files(client, links, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("spreadsheets:export", args=["synergien", "xlsx"])).status_code == 403
    assert client.get(reverse("spreadsheets:template", args=["synergien"])).status_code == 403


@pytest.mark.django_db
def test_the_import_page_checks_then_applies_a_synergy_file(client, projects, rds_user):
    p = projects
    link = _link(p["ausleihe"], p["sozialpass"], Kind.REUSE)
    data = _csv(
        HEADINGS,
        _row(p["sozialpass"], "Nachnutzung", p["ausleihe"], "bestätigt"),
        _row(p["archiv"], "Replikation", p["termine"]),
    )
    client.force_login(rds_user)
    response = client.post(
        reverse("spreadsheets:upload"),
        {"kind": "synergien", "file": SimpleUploadedFile("synergien.csv", data)},
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKED
    assert "Übernehmen: 1 neu, 1 geändert" in client.get(response.url).content.decode()
    assert Synergy.objects.count() == 1  # the check changed nothing

    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.APPLIED
    link.refresh_from_db()
    assert (link.source, link.status, link.decided_by) == (
        p["sozialpass"],
        Status.CONFIRMED,
        rds_user,
    )
    assert Synergy.objects.count() == 2
