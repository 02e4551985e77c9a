"""agenda.reference / load_reference: the verified reference data, idempotent reloads."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from agenda.reference import reference_load
from organisation.models import Department, OrgUnit
from tests.factories import AgendaFactory

pytestmark = pytest.mark.django_db

AGENDA_TITLE = "Digitale Agenda der Stadt Leipzig"


@pytest.fixture
def loaded(db):
    return reference_load()


def test_reference_loads_eight_departments(loaded):
    assert Department.objects.count() == 8


def test_reference_loads_thirty_offices(loaded):
    assert OrgUnit.objects.count() == 30


def test_reference_loads_the_active_agenda(loaded):
    agenda = Agenda.objects.active().get()
    assert (agenda.title, agenda.council_paper, str(agenda.adopted_on)) == (
        AGENDA_TITLE,
        "VII-DS-07257",
        "2023-02-09",
    )


def test_reference_loads_four_fields_of_action(loaded):
    assert set(FieldOfAction.objects.values_list("name", flat=True)) == {
        "Daten",
        "Netze",
        "Stadtverwaltung Leipzig",
        "Stadtgesellschaft",
    }


def test_reference_loads_verified_mottos(loaded):
    mottos = dict(FieldOfAction.objects.values_list("name", "motto"))
    assert mottos == {
        "Daten": "Die Stadt mit Daten nachhaltig entwickeln und steuern",
        "Netze": "Die Stadt sicher und leistungsfähig erschließen",
        "Stadtverwaltung Leipzig": "Digitale Services anbieten und persönlich erreichbar bleiben",
        "Stadtgesellschaft": "",  # only the name is verified
    }


def test_reference_loads_five_agenda_projects(loaded):
    assert AgendaProject.objects.count() == 5


def test_reference_links_agenda_project_to_its_lead_office(loaded):
    app = AgendaProject.objects.get(title="Leipzig-App")
    assert (app.lead_unit.name, app.lead_unit.department.short_name) == (
        "Referat Digitale Stadt",
        "Wirtschaft, Arbeit und Digitales",
    )


def test_reference_links_agenda_project_to_its_field(loaded):
    assert AgendaProject.objects.get(title="Urbane Datenplattform").field.name == "Daten"


def test_reference_ships_no_goals(loaded):
    assert not Goal.objects.exists()


def test_reference_ships_no_guiding_principles(loaded):
    assert not GuidingPrinciple.objects.exists()


def test_reference_leaves_unconfirmed_department_numbers_empty(loaded):
    assert Department.objects.get(slug="kultur").number == ""


def test_first_load_reports_what_it_created(loaded):
    assert loaded.total_created == 8 + 30 + 1 + 4 + 5


def test_second_load_creates_nothing(loaded):
    assert reference_load().total_created == 0


def test_second_load_duplicates_nothing(loaded):
    reference_load()
    counts = (Department.objects.count(), OrgUnit.objects.count(), AgendaProject.objects.count())
    assert counts == (8, 30, 5)


def test_edited_department_survives_reload_without_update(loaded):
    Department.objects.filter(slug="kultur").update(head="Neue Leitung")
    reference_load()
    assert Department.objects.get(slug="kultur").head == "Neue Leitung"


def test_edited_motto_survives_reload_without_update(loaded):
    FieldOfAction.objects.filter(name="Daten").update(motto="Eigenes Motto")
    reference_load()
    assert FieldOfAction.objects.get(name="Daten").motto == "Eigenes Motto"


def test_reload_with_update_resets_edited_motto(loaded):
    FieldOfAction.objects.filter(name="Daten").update(motto="Eigenes Motto")
    reference_load(update=True)
    motto = FieldOfAction.objects.get(name="Daten").motto
    assert motto == "Die Stadt mit Daten nachhaltig entwickeln und steuern"


def test_reload_with_update_resets_edited_office_code(loaded):
    office = OrgUnit.objects.filter(short_code__gt="").first()
    original = office.short_code
    OrgUnit.objects.filter(pk=office.pk).update(short_code="XX")
    reference_load(update=True)
    assert OrgUnit.objects.get(pk=office.pk).short_code == original


def test_reload_with_update_reports_only_the_changed_record(loaded):
    FieldOfAction.objects.filter(name="Daten").update(motto="Eigenes Motto")
    with translation.override("en"):
        report = reference_load(update=True)
    assert report.updated == {"fields of action": 1}


def test_reload_with_update_keeps_agenda_status(loaded):
    Agenda.objects.filter(title=AGENDA_TITLE).update(status=Agenda.Status.ARCHIVED)
    reference_load(update=True)
    assert Agenda.objects.get(title=AGENDA_TITLE).status == Agenda.Status.ARCHIVED


def test_reference_agenda_arrives_as_draft_when_another_agenda_is_active(db):
    AgendaFactory(title="Eigene Agenda", status=Agenda.Status.ACTIVE)
    reference_load()
    assert Agenda.objects.get(title=AGENDA_TITLE).status == Agenda.Status.DRAFT


def test_load_reference_command_loads_the_data(db):
    call_command("load_reference", stdout=StringIO())
    assert (Department.objects.count(), OrgUnit.objects.count()) == (8, 30)


def test_load_reference_command_reports_success(db):
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "Reference data loaded." in out.getvalue()


def test_load_reference_command_twice_creates_nothing(db):
    call_command("load_reference", stdout=StringIO())
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "created:" not in out.getvalue()


def test_load_reference_command_keeps_edits_without_update_flag(db):
    call_command("load_reference", stdout=StringIO())
    Department.objects.filter(slug="kultur").update(head="Neue Leitung")
    call_command("load_reference", stdout=StringIO())
    assert Department.objects.get(slug="kultur").head == "Neue Leitung"


def test_load_reference_command_update_flag_resets_edits(db):
    call_command("load_reference", stdout=StringIO())
    original = Department.objects.get(slug="kultur").head
    Department.objects.filter(slug="kultur").update(head="Neue Leitung")
    call_command("load_reference", "--update", stdout=StringIO())
    assert Department.objects.get(slug="kultur").head == original
