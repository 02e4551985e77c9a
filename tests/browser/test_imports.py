"""The Referat Digitale Stadt brings in a spreadsheet in a real browser: export, change a
cell, upload, watch the check run in the background, read the preview, apply."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from projects.models import Project
from tests.browser.conftest import ARTIFACTS, login
from tests.browser.test_accessibility import _axe

DATA = Path(__file__).resolve().parents[1] / "data"


def _download_export(page) -> Path:
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel Vorhaben (.xlsx)").click()
    return Path(download_info.value.path())


def _upload(page, path: Path, kind: str = "Vorhaben") -> None:
    page.get_by_label("Die Datei enthält").select_option(label=kind)
    page.get_by_label("Datei", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Datei prüfen").click()


@pytest.mark.browser
def test_rds_imports_a_changed_export_after_a_preview(page, tmp_path):
    login(page, "rds")
    page.get_by_role("link", name="Import und Export").click()
    assert _axe(page, "import overview") == []

    book = load_workbook(BytesIO(_download_export(page).read_bytes()))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    title = sheet.cell(2, headers.index("Titel") + 1).value
    sheet.cell(2, headers.index("Status") + 1).value = "eingestellt"
    changed = tmp_path / "vorhaben-geaendert.xlsx"
    book.save(changed)

    _upload(page, changed)
    apply = page.get_by_role("button", name=re.compile(r"Übernehmen: 0 neu, 1 geändert"))
    expect(apply).to_be_visible()
    expect(page.locator(".import-changes")).to_contain_text(title)
    expect(page.locator(".import-changes")).to_contain_text("eingestellt")
    assert _axe(page, "import preview") == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import-preview.png"), full_page=True)
    assert Project.objects.get(title=title).status != Project.Status.STOPPED

    apply.click()
    expect(page.get_by_text(re.compile(r"Übernommen am .*: 0 neu, 1 geändert"))).to_be_visible()
    assert Project.objects.get(title=title).status == Project.Status.STOPPED


@pytest.mark.browser
def test_rds_sees_every_error_of_a_broken_file(page):
    login(page, "rds")
    page.goto("/daten/")
    _upload(page, DATA / "vorhaben_spalten.xlsx")
    expect(page.get_by_role("alert")).to_contain_text("Es wurde nichts geändert")
    expect(page.get_by_role("table", name="Fehler")).to_contain_text("„Budjet“ (B) ist unbekannt")
    assert _axe(page, "import errors") == []
    page.screenshot(path=str(ARTIFACTS / "import-errors.png"), full_page=True)


@pytest.mark.browser
def test_coordinator_cannot_open_the_import(page):
    login(page, "koordination-kultur")
    expect(page.get_by_role("link", name="Import und Export")).to_have_count(0)
    assert page.goto("/daten/").status == 403
