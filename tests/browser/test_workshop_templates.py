"""The workshop template editor in a real browser: the central unit starts a draft from the
published version, changes its agenda and publishes it; the previous version stays."""

from playwright.sync_api import expect

from tests.browser.conftest import login
from workshops.models import TemplateVersion


def test_central_unit_edits_and_publishes_a_new_template_version(page):
    login(page, "rds")
    page.locator("#site-nav").get_by_role("link", name="Workshopvorlagen").click()
    page.get_by_role("link", name="Teil 2").click()
    page.get_by_role("button", name="Neuen Entwurf aus Version 1 beginnen").click()
    expect(page.get_by_text("Entwurf", exact=True).first).to_be_visible()

    page.get_by_role("link", name="Tagesordnungspunkt hinzufügen").click()
    page.get_by_label("Titel").fill("Kurze Rückmelderunde")
    page.get_by_label("Dauer (Minuten)").fill("10")
    page.get_by_role("button", name="Tagesordnungspunkt speichern").click()
    row = page.locator("tr", has_text="Kurze Rückmelderunde")
    expect(row).to_be_visible()
    row.get_by_role("button", name="Nach oben: Kurze Rückmelderunde").click()

    page.get_by_role("link", name="Veröffentlichen").click()
    page.get_by_label("Was sich geändert hat").fill("Rückmelderunde vor dem Abschluss")
    page.get_by_role("button", name="Jetzt veröffentlichen").click()
    expect(page.get_by_text("Dies ist die aktuelle Version")).to_be_visible()
    expect(page.get_by_text("Gesamtdauer 3 Std. 40 Min.")).to_be_visible()

    versions = TemplateVersion.objects.filter(template__part=2).order_by("number")
    first, second = versions
    assert first.is_published
    assert first.agenda_items.count() == 8
    assert second.is_published
    titles = list(second.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles[-2:] == ["Kurze Rückmelderunde", "Abschluss und Ausblick auf Teil 3"]
