"""WCAG 2.1 AA (BITV 2.0) checks in the browser: axe-core on every main page for every role,
and the project form worked through with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Project
from tests.browser.conftest import city_round_pages, login, reporting_pages

BLOCKING_IMPACTS = {"serious", "critical"}
ALL_IMPACTS = {"minor", "moderate", "serious", "critical"}
ROLE_WORKSPACES = {
    "admin": "kultur",
    "rds": "kultur",
    "koordination-kultur": "kultur",
    "mitarbeit-soziales": "soziales-gesundheit-vielfalt",
    "partner-kultur": "kultur",
    "leitung": "kultur",
}
EDITORS = {"admin", "rds", "koordination-kultur", "mitarbeit-soziales"}
MANAGERS = {"admin", "rds", "koordination-kultur"}
CENTRAL = {"admin", "rds"}
CITY_PAGES = {"city overview": "/uebersicht/", "city report": "/uebersicht/lagebericht/"}
# The monitoring pages allow no violation at all, of whatever impact: the start page, the
# dashboards and Lageberichte (also at a round) and the reporting rounds.
MONITORING = {"start", "workspace", "situation report", *CITY_PAGES}
# The handbook as it ships (loaded by the demo): every logged-in user reads it.
HANDBOOK_PAGES = {
    "handbook": "/handreichung/",
    "handbook page": "/handreichung/workshop-teil-1/",
    "handbook print view": "/handreichung/drucken/",
    "handbook versions": "/handreichung/workshop-teil-1/versionen/",
    "handbook version": "/handreichung/workshop-teil-1/versionen/1/",
}


def _axe(page, label: str, *, blocking=BLOCKING_IMPACTS) -> list[str]:
    """Run axe-core, print the rule ids it reports, return those of a ``blocking`` impact.

    It waits for the page a click may just have opened to load, so that axe checks that page
    and is not cut off by its navigation."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    violations = Axe().run(page).response["violations"]
    found = sorted(f"{v['id']} ({v['impact']})" for v in violations)
    print(f"axe {label}: {', '.join(found) or 'no violations'}")
    return [
        f"{label}: {v['id']} ({v['impact']}) at {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in blocking
    ]


def test_public_pages_have_no_serious_accessibility_violations(page):
    page.goto("/accounts/login/")
    assert _axe(page, "login") == []
    page.locator("main").get_by_role("button", name="Anmelden").click()  # empty: errors shown
    expect(page.locator("#id_username_error")).to_be_visible()
    assert _axe(page, "login with errors") == []
    page.goto("/barrierefreiheit/")
    assert _axe(page, "accessibility statement") == []
    page.goto(f"/einladung/{_invitation_token()}/")
    assert _axe(page, "invitation acceptance") == []


def _invitation_token() -> str:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.services import invitation_create
    from organisation.models import Department

    tokens = []
    invitation_create(
        actor=get_user_model().objects.get(username="koordination-kultur"),
        department=Department.objects.get(slug="kultur"),
        email="axe@partner.example",
        role="partner_lesen",
        access_expires_on=timezone.localdate() + timezone.timedelta(days=30),
        accept_url_builder=lambda token: tokens.append(token) or token,
    )
    return tokens[0]


@pytest.mark.parametrize("username", list(ROLE_WORKSPACES))
def test_main_pages_have_no_serious_accessibility_violations(page, username):
    slug = ROLE_WORKSPACES[username]
    login(page, username)
    project = (
        Project.objects.filter(department__slug=slug, confidential=False).order_by("pk").first()
    )
    pages = {
        "start": "/",
        "reminder settings": "/erinnerungen/",
        "agenda": "/agenda/",
        "departments": "/dezernate/",
        "workspace": f"/arbeitsraeume/{slug}/",
        "situation report": f"/arbeitsraeume/{slug}/lagebericht/",
        "project list": f"/arbeitsraeume/{slug}/vorhaben/?o=-title",
        "project list filtered": f"/arbeitsraeume/{slug}/vorhaben/?status=umsetzung&stale=ja",
        "project detail": f"/vorhaben/{project.pk}/",
        **HANDBOOK_PAGES,
    }
    if username != "partner-kultur":  # partners follow the status updates, not the history
        pages["project history"] = f"/vorhaben/{project.pk}/verlauf/"
    if username in MANAGERS:
        pages["members"] = f"/arbeitsraeume/{slug}/mitglieder/"
        pages["invitation form"] = f"/arbeitsraeume/{slug}/einladen/"
    if username != "partner-kultur":  # partners do not see the workshop templates
        pages |= _workshop_template_pages(central=username in CENTRAL)
    pages |= _needs_and_offerings_pages(username, slug)
    monitoring = set(MONITORING)
    if username != "partner-kultur":  # reporting rounds are for city staff
        rounds = reporting_pages()
        pages |= rounds
        monitoring |= set(rounds)
    if username in CENTRAL | {"leitung"}:  # the city dashboard and its Lagebericht
        pages |= CITY_PAGES | city_round_pages()
        monitoring |= set(city_round_pages())
    if username in CENTRAL:
        from agenda.models import Goal

        goal = Goal.objects.filter(field__agenda__status="aktiv").order_by("pk").first()
        pages["strategy goal form"] = f"/agenda/ziele/{goal.pk}/bearbeiten/"
        pages["strategy new field of action"] = "/agenda/handlungsfelder/neu/"
        pages["strategy history"] = f"/agenda/ziele/{goal.pk}/verlauf/"
        pages["external accounts"] = "/externe/"
        pages["audit log"] = "/protokoll/"
        pages["handbook new page"] = "/handreichung/neu/"
        pages["handbook edit"] = "/handreichung/workshop-teil-1/bearbeiten/"
    blocking = []
    for label, url in pages.items():
        page.goto(url)
        impacts = ALL_IMPACTS if label in monitoring else BLOCKING_IMPACTS
        blocking += _axe(page, f"{username} {label}", blocking=impacts)
    if username in EDITORS:
        page.goto(f"/arbeitsraeume/{slug}/vorhaben/neu/")
        blocking += _axe(page, f"{username} project form")
        page.locator("#id_progress").fill("150")
        page.locator("form.project-form").get_by_role("button", name="Speichern").click()
        expect(page.locator("#form-errors")).to_be_visible()
        blocking += _axe(page, f"{username} project form with errors")
    assert blocking == []


def _needs_and_offerings_pages(username: str, slug: str) -> dict:
    """The workspace's needs register and a need of it; for city staff the overview and the
    offerings; the forms for those who may use them."""
    from needs.models import Need
    from offerings.models import OfferingRequest

    need = Need.objects.filter(department__slug=slug).order_by("pk").first()
    pages = {
        "needs register": f"/arbeitsraeume/{slug}/bedarfe/",
        "needs register filtered": f"/arbeitsraeume/{slug}/bedarfe/?status=ungeloest&o=-severity",
        "need": f"/bedarfe/{need.pk}/",
    }
    if username != "partner-kultur":  # partners see neither offerings nor the overview
        pages |= {
            "needs overview": "/bedarfe/",
            "needs overview filtered": "/bedarfe/?category=daten",
            "offerings": "/angebote/",
            "offering": "/angebote/datenplattform/",
            "offering requests": "/angebote/anfragen/",
        }
    if username in EDITORS:
        pages |= {
            "need form": f"/arbeitsraeume/{slug}/bedarfe/neu/",
            "need edit": f"/bedarfe/{need.pk}/bearbeiten/",
            "need status": f"/bedarfe/{need.pk}/status/",
        }
    if username in CENTRAL:
        request = OfferingRequest.objects.order_by("pk").first()
        pages |= {
            "offering form": "/angebote/neu/",
            "offering edit": "/angebote/datenplattform/bearbeiten/",
            "offering request": f"/angebote/anfragen/{request.pk}/",
            "offering request answer": f"/angebote/anfragen/{request.pk}/beantworten/",
        }
    return pages


def _workshop_template_pages(*, central: bool) -> dict:
    """The templates of the demo data; for the central unit also a draft and its forms."""
    from django.contrib.auth import get_user_model

    from workshops import standards
    from workshops.models import TemplateVersion

    published = TemplateVersion.objects.published().get(template__part=1, number=1)
    pages = {
        "workshop templates": "/workshopvorlagen/",
        "workshop template": f"/workshopvorlagen/{published.template_id}/",
        "workshop template version": f"/workshopvorlagen/versionen/{published.pk}/",
    }
    if central:
        draft = published.template.versions.filter(state="entwurf").first()
        if draft is None:
            rds = get_user_model().objects.get(username="rds")
            draft = standards.template_draft_start(template=published.template, actor=rds)
        item = draft.agenda_items.first()
        pages |= {
            "workshop template draft": f"/workshopvorlagen/versionen/{draft.pk}/",
            "workshop template form": f"/workshopvorlagen/versionen/{draft.pk}/bearbeiten/",
            "agenda item form": f"/workshopvorlagen/punkte/{item.pk}/bearbeiten/",
            "publish template": f"/workshopvorlagen/versionen/{draft.pk}/veroeffentlichen/",
        }
    return pages


def test_project_form_works_with_the_keyboard_alone(page):
    login(page, "koordination-kultur")
    page.goto("/arbeitsraeume/kultur/vorhaben/neu/")

    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent.trim()")
    assert first == "Zum Inhalt springen"  # the skip link comes first
    page.keyboard.press("Enter")

    typed = {"id_title": "Per Tastatur erfasst", "id_description": "Ohne Maus angelegt."}
    for _ in range(150):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "({id: document.activeElement.id, tag: document.activeElement.tagName,"
            " text: document.activeElement.textContent.trim(),"
            " outline: getComputedStyle(document.activeElement).outlineStyle,"
            " shadow: getComputedStyle(document.activeElement).boxShadow})"
        )
        assert focused["outline"] != "none" or focused["shadow"] != "none", focused
        if focused["id"] in typed:
            page.keyboard.type(typed.pop(focused["id"]))
        if focused["tag"] == "BUTTON" and focused["text"] == "Speichern":
            break
    else:
        pytest.fail("the save button was not reached with the Tab key")
    assert typed == {}
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/vorhaben/\d+/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Per Tastatur erfasst"
    assert Project.objects.filter(title="Per Tastatur erfasst", department__slug="kultur").exists()
