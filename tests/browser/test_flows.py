"""The main flows as each demo role goes through them in a real browser."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from discussions.models import Comment, Mention
from projects.models import Project, StatusUpdate
from tests.browser.conftest import login

EDITORS = {
    "admin": "kultur",
    "rds": "kultur",
    "koordination-kultur": "kultur",
    "mitarbeit-soziales": "soziales-gesundheit-vielfalt",
}


def _export_rows(page) -> list[tuple]:
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Nach Excel exportieren").click()
    path = Path(download_info.value.path())
    sheet = load_workbook(BytesIO(path.read_bytes()), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def _result_count(page) -> int:
    return int(re.search(r"(\d+) Ergebnis", page.locator(".result-count").inner_text()).group(1))


@pytest.mark.parametrize("username", list(EDITORS))
def test_editor_works_through_the_workspace(page, username):
    slug = EDITORS[username]
    login(page, username)

    page.get_by_role("link", name="Digitale Agenda", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digitale Agenda der Stadt Leipzig")
    expect(page.get_by_role("heading", name="Daten")).to_be_visible()

    page.goto(f"/arbeitsraeume/{slug}/")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .endswith(Project.objects.filter(department__slug=slug).first().department.name)
    )

    # Filter the project list by status.
    page.get_by_role("link", name="Vorhaben", exact=True).click()
    page.get_by_text("Weitere Filter").click()
    page.get_by_label("Status", exact=True).select_option(label="in Umsetzung")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(r"status=umsetzung"))  # results update in place (htmx)
    expected = Project.objects.filter(
        department__slug=slug, status="umsetzung", archived_at__isnull=True
    ).count()
    assert _result_count(page) == expected
    statuses = page.locator("table.project-table tbody tr td:nth-child(3)").all_inner_texts()
    assert set(statuses) <= {"in Umsetzung"}

    # Export exactly the filtered rows and read them back.
    rows = _export_rows(page)
    assert rows[0][3] == "Titel"
    assert len(rows) - 1 == expected
    assert {row[8] for row in rows[1:]} <= {"in Umsetzung"}

    # Create a project.
    page.get_by_role("link", name="Neues Vorhaben").click()
    page.get_by_label("Prozess").check()
    title = f"Browsertest {username}"
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Beschreibung").fill("Im echten Browser angelegt.")
    page.get_by_label("Finanzierung", exact=True).select_option(label="teilfinanziert")
    page.get_by_label("Budget (EUR)").fill("25000")
    page.get_by_label("Daten", exact=True).check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    project = Project.objects.get(title=title)
    assert project.kind == "prozess"
    assert project.financing == "teilfinanziert"

    # Add a status update.
    page.get_by_text("Statusmeldung hinzufügen").click()
    page.get_by_label("gefährdet").check()
    page.get_by_label("Fortschritt (%)").fill("35")
    page.get_by_label("Bericht").fill("Abstimmung mit dem Personalrat steht aus.")
    page.get_by_role("button", name="Statusmeldung speichern").click()
    expect(page.get_by_text("Abstimmung mit dem Personalrat steht aus.")).to_be_visible()
    assert StatusUpdate.objects.filter(project=project, traffic_light="gefaehrdet").exists()

    # Edit, first with an error, then correctly.
    page.get_by_role("link", name="Bearbeiten", exact=True).click()
    page.locator("#id_start_date").fill("2026-06-01")
    page.locator("#id_end_date").fill("2026-01-31")
    page.get_by_role("button", name="Speichern").click()
    error = page.locator("#id_end_date_error")
    expect(error).to_have_text("Das Ende darf nicht vor dem Beginn liegen.")
    assert page.locator("#id_end_date").get_attribute("aria-invalid") == "true"
    page.locator("#id_end_date").fill("2026-12-31")
    page.get_by_label("Titel").fill(title + " (geändert)")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title + " (geändert)")
    project.refresh_from_db()
    assert project.end_date.isoformat() == "2026-12-31"


@pytest.mark.parametrize("username", ["leitung", "partner-kultur"])
def test_reader_reads_and_exports_but_cannot_create(page, username):
    login(page, username)
    page.goto("/agenda/")
    expect(page.get_by_role("heading", name="Handlungsfelder und Ziele")).to_be_visible()
    page.goto("/arbeitsraeume/kultur/")
    assert page.get_by_role("link", name="Neues Vorhaben").count() == 0
    page.get_by_role("link", name="Vorhaben", exact=True).click()
    page.get_by_text("Weitere Filter").click()
    page.get_by_label("Art", exact=True).select_option(label="Prozess")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(re.compile(r"kind=prozess"))  # results update in place (htmx)
    rows = _export_rows(page)
    assert len(rows) - 1 == _result_count(page)
    assert {row[2] for row in rows[1:]} <= {"Prozess"}
    assert page.goto("/arbeitsraeume/kultur/vorhaben/neu/").status == 403


def test_partner_finds_no_other_workspace(page):
    login(page, "partner-kultur")
    assert page.goto("/arbeitsraeume/soziales-gesundheit-vielfalt/").status == 404
    expect(page.get_by_role("heading", name="Seite nicht gefunden")).to_be_visible()
    page.goto("/dezernate/")
    assert page.locator("main table tbody tr").count() == 1


def test_two_people_editing_one_project_lose_no_edit(page, browser, live_server):
    project = Project.objects.filter(department__slug="kultur", archived_at__isnull=True).first()
    edit_url = f"/vorhaben/{project.pk}/bearbeiten/"
    login(page, "koordination-kultur")
    page.goto(edit_url)

    other = browser.new_context(base_url=live_server.url, locale="de-DE")
    second = other.new_page()
    login(second, "rds")
    second.goto(edit_url)
    second.get_by_label("Titel").fill("Von RDS geändert")
    second.get_by_role("button", name="Speichern").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("Von RDS geändert")
    other.close()

    page.get_by_label("Titel").fill("Von der Koordination geändert")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("nachdem Sie das Formular geöffnet haben")).to_be_visible()
    assert page.get_by_label("Titel").input_value() == "Von der Koordination geändert"
    expect(page.get_by_text("Von RDS geändert").first).to_be_visible()  # the saved version
    project.refresh_from_db()
    assert project.title == "Von RDS geändert"

    page.get_by_role("button", name="Speichern").click()  # a deliberate second save wins
    expect(page.get_by_role("heading", level=1)).to_have_text("Von der Koordination geändert")
    project.refresh_from_db()
    assert project.title == "Von der Koordination geändert"


def test_a_coordinator_and_a_partner_discuss_a_project(page, browser, live_server):
    """The coordinator asks the invited partner in a comment; the partner, told by @name,
    answers on the same page; the coordinator corrects a word in their comment."""
    project = (
        Project.objects.filter(department__slug="kultur", confidential=False).order_by("pk").last()
    )
    login(page, "koordination-kultur")
    page.goto(f"/vorhaben/{project.pk}/")
    page.get_by_text("Kommentar schreiben").click()
    box = page.get_by_role("textbox", name="Kommentar")  # the timeline is labelled so too
    box.fill("Wie weit ist die Ausschreibnug? @partner-kultur")
    page.get_by_role("button", name="Kommentar speichern").click()
    expect(page.locator(".timeline").get_by_text("Wie weit ist die Ausschreibnug?")).to_be_visible()
    comment = Comment.objects.filter(body__startswith="Wie weit").get()
    expect(page.locator(f"#kommentar-{comment.pk} .mention")).to_have_text("@partner-kultur")
    assert Mention.objects.filter(comment=comment, user__username="partner-kultur").exists()
    page.locator(f"#kommentar-{comment.pk}").get_by_role("link", name="Bearbeiten").click()
    box.fill("Wie weit ist die Ausschreibung? @partner-kultur")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(f"#kommentar-{comment.pk}")).to_contain_text("Die frühere Fassung")

    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    partner = context.new_page()
    try:
        login(partner, "partner-kultur")
        partner.goto(f"/vorhaben/{project.pk}/")
        assert "Wie weit ist die Ausschreibung?" in partner.locator(".timeline").inner_text()
        partner.get_by_text("Kommentar schreiben").click()
        partner.get_by_role("textbox", name="Kommentar").fill("Sie geht nächste Woche raus.")
        partner.get_by_role("button", name="Kommentar speichern").click()
        expect(partner.locator(".timeline")).to_contain_text("Sie geht nächste Woche raus.")
    finally:
        context.close()
