"""The pages added so that nothing happens by one click and a wrong report can be put right,
worked through in Chromium and checked with axe: confirming a member's removal, withdrawing a
partner's access, the invitation link shown when no mail goes out, a status update that
fails, is corrected, and is withdrawn."""

import re

from playwright.sync_api import expect

from organisation.models import Membership
from projects.models import Project, StatusUpdate
from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe


def test_removing_a_member_and_withdrawing_access_ask_first(page):
    login(page, "koordination-kultur")
    page.goto("/arbeitsraeume/kultur/mitglieder/")
    partner = Membership.objects.get(user__username="partner-kultur")
    page.get_by_role("link", name=re.compile("Zugang entziehen")).first.click()
    page.wait_for_url(re.compile(r"/zugang-entziehen/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Diesen Zugang entziehen?"
    blocking = _axe(page, "withdraw access")
    partner.refresh_from_db()
    assert partner.expires_at is None or partner.is_partner  # nothing happened yet
    page.get_by_role("button", name="Zugang entziehen").click()
    page.wait_for_url(re.compile(r"/mitglieder/$"))
    assert "Der Zugang wurde entzogen" in page.content()
    assert blocking == []


def test_the_invitation_link_page_offers_the_link_to_copy(page):
    login(page, "koordination-kultur")
    page.goto("/arbeitsraeume/kultur/einladen/")
    page.get_by_label("E-Mail-Adresse des Partners").fill("ohne-mail@partner.example")
    # what the second button sends after a failed mail
    page.evaluate(
        "() => { const f = document.querySelector('form.project-form');"
        " const i = document.createElement('input'); i.type = 'hidden';"
        " i.name = 'without_mail'; i.value = '1'; f.appendChild(i); }"
    )
    page.get_by_role("button", name="Einladung senden").click()
    page.wait_for_selector("#invitation-link")
    link = page.locator("#invitation-link").input_value()
    assert re.search(r"/einladung/[\w-]+/$", link)
    expect(page.get_by_role("button", name="Link kopieren")).to_be_visible()
    assert _axe(page, "invitation link") == []


def test_a_status_update_fails_is_corrected_and_withdrawn(page):
    project = Project.objects.filter(department__slug="kultur", archived_at__isnull=True,
                                     confidential=False).order_by("pk").first()  # fmt: skip
    login(page, "koordination-kultur")
    page.goto(f"/vorhaben/{project.pk}/")
    page.get_by_text("Statusmeldung hinzufügen").click()
    page.get_by_label("Fortschritt (%)").fill("150")
    page.get_by_role("button", name="Statusmeldung speichern").click()
    page.wait_for_selector("#form-errors")
    # the summary takes the focus (screen readers read it first) and comes into view (the
    # page scrolls smoothly, so wait for it to arrive rather than 1,500 px above)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'form-errors'")
    page.wait_for_function(
        "() => { const top = document.getElementById('form-errors').getBoundingClientRect().top;"
        " return top >= 0 && top < window.innerHeight / 2; }"
    )
    blocking = _axe(page, "status update with errors")

    page.get_by_label("Fortschritt (%)").fill("45,0")
    page.get_by_label("Bericht").fill("Im Browser erfasst")
    page.get_by_role("button", name="Statusmeldung speichern").click()
    page.wait_for_url(re.compile(r"#statusmeldungen$"))
    update = StatusUpdate.objects.get(project=project, text="Im Browser erfasst")
    assert update.progress == 45

    page.get_by_role("link", name=re.compile("^Korrigieren")).first.click()
    page.wait_for_url(re.compile(r"/korrigieren/$"))
    blocking += _axe(page, "correct a status update")
    page.get_by_label("Bericht").fill("Im Browser korrigiert")
    page.get_by_role("button", name="Korrektur speichern").click()
    page.wait_for_url(re.compile(r"#statusmeldungen$"))
    update.refresh_from_db()
    assert update.text == "Im Browser korrigiert"

    page.get_by_role("link", name=re.compile("^Zurückziehen")).first.click()
    page.wait_for_url(re.compile(r"/zurueckziehen/$"))
    blocking += _axe(page, "withdraw a status update")
    page.get_by_label("Warum wird sie zurückgezogen?").fill("Doppelt erfasst")
    page.get_by_role("button", name="Zurückziehen").click()
    page.wait_for_url(re.compile(r"#statusmeldungen$"))
    assert "Zurückgezogen von" in page.content()
    update.refresh_from_db()
    assert update.withdrawn_at is not None
    assert blocking == []


def test_a_reading_partner_starts_in_the_workspace(page):
    login(page, "partner-kultur")
    assert "zum Lesen in den Arbeitsraum" in page.content()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Mein Arbeitsraum"
    ).click()
    page.wait_for_url(re.compile(r"/arbeitsraeume/kultur/$"))
    assert _axe(page, "partner start") == []
