"""Links to an archived agenda (goals, fields of action) are history: the columns speak of the
active agenda only, as the project form does. An export leaves them out, and an import that
replaces a project's goals keeps them."""

import io

import openpyxl
import pytest
import tablib

from agenda.models import Agenda, Goal
from projects.models import Project
from projects.resources import ProjectResource
from spreadsheets.registry import TYPES
from spreadsheets.services import run_file
from spreadsheets.workbooks import export_xlsx
from tests.factories import (
    AgendaFactory,
    AgendaProjectFactory,
    FieldOfActionFactory,
    GoalFactory,
)


@pytest.fixture
def old_goal(db):
    archived = AgendaFactory(title="Digitale Agenda 2020", status=Agenda.Status.ARCHIVED)
    return GoalFactory(
        field=FieldOfActionFactory(agenda=archived, name="Verwaltung 2020"),
        title="Ziel der alten Agenda",
    )


@pytest.fixture
def linked_project(city, kultur_project, old_goal):
    active_goal = Goal.objects.get(title="Ziel im Handlungsfeld Daten")
    kultur_project.goals.set([active_goal, old_goal])
    return kultur_project


def _export_rows():
    sheet = openpyxl.load_workbook(
        io.BytesIO(export_xlsx(TYPES["vorhaben"], None)), read_only=True
    ).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def _workbook(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _goal_titles(project):
    return sorted(goal.title for goal in Project.objects.get(pk=project.pk).goals.all())


@pytest.mark.django_db
def test_export_names_only_goals_of_the_active_agenda(linked_project):
    headers, rows = _export_rows()
    assert rows[0][headers.index("Ziele")] == "Ziel im Handlungsfeld Daten"


@pytest.mark.django_db
def test_importing_the_export_changes_nothing_and_keeps_the_old_link(linked_project):
    headers, rows = _export_rows()
    report = run_file(
        kind="vorhaben", data=_workbook(headers, rows), file_name="v.xlsx", apply=True
    )
    assert (report.new, report.changed, report.unchanged) == (0, 0, 1), report.errors
    assert _goal_titles(linked_project) == ["Ziel der alten Agenda", "Ziel im Handlungsfeld Daten"]


@pytest.mark.django_db
def test_new_goals_replace_only_those_of_the_active_agenda(linked_project):
    headers, rows = _export_rows()
    rows[0][headers.index("Ziele")] = "Ziel im Handlungsfeld Netze"
    report = run_file(
        kind="vorhaben", data=_workbook(headers, rows), file_name="v.xlsx", apply=True
    )
    assert (report.changed, report.errors) == (1, [])
    change = report.changes[0]
    assert ("Ziele", "Ziel im Handlungsfeld Daten", "Ziel im Handlungsfeld Netze") in change.fields
    assert _goal_titles(linked_project) == ["Ziel der alten Agenda", "Ziel im Handlungsfeld Netze"]


@pytest.mark.django_db
def test_the_admin_import_keeps_the_old_link_too(linked_project, admin_user):
    resource = ProjectResource(user=admin_user)
    dataset = resource.export(Project.objects.filter(pk=linked_project.pk))
    assert dataset.dict[0]["Ziele"] == "Ziel im Handlungsfeld Daten"
    changed = tablib.Dataset(headers=dataset.headers)
    row = dict(dataset.dict[0]) | {"Ziele": "Ziel im Handlungsfeld Netze"}
    changed.append([row[header] for header in dataset.headers])
    result = resource.import_data(changed, dry_run=False, use_transactions=True)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert _goal_titles(linked_project) == ["Ziel der alten Agenda", "Ziel im Handlungsfeld Netze"]


@pytest.fixture
def old_agenda_project(old_goal, linked_project):
    old = AgendaProjectFactory(agenda=old_goal.field.agenda, title="Altes Agenda-Projekt")
    linked_project.agenda_project = old
    linked_project.save()
    return old


@pytest.mark.django_db
def test_the_agenda_project_of_an_archived_agenda_is_left_out_and_kept(old_agenda_project):
    headers, rows = _export_rows()
    assert rows[0][headers.index("Agenda-Projekt")] is None
    report = run_file(
        kind="vorhaben", data=_workbook(headers, rows), file_name="v.xlsx", apply=True
    )
    assert (report.changed, report.unchanged, report.errors) == (0, 1, [])
    assert Project.objects.get(title="Digitale Ausleihe").agenda_project == old_agenda_project
