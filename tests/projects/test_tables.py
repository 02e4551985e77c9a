"""The project list declared once (projects.tables): the columns the list had before, their
sort links, the export from the same definition, partial updates for htmx and the print
view."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from projects import views
from projects.tables import ProjectTable, export_rows
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# The list's columns before the table definition (headings in German, the ``o`` sort keys).
CITY_COLUMNS = [
    ("Titel", "title"),
    ("Dezernat", "department"),
    ("Federführendes Amt", "office"),
    ("Status", "status"),
    ("Priorität", "priority"),
    ("Fortschritt", "progress"),
    ("Letzte Statusmeldung", "last_update"),
    ("Ende", "end"),
    ("Ampel", None),
]


def _headers(html):
    head = html[html.index("<thead") : html.index("</thead>")]
    cells = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head, re.S)
    headers = []
    for cell in cells:
        link = re.search(r'href="\?[^"]*o=(-?\w+)[^"]*"', cell)
        hidden = r"<span class=\"kern-sr-only\">.*?</span>|<[^>]+>|[▲▼]"
        label = re.sub(hidden, "", cell, flags=re.S)
        headers.append((label.strip(), link.group(1).lstrip("-") if link else None))
    return headers


def test_city_wide_table_has_the_same_columns_in_the_same_order(client, rds_user, kultur_project):
    client.force_login(rds_user)
    html = client.get(reverse("projects:list")).content.decode()
    assert _headers(html) == CITY_COLUMNS


def test_workspace_table_leaves_out_the_department_column(client, coordinator, kultur_project):
    client.force_login(coordinator)
    html = client.get(reverse("projects:workspace_list", args=["kultur"])).content.decode()
    assert _headers(html) == [c for c in CITY_COLUMNS if c[1] != "department"]


def test_sort_link_of_the_sorted_column_reverses_it_and_others_sort_ascending(
    client, rds_user, kultur_project
):
    client.force_login(rds_user)
    html = client.get(reverse("projects:list"), {"status": "planung", "o": "title"}).content
    html = html.decode()
    title = re.search(r'<th scope="col"[^>]*aria-sort="ascending"[^>]*>\s*<a[^>]*>', html)
    assert title
    assert 'href="?status=planung&amp;o=-title"' in title.group(0)
    assert 'href="?status=planung&amp;o=end"' in html
    assert html.count("aria-sort=") == 1
    assert "<caption" in html


def test_cells_show_what_the_list_showed(client, rds_user, kultur, kultur_office):
    ProjectFactory(
        department=kultur,
        title="Digitale Akte",
        lead_unit=kultur_office,
        priority_rank=3,
        progress=40,
        end_date=date(2027, 3, 31),
        confidential=True,
    )
    client.force_login(rds_user)
    html = client.get(reverse("projects:list")).content.decode()
    row = html[html.index("Digitale Akte") : html.index("</tr>", html.index("Digitale Akte"))]
    assert "vertraulich" in row
    assert f">{kultur_office.name}<" in row
    assert ">3<" in row
    assert ">40 %<" in row
    assert ">31.03.2027<" in row
    assert "nie" in row  # no status update yet


def test_export_columns_come_from_the_table_definition(client, rds_user, kultur_project):
    client.force_login(rds_user)
    response = client.get(reverse("projects:export"))
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    assert list(next(sheet.iter_rows(values_only=True))) == ProjectTable.export_headers()


def test_export_rows_need_no_request(rds_user, staff, kultur_project, confidential_kultur_project):
    sheet = export_rows(user=staff, params={}, department=None)
    titles = [row[3] for row in sheet.rows]
    assert sheet.headers == ProjectTable.export_headers()
    assert kultur_project.title in titles
    assert confidential_kultur_project.title not in titles


def test_htmx_request_gets_only_the_results(client, rds_user, kultur_project):
    client.force_login(rds_user)
    url = reverse("projects:list")
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "project-results"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<div id="project-results"')
    assert kultur_project.title in html
    assert "<html" not in html
    assert "filter-form" not in html
    assert "HX-Request" in partial["Vary"]


def test_plain_request_gets_the_whole_page(client, rds_user, kultur_project):
    client.force_login(rds_user)
    html = client.get(reverse("projects:list")).content.decode()
    assert "<html" in html
    assert 'id="project-filter"' in html
    assert 'id="project-results"' in html


def test_history_restore_gets_the_whole_page(client, rds_user, kultur_project):
    client.force_login(rds_user)
    response = client.get(
        reverse("projects:list"),
        headers={
            "HX-Request": "true",
            "HX-Target": "project-results",
            "HX-History-Restore-Request": "true",
        },
    )
    assert "<html" in response.content.decode()


def test_print_view_shows_all_filtered_rows_with_filters_and_date(
    client, rds_user, kultur, settings
):
    settings.PROJECTS_PER_PAGE = 2
    for number in range(5):
        ProjectFactory(department=kultur, title=f"Im Filter {number}", status="umsetzung")
    ProjectFactory(department=kultur, title="Außerhalb", status="planung")
    client.force_login(rds_user)
    response = client.get(reverse("projects:print"), {"status": "umsetzung", "o": "-title"})
    html = response.content.decode()
    assert all(f"Im Filter {n}" in html for n in range(5))  # not paged
    assert "Außerhalb" not in html
    assert "Status: in Umsetzung" in html
    assert "Titel, absteigend" in html
    assert f"Stand: {timezone.localdate():%d.%m.%Y}" in html
    assert "5 Ergebnisse" in html
    assert html.index("Im Filter 4") < html.index("Im Filter 0")


def test_print_view_stops_at_its_limit_and_says_so(client, rds_user, kultur, monkeypatch):
    monkeypatch.setattr(views, "PRINT_MAX_ROWS", 3)
    for number in range(5):
        ProjectFactory(department=kultur, title=f"Vorhaben {number}")
    client.force_login(rds_user)
    html = client.get(reverse("projects:print"), {"o": "title"}).content.decode()
    assert "Vorhaben 2" in html
    assert "Vorhaben 3" not in html
    assert "Die ersten 3 von 5 Ergebnissen" in html


def test_print_view_stays_in_scope(
    client, staff, kultur_project, confidential_kultur_project, confidential_soziales_project
):
    client.force_login(staff)
    html = client.get(reverse("projects:print")).content.decode()
    assert kultur_project.title in html
    assert confidential_soziales_project.title in html  # own department
    assert confidential_kultur_project.title not in html


def test_workspace_print_view_of_an_unseen_workspace_is_404(client, partner, soziales):
    client.force_login(partner)
    assert client.get(reverse("projects:workspace_print", args=[soziales.slug])).status_code == 404
