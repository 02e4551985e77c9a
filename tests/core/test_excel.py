"""core.excel.write_xlsx and the project spreadsheet columns (projects.resources)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import translation
from openpyxl import load_workbook

from agenda.models import Agenda
from core.excel import CellTooLong, escape, unescape, write_xlsx
from projects.models import Project
from projects.resources import ProjectResource
from tests.factories import (
    AgendaFactory,
    AgendaProjectFactory,
    FieldOfActionFactory,
    GoalFactory,
)

HEADERS = ["Titel", "Wert"]


def sheet_of(content: bytes):
    return load_workbook(BytesIO(content)).active


def cell_after_roundtrip(value):
    sheet = sheet_of(write_xlsx(title="Test", headers=HEADERS, rows=[["Zeile", value]]))
    return sheet["B2"]


# --- formula injection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["=1+1", "+49 341 123", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']
)
def test_formula_like_text_is_stored_as_text(value):
    assert cell_after_roundtrip(value).data_type == "s"


@pytest.mark.parametrize(
    "value", ["=1+1", "+49 341 123", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x","y")']
)
def test_formula_like_text_keeps_its_value(value):
    assert cell_after_roundtrip(value).value == value


def test_formula_like_header_is_stored_as_text():
    sheet = sheet_of(write_xlsx(title="Test", headers=["=Kopf"], rows=[]))
    assert (sheet["A1"].data_type, sheet["A1"].value) == ("s", "=Kopf")


def test_plain_text_is_stored_unchanged():
    assert cell_after_roundtrip("Digitale Ausleihe").value == "Digitale Ausleihe"


def test_numbers_stay_numbers():
    assert cell_after_roundtrip(1250.5).data_type == "n"


def test_negative_numbers_stay_numbers():
    assert cell_after_roundtrip(-3).value == -3


def test_dates_stay_dates():
    assert cell_after_roundtrip(date(2026, 3, 2)).is_date


def test_times_are_written_as_the_wall_clock_time_in_the_app_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    moment = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)  # 09:30 in Leipzig
    cell = cell_after_roundtrip(moment)
    wall_clock = datetime(2026, 3, 2, 9, 30)  # noqa: DTZ001 (Excel cells have no time zone)
    assert (cell.value, cell.number_format) == (wall_clock, "dd.mm.yyyy hh:mm")


def test_dates_are_shown_the_german_way():
    assert cell_after_roundtrip(date(2026, 3, 2)).number_format == "dd.mm.yyyy"


def test_control_characters_do_not_break_the_export():
    assert cell_after_roundtrip("Zeile\x0bumbruch").value.startswith("Zeile")


@pytest.mark.parametrize(
    "text",
    [
        "_x0041_",
        "_x005F_x0041_",  # XlsxWriter alone writes _x005F_x005F_x0041_: read as _x005FA
        "_xABCD\x01",  # XlsxWriter alone writes _xABCD_x0001_: read as \uabcd\x01
        "Zeile\r\nzwei",
        "\x01\x08\x0b\x1f",
        "_x000D_",
        "\ufffe",
    ],
)
def test_escaped_text_comes_back_as_written(text):
    assert unescape(escape(text)) == text


def test_text_that_looks_like_rich_text_is_written_as_text():
    text = '<r></t></is></c><c r="Z9"><f>HYPERLINK("http://x","y")</f></c><c><is><t></r>'
    sheet = sheet_of(write_xlsx(title="Test", headers=HEADERS, rows=[["Zeile", text]]))
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [["Zeile", text]]


def test_a_text_longer_than_a_cell_holds_is_refused_not_cut():
    rows = [["Kurz", "x"], ["Lang", "x" * 32_768]]
    with pytest.raises(CellTooLong, match=r"Zeile 3, Spalte „Wert“: .* 32\.768 Zeichen"):
        write_xlsx(title="Test", headers=HEADERS, rows=rows)


def test_a_cell_counts_characters_as_excel_does():
    with pytest.raises(CellTooLong):
        write_xlsx(title="Test", headers=HEADERS, rows=[["Emoji", "🎉" * 16_384]])


def test_a_text_as_long_as_a_cell_holds_is_written_whole():
    text = "ü" * 32_767
    assert cell_after_roundtrip(text).value == text


def test_empty_cell_stays_empty():
    assert cell_after_roundtrip(None).value is None


def test_headers_are_written_in_bold_in_the_first_row():
    sheet = sheet_of(write_xlsx(title="Test", headers=HEADERS, rows=[]))
    assert ([c.value for c in sheet[1]], sheet["A1"].font.bold) == (HEADERS, True)


def test_first_row_is_frozen():
    assert sheet_of(write_xlsx(title="Test", headers=HEADERS, rows=[])).freeze_panes == "A2"


def test_sheet_title_is_cut_to_31_characters():
    sheet = sheet_of(write_xlsx(title="V" * 40, headers=HEADERS, rows=[]))
    assert sheet.title == "V" * 31


def test_every_row_is_written():
    rows = [[f"Zeile {n}", n] for n in range(250)]
    sheet = sheet_of(write_xlsx(title="Test", headers=HEADERS, rows=rows))
    assert sheet.max_row == 251


# --- ProjectResource -----------------------------------------------------------------------------


EXPECTED_HEADERS = [
    "External ID",
    "Department",
    "Kind",
    "Title",
    "Description",
    "Lead office",
    "Participating offices",
    "Contact person",
    "Status",
    "Financing",
    "Budget (EUR)",
    "Funding source",
    "Influence on the agenda",
    "Decision",
    "Priority rank",
    "Fields of action",
    "Goals",
    "Agenda project",
    "Contribution to the agenda project",
    "Start date",
    "End date",
    "Progress (%)",
    "Reusable",
    "Confidential",
    "External partners",
    "Last status update",
    "Traffic light",
]


def test_project_resource_headers():
    with translation.override("en"):
        assert [str(h) for h in ProjectResource().get_export_headers()] == EXPECTED_HEADERS


@pytest.fixture
def exported_project(kultur, kultur_office, soziales_office):
    field = FieldOfActionFactory(
        name="Daten", agenda=AgendaFactory(status=Agenda.Status.ACTIVE)
    )  # the columns name goals and fields of the active agenda only
    goal = GoalFactory(field=field, title="Offene Daten")
    agenda_project = AgendaProjectFactory(
        agenda=field.agenda, number=3, title="Urbane Datenplattform"
    )
    return Project.objects.create(
        department=kultur,
        kind=Project.Kind.PROCESS,
        title="=Digitale Ausleihe",
        description="Ausleihe online",
        lead_unit=kultur_office,
        contact_person="Alma Beispiel",
        status=Project.Status.IMPLEMENTATION,
        financing=Project.Financing.PARTLY,
        budget=Decimal("125000.50"),
        funding_source="Fördermittel Land",
        influence=Project.Influence.HIGH,
        decision_scope=Project.DecisionScope.DEPENDENT,
        priority_rank=2,
        agenda_project=agenda_project,
        agenda_contribution="Liefert Daten",
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
        progress=40,
        reusable=True,
        confidential=False,
        external_partners="Beispiel GmbH",
        last_reported_on=date(2026, 2, 1),
        traffic_light="gefaehrdet",
    ), (field, goal, soziales_office)


@pytest.fixture
def exported_row(exported_project):
    project, (field, goal, participant) = exported_project
    project.fields_of_action.set([field])
    project.goals.set([goal])
    project.participating_units.set([participant])
    with translation.override("en"):
        resource = ProjectResource()
        headers = [str(h) for h in resource.get_export_headers()]
        [row] = list(resource.rows(Project.objects.filter(pk=project.pk)))
    return project, dict(zip(headers, row, strict=True))


def _written_cell(row: dict, header: str):
    sheet = sheet_of(write_xlsx(title="Vorhaben", headers=list(row), rows=[list(row.values())]))
    return sheet.cell(row=2, column=EXPECTED_HEADERS.index(header) + 1)


@pytest.mark.django_db
def test_project_row_values(exported_row):
    _project, row = exported_row
    assert row == {
        "External ID": "",
        "Department": "Dezernat Kultur",
        "Kind": "Process",
        "Title": "=Digitale Ausleihe",
        "Description": "Ausleihe online",
        "Lead office": "Kulturamt",
        "Participating offices": "Sozialamt",
        "Contact person": "Alma Beispiel",
        "Status": "In implementation",
        "Financing": "Partly financed",
        "Budget (EUR)": Decimal("125000.50"),
        "Funding source": "Fördermittel Land",
        "Influence on the agenda": "High",
        "Decision": "Depends on others",
        "Priority rank": 2,
        "Fields of action": "Daten",
        "Goals": "Offene Daten",
        "Agenda project": "3. Urbane Datenplattform",
        "Contribution to the agenda project": "Liefert Daten",
        "Start date": date(2025, 1, 1),
        "End date": date(2026, 12, 31),
        "Progress (%)": 40,
        "Reusable": "yes",
        "Confidential": "no",
        "External partners": "Beispiel GmbH",
        "Last status update": date(2026, 2, 1),
        "Traffic light": "At risk",
    }


@pytest.mark.django_db
def test_project_row_written_to_xlsx_keeps_formula_like_title_as_text(exported_row):
    _, row = exported_row
    title = _written_cell(row, "Title")
    assert (title.data_type, title.value) == ("s", "=Digitale Ausleihe")


@pytest.mark.django_db
def test_project_row_of_empty_project_has_blank_optional_values(kultur):
    project = Project.objects.create(department=kultur, title="Leer")
    with translation.override("en"):
        resource = ProjectResource()
        headers = [str(h) for h in resource.get_export_headers()]
        [row] = list(resource.rows(Project.objects.filter(pk=project.pk)))
    values = dict(zip(headers, row, strict=True))
    assert (values["Lead office"], values["Agenda project"], values["Goals"]) == ("", "", "")


@pytest.mark.django_db
def test_project_budget_is_written_as_number(exported_row):
    _, row = exported_row
    cell = _written_cell(row, "Budget (EUR)")
    assert (cell.data_type, cell.value) == ("n", 125000.5)


@pytest.mark.django_db
def test_project_start_is_written_as_date(exported_row):
    _, row = exported_row
    assert _written_cell(row, "Start date").is_date
