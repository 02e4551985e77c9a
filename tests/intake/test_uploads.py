"""An office fills in its response in a spreadsheet: the template with the current answers,
the upload checked row by row with a preview, and "Übernehmen", all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake import answers, services, uploads
from intake.models import Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def sozialamt(sozialamt_response, staff):
    """The Sozialamt's response with two answers."""
    return services.response_save(
        actor=staff,
        response=sozialamt_response,
        version=sozialamt_response.version,
        values={"aufgaben": "Wohngeld", "digitalisierungsgrad": 2},
        loaded={
            "aufgaben": answers.fingerprint(None),
            "digitalisierungsgrad": answers.fingerprint(None),
        },
    )


def _template(client, response) -> openpyxl.Workbook:
    download = client.get(reverse("intake:response_template", args=[response.pk]))
    assert download.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(download.content))


def _filled(workbook, answers_by_key: dict, extra_rows=()) -> SimpleUploadedFile:
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers_by_key:
            row[5].value = answers_by_key[row[0].value]
    for extra in extra_rows:
        sheet.append(extra)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("antworten.xlsx", buffer.getvalue())


def _upload(client, response, file):
    return client.post(reverse("intake:response_upload", args=[response.pk]), {"file": file})


def test_the_template_has_one_row_per_question_with_the_current_answer(client, staff, sozialamt):
    client.force_login(staff)
    sheet = _template(client, sozialamt).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Schlüssel", "Frage", "Typ", "Pflicht", "Optionen", "Antwort")
    by_key = {row[0]: row for row in rows[1:]}
    assert "vorhaben" not in by_key  # the list of projects is kept on the page
    assert by_key["aufgaben"][5] == "Wohngeld"
    assert by_key["digitalisierungsgrad"][5] == 2
    assert by_key["aufgaben"][3] == "ja"
    assert "Personal" in by_key["bedarfe-bereiche"][4]
    assert by_key["ansprechperson"][5] is None


def test_a_filled_in_template_is_previewed_then_applied(client, staff, sozialamt):
    client.force_login(staff)
    file = _filled(
        _template(client, sozialamt),
        {
            "aufgaben": "Wohngeld, Hilfe zur Pflege",
            "ansprechperson": "Frau Beispiel",
            "beschaeftigte": "1.250,5",
            "digitalisierungsgrad": 4,
            "online-leistungen": "Nein: keine Schnittstelle",
            "bedarfe-bereiche": "Personal; software",
            "verfuegbar-ab": "31.03.2027",
        },
    )
    page = _upload(client, sozialamt, file)
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.ok
    assert set(preview.values) == {"aufgaben", "ansprechperson", "beschaeftigte",
                                   "digitalisierungsgrad", "online-leistungen",
                                   "bedarfe-bereiche", "verfuegbar-ab"}  # fmt: skip
    row = next(row for row in preview.rows if row.key == "aufgaben")
    assert (row.old, row.new) == ("Wohngeld", "Wohngeld, Hilfe zur Pflege")
    assert not Answer.objects.filter(response=sozialamt, key="ansprechperson").exists()
    done = client.post(
        reverse("intake:response_upload", args=[sozialamt.pk]), {"payload": page.context["payload"]}
    )
    assert done.status_code == 302
    saved = dict(Answer.objects.filter(response=sozialamt).values_list("key", "value"))
    assert saved["aufgaben"] == "Wohngeld, Hilfe zur Pflege"
    assert saved["beschaeftigte"] == "1250.5"
    assert saved["digitalisierungsgrad"] == 4
    assert saved["online-leistungen"] == {"answer": "nein", "reason": "keine Schnittstelle"}
    assert saved["bedarfe-bereiche"] == ["personal", "software"]
    assert saved["verfuegbar-ab"] == "2027-03-31"


def test_every_row_error_is_shown_and_nothing_can_be_applied(client, staff, sozialamt):
    client.force_login(staff)
    file = _filled(
        _template(client, sozialamt),
        {
            "digitalisierungsgrad": 6,
            "beschaeftigte": "viele",
            "verfuegbar-ab": "bald",
            "qualifizierung": "Fernstudium",
            "bedarfe-bereiche": "personal; geld",
            "online-leistungen": "vielleicht",
            "aufgaben": "Neu",
        },
        extra_rows=[("erfunden", "Eine Frage", "", "", "", "x"), ("aufgaben", "", "", "", "", "y")],
    )
    page = _upload(client, sozialamt, file)
    preview = page.context["preview"]
    errors = {row.key: row.error for row in preview.errors}
    assert set(errors) == {"digitalisierungsgrad", "beschaeftigte", "verfuegbar-ab",
                           "qualifizierung", "bedarfe-bereiche", "online-leistungen",
                           "erfunden", "aufgaben"}  # fmt: skip
    assert "1 bis 5" in errors["digitalisierungsgrad"]
    assert "Fernstudium" in errors["qualifizierung"]
    assert "erfunden" in errors["erfunden"]
    assert "payload" not in page.context
    text = page.content.decode()
    assert "Fehler" in text
    assert "Übernehmen" not in text
    assert Answer.objects.get(response=sozialamt, key="aufgaben").value == "Wohngeld"


def test_a_broken_file_is_refused_with_a_message(client, staff, sozialamt):
    client.force_login(staff)
    page = _upload(client, sozialamt, SimpleUploadedFile("antworten.xlsx", b"PK\x03\x04kaputt"))
    assert page.status_code == 200
    assert page.context["form"].errors["file"]
    assert "preview" not in page.context


def test_a_file_with_other_headings_is_refused(client, staff, sozialamt):
    client.force_login(staff)
    workbook = openpyxl.Workbook()
    workbook.active.append(["Titel", "Dezernat"])
    workbook.active.append(["x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = _upload(client, sozialamt, SimpleUploadedFile("a.xlsx", buffer.getvalue()))
    assert "Schlüssel" in page.context["form"].errors["file"][0]


def test_a_huge_file_is_refused_before_it_is_read(client, staff, sozialamt, settings):
    settings.IMPORT_MAX_FILE_SIZE = 1024
    client.force_login(staff)
    page = _upload(client, sozialamt, SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"0" * 4096))
    assert page.context["form"].errors["file"]
    assert Answer.objects.get(response=sozialamt, key="aufgaben").value == "Wohngeld"


def test_a_preview_made_stale_by_another_edit_saves_nothing(client, staff, sozialamt):
    client.force_login(staff)
    page = _upload(client, sozialamt, _filled(_template(client, sozialamt), {"aufgaben": "Neu"}))
    current = Response.objects.get(pk=sozialamt.pk)
    services.response_save(actor=staff, response=current, version=current.version,
                           values={"ansprechperson": "Jemand"},
                           loaded={"ansprechperson": answers.fingerprint(None)})  # fmt: skip
    done = client.post(
        reverse("intake:response_upload", args=[sozialamt.pk]),
        {"payload": page.context["payload"]},
        follow=True,
    )
    assert "Nichts wurde gespeichert" in done.content.decode()
    assert Answer.objects.get(response=sozialamt, key="aufgaben").value == "Wohngeld"


def test_a_forged_or_foreign_payload_saves_nothing(client, staff, sozialamt, soziales_coordinator):
    client.force_login(staff)
    page = _upload(client, sozialamt, _filled(_template(client, sozialamt), {"aufgaben": "Neu"}))
    payload = page.context["payload"]
    gesundheitsamt = Response.objects.get(intake=sozialamt.intake, unit__name="Gesundheitsamt")
    client.force_login(soziales_coordinator)  # may fill in both, but the preview is the Sozialamt's
    client.post(reverse("intake:response_upload", args=[gesundheitsamt.pk]), {"payload": payload})
    client.post(reverse("intake:response_upload", args=[sozialamt.pk]), {"payload": payload + "x"})
    assert not Answer.objects.filter(response=gesundheitsamt).exists()
    assert Answer.objects.get(response=sozialamt, key="aufgaben").value == "Wohngeld"


def test_only_who_may_fill_in_the_response_uploads(
    client, sozialamt, gesundheitsamt_staff, coordinator, leadership_user, staff, rds_user
):
    template = reverse("intake:response_template", args=[sozialamt.pk])
    upload = reverse("intake:response_upload", args=[sozialamt.pk])
    for user, status in ((gesundheitsamt_staff, 404), (coordinator, 404), (leadership_user, 404),
                         (rds_user, 200), (staff, 200)):  # fmt: skip
        client.force_login(user)
        assert client.get(template).status_code == status
        assert client.get(upload).status_code == status
    fill_everything_and_submit(sozialamt, staff)
    client.force_login(staff)
    assert client.get(template).status_code == 403  # submitted: nothing to fill in
    assert client.get(upload).status_code == 403


def fill_everything_and_submit(response, actor):
    from tests.intake.conftest import fill_in

    services.response_submit(
        actor=actor, response=fill_in(Response.objects.get(pk=response.pk), actor)
    )


def test_reading_values_of_each_kind():
    from intake.models import Question

    number = Question(kind=Question.Kind.NUMBER)
    assert uploads.read_value(number, 12.5) == "12.5"
    assert uploads.read_value(number, "12.500") == "12500"
    assert uploads.read_value(number, "3,25") == "3.25"
    assert uploads.read_value(number, "  ") is None
    scale = Question(kind=Question.Kind.SCALE)
    assert uploads.read_value(scale, "3 / 5") == 3
    for wrong in (0, 6, "2,5", "gut"):
        with pytest.raises(Exception, match=r"1 (bis|to) 5"):
            uploads.read_value(scale, wrong)


def test_a_file_with_far_more_rows_than_questions_is_refused(client, staff, sozialamt):
    client.force_login(staff)
    rows = [(f"zeile-{n}", "", "", "", "", "x") for n in range(200)]
    page = _upload(client, sozialamt, _filled(_template(client, sozialamt), {}, extra_rows=rows))
    assert "mehr Zeilen" in page.context["form"].errors["file"][0]


def test_the_template_file_name_is_ascii(client, rds_user, kultur_intake):
    response = kultur_intake.responses.get(unit__name="Leipziger Städtische Bibliotheken")
    client.force_login(rds_user)
    download = client.get(reverse("intake:response_template", args=[response.pk]))
    assert "status-quo-Leipziger-Staedtische-Bibliotheken.xlsx" in download["Content-Disposition"]
