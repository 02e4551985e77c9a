"""The needs register and the RDS offerings in Chromium: Kultur's coordinator records a need,
links the offering that could answer it and solves it with a reason; the Referat sees it in
the overview and in the offering's demand; a project of Kultur is linked to an offering from
its page. axe on each page along the way."""

import re

from playwright.sync_api import expect

from needs.models import Need
from projects.models import Project
from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe


def _logout(page):
    page.locator("header").get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_a_need_from_the_register_to_the_offerings_demand(page):
    violations = []
    login(page, "koordination-kultur")
    page.goto("/arbeitsraeume/kultur/")
    page.get_by_role("link", name="Das Verzeichnis der Bedarfe und Lücken").click()
    page.get_by_role("link", name="Neuer Bedarf").click()
    violations += _axe(page, "need form")
    page.get_by_label("Titel").fill("Keine Schnittstelle zur Datenplattform")
    page.get_by_label("Kategorie").select_option(label="Daten")
    page.get_by_label("kritisch").check()
    page.get_by_label("RDS-Angebot").select_option(label="Urbane Datenplattform")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r"/bedarfe/\d+/$"))
    need = Need.objects.get(title="Keine Schnittstelle zur Datenplattform")
    assert (need.severity, need.offering.slug) == ("kritisch", "datenplattform")
    violations += _axe(page, "need page")

    page.get_by_role("link", name="Status ändern").click()
    page.get_by_label("gelöst").check()
    page.get_by_role("button", name="Status speichern").click()
    expect(page.locator("#form-errors")).to_be_visible()  # solving says why
    violations += _axe(page, "need status with errors")
    page.get_by_label("Grund").fill("Schnittstelle über die Datenplattform bereitgestellt.")
    page.get_by_role("button", name="Status speichern").click()
    page.wait_for_url(re.compile(rf"/bedarfe/{need.pk}/$"))
    expect(
        page.get_by_text("Schnittstelle über die Datenplattform bereitgestellt.").first
    ).to_be_visible()

    project = Project.objects.filter(department__slug="kultur", archived_at=None).order_by("pk")
    project = project.exclude(offerings__slug="app").first()
    page.goto(project.get_absolute_url())
    page.get_by_label("RDS-Angebot", exact=True).select_option(label="Städtische App")
    page.get_by_role("button", name="Angebot verknüpfen").click()
    expect(page.get_by_text("Das Angebot wurde mit dem Vorhaben verknüpft.")).to_be_visible()
    assert project.offerings.filter(slug="app").exists()
    violations += _axe(page, "project page with offerings")
    _logout(page)

    login(page, "rds")
    page.goto("/bedarfe/?department=" + str(need.department_id))
    violations += _axe(page, "needs overview")
    expect(
        page.get_by_role("link", name=re.compile("Keine Schnittstelle zur Datenplattform"))
    ).to_be_visible()
    page.goto("/angebote/datenplattform/")
    expect(page.get_by_role("heading", name="Nachfrage")).to_be_visible()
    expect(page.get_by_role("link", name="Keine Schnittstelle zur Datenplattform")).to_be_visible()
    violations += _axe(page, "offering page")
    assert violations == []
