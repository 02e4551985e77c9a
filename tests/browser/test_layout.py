"""Every page type on a phone (390 px), on a desktop (1280 px) and in print: no page scrolls
sideways, the header takes at most a quarter of a phone's first screen, print shows the content
only, and axe finds nothing serious on the phone layout. Screenshots of every page in every
mode are saved in ``test-artifacts/layout/`` to be looked at; the tests do not compare them."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from projects import services
from projects.models import Project, StatusUpdate
from tests.browser.conftest import ARTIFACTS, city_round_pages, login, reporting_pages
from tests.browser.test_accessibility import _axe, _invitation_token

SCREENSHOTS = ARTIFACTS / "layout"
DATA = Path(__file__).resolve().parents[1] / "data"
# A4 landscape less the page margins of the print stylesheet (297 mm - 2 x 10 mm) at 96 px/in.
PRINT_WIDTH = round((297 - 20) / 25.4 * 96)
MODES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "media": "screen"},
    "desktop": {"viewport": {"width": 1280, "height": 900}, "media": "screen"},
    "print": {"viewport": {"width": PRINT_WIDTH, "height": 794}, "media": "print"},
}
OVERFLOW = """() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    header: document.querySelector(".site-header").getBoundingClientRect().height,
})"""
# Elements print leaves out: what cannot be used on paper.
NOT_PRINTED = (
    ".skip-link, .site-header, .site-nav, .site-footer, .breadcrumbs, .filter-form, "
    ".pagination, main .kern-btn, main button"
)


def _pages(project: Project, own_update: StatusUpdate, other_update: StatusUpdate, run_url: str):
    slug = project.department.slug
    return {
        "start": "/",
        "departments": "/dezernate/",
        "workspace": f"/arbeitsraeume/{slug}/",
        "workspace-report": f"/arbeitsraeume/{slug}/lagebericht/",
        "project-list": "/vorhaben/",
        "project-list-filtered": f"/arbeitsraeume/{slug}/vorhaben/?status=umsetzung&o=-title",
        "project-detail": f"/vorhaben/{project.pk}/",
        "project-form": f"/vorhaben/{project.pk}/bearbeiten/",
        "project-new": f"/arbeitsraeume/{slug}/vorhaben/neu/",
        "project-history": f"/vorhaben/{project.pk}/verlauf/",
        "project-archive": f"/vorhaben/{project.pk}/archivieren/",
        "status-update-correct": (
            f"/vorhaben/{project.pk}/statusmeldungen/{own_update.pk}/korrigieren/"
        ),
        "status-update-withdraw": (
            f"/vorhaben/{project.pk}/statusmeldungen/{other_update.pk}/zurueckziehen/"
        ),
        "agenda": "/agenda/",
        "agenda-field": f"/agenda/handlungsfelder/{project.fields_of_action.first().pk}/",
        "agenda-goal": f"/agenda/ziele/{project.goals.first().pk}/",
        "import-overview": "/daten/",
        "import-run": run_url,
        "members": f"/arbeitsraeume/{slug}/mitglieder/",
        "invitation-form": f"/arbeitsraeume/{slug}/einladen/",
        "external-accounts": "/externe/",
        "audit-log": "/protokoll/",
        "accessibility": "/barrierefreiheit/",
        # Somebody else's status update may not be corrected by the administration either.
        "403": f"/vorhaben/{project.pk}/statusmeldungen/{other_update.pk}/korrigieren/",
        "404": "/vorhaben/999999/",
        **_intake_pages(),
        "workshop-protocol": _protocol_page(),
        **_handbook_pages(),
        **_workshop_template_pages(),
        **_synergy_pages(),
        **_needs_and_offerings_pages(slug),
    }


def _synergy_pages() -> dict:
    """The demo's funding procedure: its links, a link's page and the reuse catalogue."""
    from synergies.models import Synergy

    funding = Project.objects.get(title="Digitales Förderverfahren für Zuwendungen")
    return {
        "synergies": "/synergien/",
        "synergy": Synergy.objects.filter(source=funding).first().get_absolute_url(),
        "synergy-form": f"/vorhaben/{funding.pk}/synergien/neu/?q=Förder",
        "reuse-catalogue": "/nachnutzung/",
        "funding-project": funding.get_absolute_url(),
    }


def _needs_and_offerings_pages(slug: str) -> dict:
    """The needs register and the RDS offerings of the demo data, with their forms."""
    from needs.models import Need
    from offerings.models import OfferingRequest

    need = Need.objects.filter(department__slug=slug).order_by("pk").first()
    request = OfferingRequest.objects.order_by("pk").first()
    return {
        "needs-register": f"/arbeitsraeume/{slug}/bedarfe/",
        "needs-overview": "/bedarfe/",
        "need": f"/bedarfe/{need.pk}/",
        "need-form": f"/bedarfe/{need.pk}/bearbeiten/",
        "need-new": f"/arbeitsraeume/{slug}/bedarfe/neu/",
        "need-status": f"/bedarfe/{need.pk}/status/",
        "offerings": "/angebote/",
        "offering": "/angebote/datenplattform/",
        "offering-form": "/angebote/datenplattform/bearbeiten/",
        "offering-requests": "/angebote/anfragen/",
        "offering-request": f"/angebote/anfragen/{request.pk}/",
        "offering-request-answer": f"/angebote/anfragen/{request.pk}/beantworten/",
    }


def _workshop_template_pages() -> dict:
    """Teil 1's published version and a draft of it (the administration edits it)."""
    from workshops import standards
    from workshops.models import TemplateVersion

    published = TemplateVersion.objects.published().get(template__part=1, number=1)
    draft = published.template.versions.filter(state="entwurf").first()
    if draft is None:
        admin = get_user_model().objects.get(username="admin")
        draft = standards.template_draft_start(template=published.template, actor=admin)
    return {
        "workshop-templates": "/workshopvorlagen/",
        "workshop-template": f"/workshopvorlagen/{published.template_id}/",
        "workshop-template-version": f"/workshopvorlagen/versionen/{published.pk}/",
        "workshop-template-draft": f"/workshopvorlagen/versionen/{draft.pk}/",
        "workshop-template-form": f"/workshopvorlagen/versionen/{draft.pk}/bearbeiten/",
    }


def _handbook_pages() -> dict:
    """The handbook as it ships, with a second version of one page (to show a diff)."""
    from handbook import services
    from handbook.models import HandbookPage

    page = HandbookPage.objects.get(step="teil-1")
    admin = get_user_model().objects.get(username="admin")
    if page.versions.count() == 1:
        body = page.versions.get().body.replace("etwa drei Stunden", "etwa dreieinhalb Stunden")
        services.page_revise(page=page, actor=admin, body=body, change_note="Zeitrahmen")
    return {
        "handbook": "/handreichung/",
        "handbook-page": f"/handreichung/{page.slug}/",
        "handbook-print": "/handreichung/drucken/",
        "handbook-versions": f"/handreichung/{page.slug}/versionen/",
        "handbook-version-diff": f"/handreichung/{page.slug}/versionen/2/",
        "handbook-edit": f"/handreichung/{page.slug}/bearbeiten/",
    }


def _protocol_page() -> str:
    """A recorded workshop of Kultur, its protocol's print page."""
    from organisation.models import Department
    from tests.workshops.fixtures_protocol import showcase_workshop

    admin = get_user_model().objects.get(username="admin")
    workshop = showcase_workshop(admin, Department.objects.get(slug="kultur"))
    return f"/workshops/{workshop.pk}/protokoll/drucken/"


def _intake_pages() -> dict:
    """The intake's pages on the demo rounds (cohort 2 open, one office discussed)."""
    from intake.models import Response

    discussed = Response.objects.filter(state="eingereicht", intake__state="in_bearbeitung")
    discussed = discussed.exclude(project_entries=None).order_by("pk").first()
    open_response = Response.objects.filter(state="in_bearbeitung").order_by("pk").first()
    return {
        "intake": "/status-quo/",
        "intake-round": f"/status-quo/runden/{discussed.intake.round_id}/",
        "intake-department": f"/status-quo/dezernate/{discussed.intake_id}/",
        "intake-response": f"/status-quo/antworten/{discussed.pk}/",
        "intake-response-form": f"/status-quo/antworten/{open_response.pk}/bearbeiten/",
        "intake-entry-form": (f"/status-quo/antworten/{open_response.pk}/vorhaben/vorhaben/neu/"),
        "intake-new-round": "/status-quo/runden/neu/",
    }


def _fixture_objects():
    admin = get_user_model().objects.get(username="admin")
    project = (
        Project.objects.filter(department__slug="kultur", confidential=False)
        .exclude(fields_of_action=None)
        .exclude(goals=None)
        .order_by("pk")
        .first()
    )
    other_update = project.status_updates.exclude(author=admin).order_by("-pk").first()
    own_update = services.status_update_create(
        project=project,
        actor=admin,
        reported_on=timezone.localdate() - timedelta(days=1),
        traffic_light=StatusUpdate.TrafficLight.AT_RISK,
        progress=40,
        text="Die Ausschreibung verzögert sich um zwei Wochen.",
    )
    return project, own_update, other_update


def _check(tab, mode: str, label: str, problems: list[str], heights: dict[str, float]) -> None:
    tab.wait_for_load_state()
    measured = tab.evaluate(OVERFLOW)
    heights[label] = measured["header"]
    if measured["scrollWidth"] > measured["innerWidth"]:
        problems.append(f"{mode} {label}: scrolls sideways ({measured})")
    if mode == "phone" and measured["header"] > 844 / 4:
        problems.append(f"{mode} {label}: header {measured['header']} px high")
    if mode == "print":
        shown = tab.locator(NOT_PRINTED).evaluate_all(
            "els => els.filter(el => el.getClientRects().length > 0).map(el => el.outerHTML"
            ".slice(0, 80))"
        )
        if shown:
            problems.append(f"print {label}: printed {shown}")
        if not tab.locator(".print-header").is_visible():
            problems.append(f"print {label}: no print header")
    elif tab.locator(".print-header").is_visible():
        problems.append(f"{mode} {label}: the print header shows on the screen")
    tab.screenshot(path=str(SCREENSHOTS / f"{label}-{mode}.png"), full_page=True)
    if mode == "phone":
        problems.extend(_axe(tab, f"phone {label}"))


@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_type_fits_the_screen_and_the_paper(browser, live_server, demo, mode):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    project, own_update, other_update = _fixture_objects()
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=MODES[mode]["viewport"]
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems: list[str] = []
    heights: dict[str, float] = {}
    try:
        tab.emulate_media(media=MODES[mode]["media"])
        tab.goto(f"/einladung/{_invitation_token()}/")
        _check(tab, mode, "invitation-accept", problems, heights)
        tab.goto("/accounts/login/")
        _check(tab, mode, "login", problems, heights)
        tab.emulate_media(media="screen")  # print hides the buttons to log in and upload
        login(tab, "admin")

        tab.goto("/daten/")  # a real import run, checked as the Referat would check it
        tab.get_by_label("Die Datei enthält").select_option(label="Vorhaben")
        tab.get_by_label("Datei", exact=True).set_input_files(str(DATA / "vorhaben_gut.xlsx"))
        tab.get_by_role("button", name="Datei prüfen").click()
        tab.wait_for_url(re.compile(r"/daten/import/\d+/$"))
        run_url = tab.url.removeprefix(live_server.url)
        tab.emulate_media(media=MODES[mode]["media"])

        pages = _pages(project, own_update, other_update, run_url) | reporting_pages()
        pages |= {"city-overview": "/uebersicht/", "city-report": "/uebersicht/lagebericht/"}
        pages |= city_round_pages()
        for label, url in pages.items():
            tab.goto(url)
            _check(tab, mode, label, problems, heights)
        if mode == "print":
            tab.goto("/vorhaben/")
            tab.pdf(path=str(SCREENSHOTS / "project-list.pdf"), prefer_css_page_size=True)
    finally:
        context.close()
    print(f"{mode} header heights:", {k: round(v) for k, v in heights.items()})
    assert problems == []


def test_the_phone_menu_opens_and_closes(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport=MODES["phone"]["viewport"]
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        login(tab, "rds")
        navigation = tab.get_by_role("navigation", name="Hauptnavigation")
        menu = tab.get_by_role("button", name="Menü")
        expect(navigation).to_be_hidden()
        assert menu.get_attribute("aria-expanded") == "false"
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        expect(navigation.get_by_role("link", name="Alle Vorhaben")).to_be_visible()
        expect(tab.get_by_role("button", name="Abmelden")).to_be_visible()
        blocking = _axe(tab, "phone menu open")
        tab.keyboard.press("Escape")
        expect(navigation).to_be_hidden()
        assert tab.evaluate("document.activeElement.getAttribute('aria-controls')")
        tab.set_viewport_size({"width": 1280, "height": 900})
        expect(navigation).to_be_visible()  # the closed menu does not hide a wide screen's header
        expect(menu).to_be_hidden()
    finally:
        context.close()
    assert blocking == []
