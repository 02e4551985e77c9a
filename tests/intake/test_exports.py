"""The intake's Excel files, read back: a round's answers within the reader's scope, and a
comparison of two rounds."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.text import CELL_LIMIT
from intake import services
from tests.intake.conftest import fill_in
from tests.intake.two_rounds import fill_first_round, fill_second_round, open_round

pytestmark = pytest.mark.django_db


def _book(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def filled_round(rds_user, intake_round, soziales_intake, kultur_intake):
    fill_first_round(rds_user, soziales_intake)
    fill_in(kultur_intake.responses.get(unit__name="Kulturamt"), rds_user,
            project_title="Digitales Kulturportal")  # fmt: skip
    return intake_round


def test_the_round_export_has_a_row_per_office_and_question(client, rds_user, filled_round):
    client.force_login(rds_user)
    book = _book(client.get(reverse("intake:round_export", args=[filled_round.pk])))
    assert book.sheetnames == ["Antworten", "Vorhaben (vorhaben)", "Fortschritt"]
    answers = _rows(book["Antworten"])
    assert answers[0] == ["Dezernat", "Organisationseinheit", "Stand", "Abschnitt",
                          "Schlüssel", "Frage", "Antwort"]  # fmt: skip
    questions = filled_round.version.questions.count()
    assert len(answers) - 1 == 4 * questions  # two offices in each of two departments
    by_office_and_key = {(row[1], row[4]): row for row in answers[1:]}
    sozialamt = by_office_and_key[("Sozialamt", "digitalisierungsgrad")]
    assert sozialamt[0] == "Dezernat Soziales, Gesundheit und Vielfalt"
    assert sozialamt[2] == "In Bearbeitung"
    assert sozialamt[6] == "2 / 5"
    assert by_office_and_key[("Sozialamt", "online-leistungen")][6] == (
        "Nein: Fachverfahren ohne Schnittstelle"
    )
    assert by_office_and_key[("Sozialamt", "vorhaben")][6] == (
        "Digitaler Wohngeldantrag; E-Akte Sozialamt"
    )
    projects = _rows(book["Vorhaben (vorhaben)"])
    assert projects[0][:6] == ["Dezernat", "Organisationseinheit", "Titel", "Art", "Status",
                               "Finanzierung"]  # fmt: skip
    titles = {row[2]: row for row in projects[1:]}
    assert set(titles) == {"Digitaler Wohngeldantrag", "E-Akte Sozialamt",
                           "Vorhaben Gesundheitsamt", "Digitales Kulturportal"}  # fmt: skip
    wohngeld = titles["Digitaler Wohngeldantrag"]
    assert wohngeld[1] == "Sozialamt"
    assert wohngeld[3] == "Prozess"
    assert wohngeld[4] == "in Planung"
    assert isinstance(wohngeld[-1], int)  # the project's id, to find it again
    progress = _rows(book["Fortschritt"])
    assert len(progress) == 5
    kulturamt = next(row for row in progress if row[1] == "Kulturamt")
    assert kulturamt[3] == kulturamt[4]
    assert kulturamt[5] is not None
    bibliothek = next(row for row in progress if row[1] == "Leipziger Städtische Bibliotheken")
    assert bibliothek[2] == "Nicht begonnen"
    assert bibliothek[3] == 0
    assert bibliothek[5] is None


def test_staff_export_only_their_own_office(client, staff, filled_round):
    client.force_login(staff)  # Sozialamt, in a round of Kultur and Soziales
    book = _book(client.get(reverse("intake:round_export", args=[filled_round.pk])))
    for name in book.sheetnames:
        offices = {row[1] for row in _rows(book[name])[1:]}
        assert offices == {"Sozialamt"}, name


def test_a_round_the_user_does_not_see_does_not_exist(client, outsider, partner, filled_round):
    for user in (outsider, partner):  # partner: reads Kultur, but no response is shared
        client.force_login(user)
        assert client.get(reverse("intake:round_export", args=[filled_round.pk])).status_code == 404


def test_a_text_too_long_for_a_cell_refuses_the_export(client, rds_user, filled_round):
    response = filled_round.intakes.get(department__slug="soziales").responses.get(
        unit__name="Gesundheitsamt"
    )
    services.response_save(actor=rds_user, response=response, version=response.version,
                           values={"fachverfahren": "x" * (CELL_LIMIT + 1)},
                           loaded={})  # fmt: skip
    client.force_login(rds_user)
    answer = client.get(reverse("intake:round_export", args=[filled_round.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("intake:index")


def test_the_comparison_export(client, rds_user, standard_version, filled_round, soziales):
    earlier = filled_round.intakes.get(department=soziales)
    later = open_round(rds_user, standard_version, [soziales], "Staffel 3").intakes.get()
    fill_second_round(rds_user, earlier, later)
    client.force_login(rds_user)
    url = reverse("intake:compare_export", args=["soziales"])
    book = _book(client.get(url, {"frueher": earlier.pk, "spaeter": later.pk}))
    assert book.sheetnames == ["Übersicht", "Vorhaben", "Antworten"]
    overview = dict(_rows(book["Übersicht"])[1:])
    assert overview["Frühere Erfassungsrunde"] == "Staffel 2"
    assert overview["Spätere Erfassungsrunde"] == "Staffel 3"
    assert overview["Vorhaben: neu"] == 1
    assert overview["Vorhaben: entfallen"] == 1
    assert overview["Vorhaben: geändert"] == 1
    assert overview["Vorhaben: unverändert"] == 1
    projects = {row[0]: row for row in _rows(book["Vorhaben"])[1:]}
    assert projects["Digitaler Wohngeldantrag"][1:6] == [
        "geändert", "in Planung", "in Umsetzung", "nicht finanziert", "finanziert",
    ]  # fmt: skip
    assert projects["E-Akte Sozialamt"][1] == "entfallen"
    assert projects["Chatbot Bürgerservice"][1] == "neu"
    answers = _rows(book["Antworten"])
    assert answers[0][-2:] == ["Früher: Staffel 2", "Später: Staffel 3"]
    aufgaben = next(row for row in answers[1:] if row[0] == "Sozialamt" and row[2] == "aufgaben")
    assert aufgaben[4:] == ["geändert", "Hilfe zum Lebensunterhalt, Wohngeld",
                            "Wohngeld, Grundsicherung"]  # fmt: skip
