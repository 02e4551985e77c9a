"""End-to-end tests in a real Chromium (Debian's package, driven by Playwright).

Where Chromium is absent the tests are skipped with one line saying how to enable them; with
REQUIRE_BROWSER_TESTS=1 (set by CI) a missing browser is a failure instead. Playwright's own
browser download is never used. A failing test leaves a full-page screenshot in
``test-artifacts/``.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from agenda.reference import reference_load
from demo.seeding import demo_seed

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: browser tests skipped "
            "(enable them with `apt-get install -y chromium`)"
        )
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message.replace("skipped", "required by REQUIRE_BROWSER_TESTS=1"))
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the test code's ORM calls
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo(transactional_db, settings):
    """Reference data plus a small, deterministic demo set with the six demo accounts."""
    reference_load()
    demo_seed(projects=40, seed=11)


@pytest.fixture
def page(browser, live_server, demo, request):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


def login(page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def reporting_pages() -> dict:
    """Two reporting rounds of the demo (frozen once) and the pages that show them."""
    from django.contrib.auth import get_user_model

    from reporting import services
    from reporting.models import ReportingRound

    if ReportingRound.objects.count() < 2:
        rds = get_user_model().objects.get(username="rds")
        today = timezone.localdate()
        for title, days in (("Q2 Test", 90), ("Q3 Test", 0)):
            services.round_freeze(
                actor=rds, title=title, reference_date=today - timedelta(days=days)
            )
    earlier, later = ReportingRound.objects.order_by("reference_date")[:2]
    return {
        "reporting-rounds": "/berichtsrunden/",
        "reporting-round": later.get_absolute_url(),
        "reporting-comparison": (
            f"/berichtsrunden/vergleich/?earlier={earlier.pk}&later={later.pk}"
        ),
        "workspace-at-a-round": f"/arbeitsraeume/kultur/?runde={earlier.pk}",
        "workspace-report-at-a-round": f"/arbeitsraeume/kultur/lagebericht/?runde={earlier.pk}",
    }


def city_round_pages() -> dict:
    """The city dashboard for a reporting round (after :func:`reporting_pages`)."""
    from reporting.models import ReportingRound

    earlier = ReportingRound.objects.order_by("reference_date").first()
    return {
        "city-at-a-round": f"/uebersicht/?runde={earlier.pk}",
        "city-report-at-a-round": f"/uebersicht/lagebericht/?runde={earlier.pk}",
    }
