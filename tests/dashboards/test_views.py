"""The dashboard's Excel file (one sheet per panel) and its Lagebericht, within the reader's
scope, with a fixed number of queries."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.dashboards import kept
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _workbook(client, user, department):
    client.force_login(user)
    response = client.get(reverse("dashboards:workspace_export", args=[department.slug]))
    assert response["Content-Disposition"].startswith('attachment; filename="uebersicht-kultur-')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_the_excel_file_has_a_sheet_per_panel(client, rds_user, kultur, dataset):
    workbook = _workbook(client, rds_user, kultur)
    assert workbook.sheetnames[:4] == [
        "Kennzahlen",
        "Vorhaben nach Status",
        "Ampel der letzten Statusmeldung",
        "Finanzierung",
    ]
    assert {"Prioritätenliste", "Ziele der Agenda", "Synergien nach Status"} <= set(
        workbook.sheetnames
    )
    figures = {
        row[0]: row[1] for row in workbook["Kennzahlen"].iter_rows(min_row=2, values_only=True)
    }
    assert figures["Vorhaben"] == 7
    assert Decimal(str(figures["Finanzierungslücke (€)"])) == Decimal(6250)
    status = list(workbook["Vorhaben nach Status"].iter_rows(min_row=2, values_only=True))
    assert ("in Umsetzung", 3, 43) in status


def test_the_excel_file_counts_only_what_the_reader_may_see(
    client, leadership_user, kultur, dataset
):
    workbook = _workbook(client, leadership_user, kultur)
    figures = {
        row[0]: row[1] for row in workbook["Kennzahlen"].iter_rows(min_row=2, values_only=True)
    }
    assert figures["Vorhaben"] == 6
    titles = [row[1] for row in workbook["Prioritätenliste"].iter_rows(min_row=2, values_only=True)]
    assert "G (vertraulich)" not in titles


def test_the_situation_report_prints_the_dashboard(client, leadership_user, kultur, dataset):
    client.force_login(leadership_user)
    page = client.get(reverse("dashboards:workspace_report", args=[kultur.slug])).content.decode()
    assert "Lagebericht" in page
    assert "<svg" in page
    assert "Vorhaben nach Status" in page
    assert "G (vertraulich)" not in page


def test_the_report_and_the_file_take_the_same_queries_for_more_projects(
    client,
    rds_user,
    kultur,
    dataset,
):
    client.force_login(rds_user)
    urls = [reverse(name, args=[kultur.slug])
            for name in ("dashboards:workspace_export", "dashboards:workspace_report")]  # fmt: skip

    def queries():
        counts = []
        for url in urls:
            kept.forget()
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            counts.append(len(captured))
        return counts

    queries()
    before = queries()
    for number in range(25):
        ProjectFactory(department=kultur, title=f"Mehr {number}", priority_rank=20 + number)
    assert queries() == before
