"""The workshop series in Chromium: RDS plans a cohort with two departments; Kultur's
coordinator records the results of Teil 1–3, applies a change list and ranks the priorities
by keyboard, and the workspace's order changes; axe on every workshop page."""

import re

import pytest
from playwright.sync_api import expect

from organisation.models import Department
from projects.models import Project
from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe
from tests.factories import ProjectFactory
from workshops.models import Cohort, Part


def _logout(page):
    page.locator("header").get_by_role("button", name="Abmelden").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _workshop(cohort, slug, part):
    return cohort.workshops.get(department__slug=slug, part=part)


def test_a_cohort_from_planning_to_the_workspaces_priority_order(page):
    violations = []
    # RDS plans cohort 3 with Kultur and Finanzen.
    login(page, "rds")
    page.goto("/staffeln/")
    violations += _axe(page, "cohort list")
    page.get_by_role("link", name="Staffel planen").click()
    violations += _axe(page, "cohort form")
    page.get_by_label("Name").fill("Kultur und Finanzen")
    page.get_by_label("Dezernat Kultur").check()
    page.get_by_label("Dezernat Finanzen").check()
    page.get_by_role("button", name="Staffel planen").click()
    page.wait_for_url(re.compile(r"/staffeln/\d+/$"))
    cohort = Cohort.objects.get(name="Kultur und Finanzen")
    assert cohort.workshops.count() == 6
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Dezernat Kultur")).to_be_visible()
    expect(main.get_by_role("heading", name="Dezernat Finanzen")).to_be_visible()
    violations += _axe(page, "cohort page")
    _logout(page)

    # Kultur's coordinator records Teil 1.
    login(page, "koordination-kultur")
    teil1 = _workshop(cohort, "kultur", Part.ONE)
    page.goto(teil1.get_absolute_url())
    violations += _axe(page, "workshop page (planned)")
    page.get_by_role("link", name="Datum, Ort und Teilnehmende").click()
    page.get_by_label("Datum und Uhrzeit").fill("2027-01-12T09:00")
    page.get_by_label("Ort").fill("Neues Rathaus, Raum 259")
    violations += _axe(page, "workshop plan form")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(rf"/workshops/{teil1.pk}/$"))
    page.get_by_role("button", name="Als durchgeführt markieren").click()
    page.get_by_role("link", name="Protokoll schreiben").click()
    page.get_by_label("Protokoll").fill("# Bestandsaufnahme\n\nAlle Ämter haben vorgestellt.")
    violations += _axe(page, "minutes form")
    page.get_by_role("button", name="Protokoll speichern").click()
    page.locator("summary", has_text="Beschluss hinzufügen").click()
    page.get_by_label("Beschluss", exact=True).fill("Jedes Vorhaben bekommt ein Ziel.")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_text("Jedes Vorhaben bekommt ein Ziel.")).to_be_visible()
    violations += _axe(page, "workshop page with results")

    # Teil 2: a change decided for a project, accepted and applied.
    teil2 = _workshop(cohort, "kultur", Part.TWO)
    project = ProjectFactory(
        department=Department.objects.get(slug="kultur"), title="Digitale Ausleihe im Museum"
    )
    page.goto(teil2.get_absolute_url())
    page.locator("summary", has_text="Änderung auf die Liste setzen").click()
    form = page.locator("section[aria-labelledby=aenderungen] form")
    form.get_by_label("Vorhaben").select_option(str(project.pk))
    form.get_by_label("Was sich ändert").select_option("status")
    form.get_by_label("Neuer Status").select_option("umsetzung")
    form.get_by_role("button", name="Hinzufügen").click()
    page.get_by_role("button", name=re.compile(rf"^Annehmen: {re.escape(project.title)}")).click()
    page.get_by_role("button", name="1 angenommene Änderung übernehmen").click()
    expect(page.get_by_text("auf 1 Vorhaben übertragen")).to_be_visible()
    project.refresh_from_db()
    assert project.status == "umsetzung"
    assert project.history.latest().history_change_reason == (
        f"geändert in Workshop Teil 2, Staffel {cohort.number}"
    )
    violations += _axe(page, "workshop page with change list")

    # Teil 3: the ranking, by keyboard alone.
    teil3 = _workshop(cohort, "kultur", Part.THREE)
    page.goto(f"/workshops/{teil3.pk}/prioritaeten/")
    violations += _axe(page, "priority list")
    items = page.locator(".priority-item__title a")
    first, second = items.nth(0).inner_text(), items.nth(1).inner_text()
    items.nth(0).focus()
    page.keyboard.press("Tab")  # the first project's only button: "Nach unten"
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Nach unten")
    assert first in focused
    page.keyboard.press("Enter")
    page.get_by_text(f"{first} ist jetzt auf Platz 2.").wait_for(state="attached")
    assert items.nth(0).inner_text() == second
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert first in focused  # the focus stayed with the moved project
    # htmx has taken over the new list (its forms post in the background again).
    page.wait_for_function("document.activeElement.closest('form')['htmx-internal-data']")
    page.keyboard.press("Enter")  # once more down
    page.get_by_text(f"{first} ist jetzt auf Platz 3.").wait_for(state="attached")
    violations += _axe(page, "priority list after moves")
    page.get_by_role(
        "button", name="Als Prioritätenreihenfolge des Arbeitsraums übernehmen"
    ).click()
    page.get_by_text("ist jetzt die Prioritätenreihenfolge des Arbeitsraums").wait_for()

    # The workspace's order changed.
    kultur = Department.objects.get(slug="kultur")
    ranked = Project.objects.filter(department=kultur, priority_rank__isnull=False)
    assert ranked.get(title=second).priority_rank == 1
    assert ranked.get(title=first).priority_rank == 3
    page.goto(f"/arbeitsraeume/{kultur.slug}/")
    assert page.locator("main").get_by_role("link", name=f"{teil3.get_part_display()}").count()
    assert violations == []


@pytest.mark.parametrize("username", ["rds", "koordination-kultur", "partner-kultur", "leitung"])
def test_workshop_pages_have_no_serious_accessibility_violations(page, username):
    cohort = Cohort.objects.get(number=1)
    login(page, username)
    violations = []
    pages = ["/workshops/", f"{_workshop(cohort, 'kultur', Part.ONE).get_absolute_url()}"]
    pages.append(f"/workshops/{_workshop(cohort, 'kultur', Part.THREE).pk}/prioritaeten/")
    if username != "partner-kultur":
        running = Cohort.objects.get(number=2)
        pages += ["/staffeln/", cohort.get_absolute_url(), running.get_absolute_url()]
        pages.append(
            running.workshops.get(
                department__slug="umwelt-klima-ordnung-sport", part=1
            ).get_absolute_url()
        )
    for path in pages:
        page.goto(path)
        violations += _axe(page, f"{username} {path}")
    assert violations == []
