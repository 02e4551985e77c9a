"""The status-quo intake in Chromium: an office fills in over two sittings and submits, the
coordinator submits the department, RDS comments, the office answers, RDS accepts; axe on
every intake page; the questionnaire worked through with the keyboard alone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from intake import answers, services
from intake.models import DepartmentIntake, Response, Round
from organisation.models import Department, Membership
from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe
from tests.factories import MembershipFactory, UserFactory

COMPLETE = {
    "aufgaben": "Beratung und Bescheide",
    "ansprechperson": "Frau Beispiel",
    "digitalisierungsgrad": 3,
    "online-leistungen": {"answer": "ja", "reason": "Terminvergabe"},
    "einflussreichste": "Die E-Akte",
    "bedarfe-bereiche": ["software"],
    "bedarfe": "Schnittstellen",
    "erwartungen": "Beratung",
}


def _logout(page):
    page.locator("header").get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _submit_others(intake: DepartmentIntake, actor, except_unit: str) -> None:
    for response in intake.responses.exclude(unit__name=except_unit):
        response = services.response_save(
            actor=actor,
            response=response,
            version=response.version,
            values=COMPLETE,
            loaded={key: answers.fingerprint(None) for key in COMPLETE},
        )
        services.entry_save(
            actor=actor,
            response=response,
            key="vorhaben",
            fields={"title": f"Vorhaben von {response.unit.name}"},
        )
        services.response_submit(actor=actor, response=Response.objects.get(pk=response.pk))


def test_an_intake_from_the_first_answer_to_acceptance(page):
    soziales = Department.objects.get(slug="soziales-gesundheit-vielfalt")
    coordinator = UserFactory(username="koordination-soziales", password=DEMO_PASSWORD)
    MembershipFactory(user=coordinator, department=soziales, role=Membership.Role.COORDINATOR)

    # RDS opens the round.
    login(page, "rds")
    page.goto("/status-quo/")
    page.get_by_role("link", name="Erfassungsrunde eröffnen").click()
    page.get_by_label("Titel").fill("Staffel 3 – Status-quo-Erfassung")
    page.get_by_label("Frist").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_label("Soziales, Gesundheit und Vielfalt").check()
    page.get_by_role("button", name="Runde eröffnen").click()
    page.wait_for_url(re.compile(r"/status-quo/runden/\d+/"))
    intake_round = Round.objects.get(title="Staffel 3 – Status-quo-Erfassung")
    intake = intake_round.intakes.get()
    _logout(page)

    # First sitting of the Sozialamt: a few answers, saved.
    login(page, "mitarbeit-soziales")
    page.goto("/status-quo/")
    page.locator("main").get_by_role("link", name="Sozialamt").first.click()
    page.get_by_role("link", name="Ausfüllen beginnen").click()
    page.get_by_label("Welche Aufgaben nimmt Ihre Organisationseinheit wahr? (Pflichtfrage)").fill(
        "Hilfe zum Lebensunterhalt, Wohngeld"
    )
    page.get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.get_by_text("Ihre Antworten wurden gespeichert.").wait_for()
    _logout(page)

    # Second sitting: the answers are there; the rest, a project, and submit.
    login(page, "mitarbeit-soziales")
    response = intake.responses.get(unit__name="Sozialamt")
    page.goto(f"/status-quo/antworten/{response.pk}/bearbeiten/")
    task = page.get_by_label("Welche Aufgaben nimmt Ihre Organisationseinheit wahr? (Pflichtfrage)")
    assert task.input_value() == "Hilfe zum Lebensunterhalt, Wohngeld"
    page.get_by_role("link", name="Vorhaben hinzufügen").click()
    page.get_by_label("Titel").fill("Digitaler Wohngeldantrag")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/bearbeiten/"))
    expect(page.get_by_role("link", name="Digitaler Wohngeldantrag", exact=True)).to_be_visible()
    page.get_by_label(re.compile("Wer ist in Ihrer Organisationseinheit Ansprechperson")).fill(
        "Frau Beispiel, Sachgebiet 50.1"
    )
    online = page.get_by_role("group", name=re.compile("Bieten Sie Ihre Leistungen bereits"))
    online.get_by_label("Nein").check()
    page.get_by_label(
        "Welche Ihrer Vorhaben bringen die Digitale Agenda am meisten voran, und warum? "
        "(Pflichtfrage)"
    ).fill("Der Wohngeldantrag")
    page.get_by_label("Kompetenzen").check()
    # The follow-up question appears only now.
    expect(page.get_by_role("group", name=re.compile("Form der Qualifizierung"))).to_be_visible()
    page.get_by_label("Beschreiben Sie Ihre wichtigsten Bedarfe und Lücken. (Pflichtfrage)").fill(
        "Schulungen zur E-Akte"
    )
    page.get_by_label(
        "Welche Unterstützung erwarten Sie vom Referat Digitale Stadt? (Pflichtfrage)"
    ).fill("Beratung zu Schnittstellen")
    page.get_by_role("button", name="Speichern und einreichen").click()
    # (the fragment of the earlier redirect to the projects question stays in the address)
    page.wait_for_url(re.compile(rf"/status-quo/antworten/{response.pk}/(#.*)?$"))
    submitted = page.get_by_text("Die Antwort Ihrer Organisationseinheit wurde eingereicht")
    expect(submitted).to_be_visible()
    response.refresh_from_db()
    assert response.state == Response.State.SUBMITTED
    assert response.project_entries.get().project.title == "Digitaler Wohngeldantrag"
    _logout(page)

    # The other offices are in; the coordinator submits the department.
    _submit_others(intake, coordinator, except_unit="Sozialamt")
    login(page, "koordination-soziales")
    page.goto(f"/status-quo/dezernate/{intake.pk}/")
    page.get_by_role("button", name="Dezernat einreichen").click()
    expect(page.get_by_text("wurde eingereicht").first).to_be_visible()
    _logout(page)

    # RDS comments on one answer; the office answers; RDS marks reviewed and accepts.
    login(page, "rds")
    page.goto(f"/status-quo/antworten/{response.pk}/")
    needs = page.locator("#q-bedarfe")
    needs.get_by_text("Diese Antwort kommentieren").click()
    needs.get_by_label("Kommentar").fill("Wie viele Beschäftigte brauchen die Schulung?")
    needs.get_by_role("button", name="Kommentar hinzufügen").click()
    expect(page.get_by_text("Wie viele Beschäftigte brauchen die Schulung?")).to_be_visible()
    _logout(page)

    login(page, "mitarbeit-soziales")
    page.goto(f"/status-quo/antworten/{response.pk}/")
    expect(page.get_by_text("Das Referat Digitale Stadt hat Antworten kommentiert")).to_be_visible()
    needs = page.locator("#q-bedarfe")
    needs.get_by_text("Antworten", exact=True).click()
    needs.get_by_label("Ihre Antwort").fill("Etwa 40 Beschäftigte im Leistungsbereich.")
    needs.get_by_role("button", name="Antwort senden").click()
    expect(page.get_by_text("Etwa 40 Beschäftigte im Leistungsbereich.")).to_be_visible()
    _logout(page)

    login(page, "rds")
    page.goto(f"/status-quo/antworten/{response.pk}/")
    page.locator("#q-bedarfe").get_by_role("button", name="Als erledigt markieren").click()
    page.goto(f"/status-quo/dezernate/{intake.pk}/")
    page.get_by_role("button", name="Als geprüft markieren").click()
    page.get_by_role("button", name="Erfassung abnehmen").click()
    expect(page.locator("main").get_by_text("Abgenommen").first).to_be_visible()
    intake.refresh_from_db()
    assert intake.state == DepartmentIntake.State.ACCEPTED
    record = page.get_by_role("heading", name="Verlauf").locator("xpath=..")
    for step in ("Dezernat hat eingereicht", "Geprüft", "Abgenommen"):
        expect(record.get_by_text(step).first).to_be_visible()


INTAKE_PAGES = {
    "rds": lambda r: {
        "intake start": "/status-quo/",
        "new round": "/status-quo/runden/neu/",
        "round progress": f"/status-quo/runden/{r['round']}/",
        "department intake": f"/status-quo/dezernate/{r['intake']}/",
        "response": f"/status-quo/antworten/{r['response']}/",
        "response form": f"/status-quo/antworten/{r['open']}/bearbeiten/",
        "project entry form": f"/status-quo/antworten/{r['open']}/vorhaben/vorhaben/neu/",
        "remove entry": f"/status-quo/eintraege/{r['entry']}/entfernen/",
        "questionnaires": "/status-quo/frageboegen/",
        "questionnaire": f"/status-quo/frageboegen/{r['questionnaire']}/",
        "questionnaire version": f"/status-quo/frageboegen/versionen/{r['version']}/",
        "questionnaire preview": f"/status-quo/frageboegen/versionen/{r['version']}/vorschau/",
        "new questionnaire": "/status-quo/frageboegen/neu/",
        "reminders": f"/status-quo/runden/{r['round']}/erinnern/",
        "upload": f"/status-quo/antworten/{r['open']}/hochladen/",
        "comparison": f"/status-quo/dezernate/{r['department']}/vergleich/",
    },
    "mitarbeit-soziales": lambda r: {
        "intake start": "/status-quo/",
        "accepted response": f"/status-quo/antworten/{r['own']}/",
    },
    "leitung": lambda r: {
        "intake start": "/status-quo/",
        "round": f"/status-quo/runden/{r['first']}/",
    },
}


def _intake_objects() -> dict:
    second = Round.objects.get(title__startswith="Staffel 2")
    first = Round.objects.get(title__startswith="Staffel 1")
    discussed = Response.objects.filter(intake__round=second, state="eingereicht").first()
    open_response = Response.objects.filter(intake__round=second, state="in_bearbeitung").first()
    entry = discussed.project_entries.first()
    own = Response.objects.get(intake__round=first, unit__name="Sozialamt")
    return {
        "questionnaire": first.version.questionnaire_id,
        "version": first.version_id,
        "department": discussed.intake.department.slug,
        "round": second.pk,
        "first": first.pk,
        "intake": discussed.intake_id,
        "response": discussed.pk,
        "open": open_response.pk,
        "entry": entry.pk,
        "own": own.pk,
    }


@pytest.mark.parametrize("username", list(INTAKE_PAGES))
def test_intake_pages_have_no_serious_accessibility_violations(page, username):
    objects = _intake_objects()
    login(page, username)
    blocking = []
    for label, url in INTAKE_PAGES[username](objects).items():
        page.goto(url)
        assert page.locator("h1").count() == 1, label
        blocking += _axe(page, f"{username} {label}")
    if username == "rds":
        page.goto(f"/status-quo/antworten/{objects['open']}/bearbeiten/")
        page.locator("#id_a-beschaeftigte").fill("viele")
        page.get_by_role("button", name="Speichern", exact=True).click()
        expect(page.locator("#form-errors")).to_be_visible()
        blocking += _axe(page, "rds response form with errors")
    assert blocking == []


def test_the_questionnaire_works_with_the_keyboard_alone(page):
    objects = _intake_objects()
    login(page, "rds")
    page.goto(f"/status-quo/antworten/{objects['open']}/bearbeiten/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    typed = {
        "id_a-beschaeftigte": "85",
        "id_a-fachverfahren": "OPEN/PROSOZ",
        "id_a-erwartungen": "Austausch mit anderen Ämtern",
    }
    pressed = {"id_a-digitalisierungsgrad_0": "ArrowDown", "id_a-angebote_1": " "}
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "({id: document.activeElement.id, tag: document.activeElement.tagName,"
            " text: document.activeElement.textContent.trim(),"
            " outline: getComputedStyle(document.activeElement).outlineStyle,"
            " shadow: getComputedStyle(document.activeElement).boxShadow})"
        )
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if focused["id"] in typed:
            page.keyboard.press("Control+A")
            page.keyboard.type(typed.pop(focused["id"]))
        if focused["id"] in pressed:
            page.keyboard.press(pressed.pop(focused["id"]))
        if focused["tag"] == "BUTTON" and focused["text"] == "Speichern":
            break
    else:
        pytest.fail("the save button was not reached with the Tab key")
    assert typed == {}
    assert pressed == {}
    page.keyboard.press("Enter")
    page.get_by_text("Ihre Antworten wurden gespeichert.").wait_for()
    stored = dict(Response.objects.get(pk=objects["open"]).answers.values_list("key", "value"))
    assert stored["beschaeftigte"] == "85"
    assert stored["fachverfahren"] == "OPEN/PROSOZ"
    assert stored["digitalisierungsgrad"] == 2  # the arrow moved from 1 to 2
    assert stored["angebote"] == ["app"]
    assert stored["erwartungen"] == "Austausch mit anderen Ämtern"
