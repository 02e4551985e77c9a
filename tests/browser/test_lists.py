"""The project list in a real browser: every column visible at 1280 px, no sideways scrolling of
the page at 390 px, filters and sort links updating the results in place (htmx) with the
address kept shareable, and the print view."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_accessibility import _axe

FITS = """() => {
  const table = document.querySelector("main table");
  const scroller = table.closest(".kern-table-responsive");
  const right = scroller.getBoundingClientRect().right;
  const clipped = [...table.querySelectorAll("thead th")]
    .filter((th) => th.getBoundingClientRect().right > right + 0.5)
    .map((th) => th.textContent.trim());
  return {clipped, overflow: scroller.scrollWidth - scroller.clientWidth};
}"""


@pytest.mark.parametrize("path", ["/vorhaben/", "/arbeitsraeume/kultur/vorhaben/"])
def test_no_column_is_clipped_at_1280_px(page, path):
    login(page, "rds")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(path)
    fit = page.evaluate(FITS)
    assert fit == {"clipped": [], "overflow": 0}


@pytest.mark.parametrize("path", ["/vorhaben/", "/vorhaben/drucken/"])
def test_list_does_not_scroll_sideways_at_390_px(page, path):
    login(page, "rds")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(path)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    # the table scrolls inside its own container instead
    assert page.evaluate(FITS)["overflow"] > 0


def test_filter_and_sort_update_the_results_in_place(page):
    login(page, "rds")
    page.goto("/vorhaben/")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Suche").fill("Amt")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**q=Amt**")
    page.locator("#sort-title").click()
    page.wait_for_url("**o=title**")
    assert page.evaluate("window.notReloaded") is True  # partial updates, no page load
    assert "q=Amt" in page.url
    header = page.locator("th[aria-sort]")
    assert header.get_attribute("aria-sort") == "ascending"
    assert "Titel" in header.inner_text()
    assert page.evaluate("document.activeElement.id") == "sort-title"  # focus stays
    titles = page.locator("tbody th[scope=row] a").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    # the order survives the next filter, as it would without JavaScript
    page.get_by_label("Suche").fill("")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url(lambda url: "q=Amt" not in url)
    assert "o=title" in page.url
    assert _axe(page, "project list after partial updates") == []


def test_filters_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="de-DE"
    )
    page = context.new_page()
    login(page, "rds")
    page.goto("/vorhaben/")
    page.get_by_label("Suche").fill("Amt")
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**q=Amt**")
    page.locator("#sort-title").click()
    page.wait_for_url("**o=title**")
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "ascending"
    context.close()


def test_print_view_lists_all_filtered_rows_with_its_heading(page, settings):
    settings.PROJECTS_PER_PAGE = 3
    login(page, "rds")
    page.goto("/vorhaben/?status=umsetzung&o=title")
    count = page.locator(".result-count").inner_text()
    page.get_by_role("link", name="Druckansicht").click()
    page.wait_for_url("**/vorhaben/drucken/?status=umsetzung&o=title")
    assert page.locator(".result-count").inner_text() == count
    total = int(count.split()[0])
    assert total > 3
    assert page.locator("main tbody tr").count() == total  # all rows, not one page
    assert "Status: in Umsetzung" in page.locator(".print-filters").inner_text()
    assert "Stand:" in page.locator(".print-heading").inner_text()
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    assert _axe(page, "print view") == []
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
