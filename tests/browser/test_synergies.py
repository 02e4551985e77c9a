"""Synergies in Chromium on the demo data: Kultur's coordinator accepts a suggestion on the
funding procedure's page, the Referat Digitale Stadt confirms the new link; the title hint
appears while a new project's title is typed; axe on every synergy page."""

import re

from playwright.sync_api import expect

from projects.models import Project
from synergies.models import Synergy
from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe
from tests.browser.test_workshops import _logout


def test_staff_accept_a_suggestion_and_the_central_unit_confirms_it(page):
    violations = []
    funding = Project.objects.get(title="Digitales Förderverfahren für Zuwendungen")
    login(page, "koordination-kultur")
    page.goto(funding.get_absolute_url())
    suggestions = page.locator(".suggestion-list .suggestion")
    assert suggestions.count() >= 1
    violations += _axe(page, "project page with suggestions")
    first = suggestions.first
    other_title = first.locator("a").first.inner_text()
    first.get_by_label("Art der Synergie").select_option("gemeinsame_komponente")
    first.get_by_role("button", name="Als Synergie übernehmen").click()
    page.wait_for_url(re.compile(r"/synergien/\d+/$"))
    link = Synergy.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert (link.kind, link.status, link.from_suggestion) == (
        "gemeinsame_komponente",
        "vorgeschlagen",
        True,
    )
    expect(page.get_by_text(other_title).first).to_be_visible()
    violations += _axe(page, "synergy page (proposed)")
    _logout(page)

    login(page, "rds")
    page.goto("/synergien/?status=vorgeschlagen")
    violations += _axe(page, "synergy list filtered")
    page.goto(link.get_absolute_url())
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url(re.compile(rf"/synergien/{link.pk}/$"))
    link.refresh_from_db()
    assert (link.status, link.decided_by.username) == ("bestaetigt", "rds")
    expect(page.get_by_text("Der Status der Verknüpfung wurde geändert.")).to_be_visible()
    violations += _axe(page, "synergy page (confirmed)")
    assert violations == []


def test_a_similar_title_is_shown_while_typing(page):
    login(page, "mitarbeit-soziales")
    page.goto("/arbeitsraeume/soziales-gesundheit-vielfalt/vorhaben/neu/")
    page.get_by_label("Titel").press_sequentially("Digitales Förderverfahren", delay=20)
    hint = page.locator("#title-hint")
    hint.get_by_text("Ähnliche Vorhaben gibt es schon").wait_for()
    expect(hint.get_by_role("link", name=re.compile("Digitales Förderverfahren"))).to_be_visible()
    assert _axe(page, "project form with the title hint") == []


def test_the_synergy_pages_have_no_accessibility_violations(page):
    funding = Project.objects.get(title="Digitales Förderverfahren für Zuwendungen")
    duplicate = Synergy.objects.get(kind="dublette")
    violations = []
    for username in ("rds", "koordination-kultur", "partner-kultur", "leitung"):
        login(page, username)
        pages = {
            "synergy list": "/synergien/",
            "workspace synergies": "/arbeitsraeume/kultur/synergien/",
            "synergy page": Synergy.objects.filter(source=funding).first().get_absolute_url(),
        }
        if username != "partner-kultur":
            pages["reuse catalogue"] = "/nachnutzung/"
            pages["duplicate page"] = duplicate.get_absolute_url()
        if username in ("rds", "koordination-kultur"):
            pages["link form (search)"] = f"/vorhaben/{funding.pk}/synergien/neu/?q=Förder"
        for label, url in pages.items():
            page.goto(url)
            violations += _axe(page, f"{username} {label}")
        _logout(page)
    assert violations == []
