"""Titles and names are stored as people mean them: no invisible characters, one way of
composing letters, single spaces; two that look the same are the same, also regardless of
case where names identify an entry (offices in a department, projects in a department)."""

import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.text import INVISIBLE, clean_name, name_key
from organisation.models import OrgUnit
from projects import services
from projects.models import Project
from tests.factories import OrgUnitFactory

HOSTILE_TWINS = [
    "Digitale\u200b Ausleihe",  # zero-width space
    "Digitale Ausleihe\u202e",  # right-to-left override
    "\u2066Digitale Ausleihe\u2069",  # isolates
    "Digitale\u00a0 Ausleihe",  # non-breaking and double space
    "Digitale  Ausleihe ",
    "Digi\u00adtale Ausleihe",  # soft hyphen
    "\ufeffDigitale Ausleihe",  # byte order mark
    "Digitale\tAusleihe",
]


# Default_Ignorable_Code_Point of Unicode 14 (DerivedCoreProperties.txt), and the blank
# Braille pattern, which shows as nothing too.
IGNORABLE = [0x00AD, 0x034F, 0x061C, *range(0x115F, 0x1161), 0x17B4, 0x17B5,
             *range(0x180B, 0x1810), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
             *range(0x2060, 0x2070), 0x2800, 0x3164, *range(0xFE00, 0xFE10), 0xFEFF, 0xFFA0,
             *range(0xFFF0, 0xFFF9), *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B),
             *range(0xE0000, 0xE1000)]  # fmt: skip


def test_invisible_characters_are_those_unicode_shows_as_nothing():
    everything = "".join(map(chr, range(0x110000)))
    expected = {c for c in everything if unicodedata.category(c) in ("Cf", "Cc")}
    expected = {c for c in expected if not c.isspace()} | set(map(chr, IGNORABLE))
    assert set(INVISIBLE.findall(everything)) == expected


@pytest.mark.parametrize(
    "twin",
    ["Kultur\u034famt", "Kulturamt\ufe0f", "Kultur\U000e0100amt", "Kulturamt\u3164",
     "Kulturamt\uffa0", "Kultur\u2800amt", "Kultur\u180bamt", "Kultur\u115famt"],
)  # fmt: skip
def test_characters_shown_as_nothing_make_no_twin(twin):
    assert name_key(twin) == name_key("Kulturamt")


@pytest.mark.parametrize("twin", HOSTILE_TWINS)
def test_hostile_twins_clean_to_the_plain_name(twin):
    assert clean_name(twin) == "Digitale Ausleihe"


def test_letters_are_composed_one_way():
    assert clean_name("Cafe\u0301") == "Café" == unicodedata.normalize("NFC", "Café")
    assert name_key("ÜBERSICHT") == name_key("übersicht")


@pytest.mark.django_db
@pytest.mark.parametrize("twin", [*HOSTILE_TWINS, "digitale ausleihe", "DIGITALE AUSLEIHE"])
def test_a_visually_identical_title_is_a_duplicate(client, coordinator, kultur_project, twin):
    client.force_login(coordinator)
    office = kultur_project.lead_unit
    response = client.post(
        reverse("projects:create", args=[kultur_project.department.slug]),
        {"kind": "projekt", "title": twin, "lead_unit": office.pk, "status": "planung",
         "financing": "nicht_finanziert", "influence": "mittel",
         "decision_scope": "eigenstaendig", "progress": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Project.objects.filter(department=kultur_project.department).count() == 1


@pytest.mark.django_db
def test_titles_are_stored_clean_through_the_service(coordinator, kultur):
    project = services.project_create(
        actor=coordinator, department=kultur, title=" Neues\u200b  Vorhaben\u202e "
    )
    project.refresh_from_db()
    assert (project.title, project.title_key) == ("Neues Vorhaben", "neues vorhaben")


@pytest.mark.django_db
def test_the_database_refuses_a_title_differing_only_in_case(kultur_project):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.create(department=kultur_project.department, title="DIGITALE AUSLEIHE")


@pytest.mark.django_db
def test_office_names_are_unique_per_department_whatever_their_case(kultur, soziales):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnitFactory(department=kultur, name="KULTURAMT")
    OrgUnitFactory(department=soziales, name="Kulturamt")  # another department may


@pytest.mark.django_db
def test_an_office_file_differing_only_in_case_renames_the_office_not_adds_one(kultur, tmp_path):
    path = tmp_path / "aemter.csv"
    path.write_text("Dezernat;Name\nDezernat Kultur;KULTURAMT\u200b\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_data", "aemter", str(path), stdout=out)
    assert "0 neu, 1 geändert" in out.getvalue()
    assert OrgUnit.objects.filter(department=kultur).count() == 2
    assert OrgUnit.objects.filter(name="KULTURAMT").exists()


@pytest.mark.django_db
def test_an_import_naming_either_spelling_finds_the_one_office(kultur, kultur_project, tmp_path):
    """Before, "Kulturamt" and "kulturamt" could both exist, and every later file naming
    either failed as ambiguous."""
    path = tmp_path / "vorhaben.csv"
    path.write_text(
        "Dezernat;Titel;Federführendes Amt;Beteiligte Ämter\n"
        "Dezernat Kultur;digitale  ausleihe;KULTURAMT;kulturamt\n",
        encoding="utf-8",
    )
    call_command("import_data", "vorhaben", str(path), stdout=io.StringIO())
    assert Project.objects.count() == 1  # the existing project, found by its title
    kultur_project.refresh_from_db()
    assert list(kultur_project.participating_units.all()) == [kultur_project.lead_unit]


@pytest.mark.django_db
def test_two_rows_differing_only_in_case_are_one_entry(kultur, tmp_path):
    path = tmp_path / "vorhaben.csv"
    path.write_text(
        "Dezernat;Titel\nDezernat Kultur;Neues Vorhaben\nDezernat Kultur;NEUES\u200b vorhaben\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "vorhaben", str(path), stdout=io.StringIO(), stderr=err)
    assert "Zeile 3" in err.getvalue()
    assert "bereits" in err.getvalue()


@pytest.mark.django_db
def test_the_office_form_reports_a_duplicate_on_the_name(admin_client, kultur):
    response = admin_client.post(
        reverse("admin:organisation_orgunit_add"),
        {"department": kultur.pk, "name": "KULTURAMT\u200b", "short_code": "", "kind": "amt"},
    )
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors


# --- Free text fits one spreadsheet cell -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "fits"),
    [("x" * 32_767, True), ("x" * 32_768, False), ("🎉" * 16_383 + "x", True),
     ("🎉" * 16_384, False)],  # an emoji counts twice, as in Excel
)  # fmt: skip
def test_a_description_holds_what_one_excel_cell_holds(coordinator, kultur, text, fits):
    from django.core.exceptions import ValidationError

    def create():
        return services.project_create(
            actor=coordinator, department=kultur, title="Lang", description=text
        )

    if fits:
        assert create().description == text
    else:
        with pytest.raises(ValidationError, match="description"):
            create()


# --- Every name that files look things up by is unique whatever its case ----------------------


@pytest.mark.django_db
def test_a_department_file_differing_only_in_case_changes_the_department(kultur, tmp_path):
    """Before, "dezernat kultur" became a second department, and every office file naming
    either then failed as ambiguous."""
    path = tmp_path / "dezernate.csv"
    path.write_text("Name;Kurzname\ndezernat\u200b kultur;Kultur\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_data", "dezernate", str(path), stdout=out)
    assert "0 neu, 1 geändert" in out.getvalue()
    assert kultur.__class__.objects.count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_department_name_differing_only_in_case(kultur):
    from organisation.models import Department

    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(name="DEZERNAT KULTUR", short_name="K", slug="k2")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "content"),
    [
        ("handlungsfelder", "Name\ndaten\n"),
        ("leitlinien", "Titel\nOFFEN UND TRANSPARENT\n"),
        ("ziele", "Handlungsfeld;Titel\nDaten;ziel im handlungsfeld daten\n"),
        ("agenda-projekte", "Titel\nurbane datenplattform\n"),
    ],
)
def test_strategy_files_find_their_entries_whatever_the_case(agenda, tmp_path, kind, content):
    from tests.factories import AgendaProjectFactory, GuidingPrincipleFactory

    GuidingPrincipleFactory(agenda=agenda, title="Offen und transparent")
    AgendaProjectFactory(agenda=agenda, title="Urbane Datenplattform")
    path = tmp_path / f"{kind}.csv"
    path.write_text(content, encoding="utf-8")
    out = io.StringIO()
    call_command("import_data", kind, str(path), "--dry-run", stdout=out)
    assert "0 neu" in out.getvalue()
