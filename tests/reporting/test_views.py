"""The reporting rounds' pages: freezing from the list, a round by department within the
reader's scope, the comparison on the page and in Excel."""

import io
from datetime import date

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import services
from reporting.models import ReportingRound
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(rds_user, kultur, soziales):
    ProjectFactory(department=kultur, title="Ausleihe", status="umsetzung")
    ProjectFactory(department=kultur, title="Geheim", confidential=True, traffic_light="kritisch")
    gone = ProjectFactory(department=soziales, title="Sozialpass")
    earlier = services.round_freeze(actor=rds_user, title="Q1", reference_date=date(2026, 3, 31))
    gone.delete()
    ProjectFactory(department=soziales, title="Neu im Sozialamt")
    later = services.round_freeze(actor=rds_user, title="Q2", reference_date=date(2026, 6, 30))
    return earlier, later


def test_the_central_unit_freezes_a_round_from_the_list(client, rds_user, kultur):
    ProjectFactory(department=kultur)
    client.force_login(rds_user)
    response = client.post(
        reverse("reporting:rounds"), {"title": "Q3 2026", "reference_date": "2026-09-30"}
    )
    frozen = ReportingRound.objects.get()
    assert response.url == frozen.get_absolute_url()
    page = client.get(frozen.get_absolute_url()).content.decode()
    assert "1 Vorhaben eingefroren" in page or "Vorhaben eingefroren" in page
    assert frozen.status == "eingefroren"


def test_others_see_no_freeze_form_and_may_not_post(client, coordinator, leadership_user):
    for user in (coordinator, leadership_user):
        client.force_login(user)
        assert client.get(reverse("reporting:rounds")).context["form"] is None
        posted = client.post(
            reverse("reporting:rounds"), {"title": "Q", "reference_date": "2026-01-01"}
        )
        assert posted.status_code == 403
    assert not ReportingRound.objects.exists()


def test_a_bad_title_keeps_the_input_and_says_why(client, rds_user, rounds):
    client.force_login(rds_user)
    response = client.post(
        reverse("reporting:rounds"), {"title": "q1", "reference_date": "2026-06-30"}
    )
    assert response.status_code == 400
    assert "gibt es schon" in response.content.decode()


def test_a_round_by_department_counts_what_the_reader_may_see(
    client, leadership_user, rds_user, rounds
):
    earlier, _later = rounds
    client.force_login(rds_user)
    rows = client.get(earlier.get_absolute_url()).context["departments"]
    assert {row["department_name"]: row["total"] for row in rows} == {
        "Dezernat Kultur": 2, "Dezernat Soziales, Gesundheit und Vielfalt": 1}  # fmt: skip
    client.force_login(leadership_user)
    rows = client.get(earlier.get_absolute_url()).context["departments"]
    kultur = next(row for row in rows if row["department_name"] == "Dezernat Kultur")
    assert (kultur["total"], kultur["critical"]) == (1, 0)


def test_the_comparison_on_the_page_and_in_excel(client, rds_user, rounds):
    earlier, later = rounds
    client.force_login(rds_user)
    url = reverse("reporting:comparison") + f"?earlier={earlier.pk}&later={later.pk}"
    page = client.get(url)
    result = page.context["result"]
    assert [c.title for c in result.new] == ["Neu im Sozialamt"]
    assert [c.title for c in result.gone] == ["Sozialpass"]
    assert "Neu im Sozialamt" in page.content.decode()
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    assert workbook.sheetnames[:3] == ["Summen", "Neu", "Entfallen"]
    assert [cell.value for cell in workbook["Neu"][2]][:2] == [
        "Neu im Sozialamt", "Dezernat Soziales, Gesundheit und Vielfalt"]  # fmt: skip


def test_a_department_narrows_the_comparison(client, rds_user, kultur, rounds):
    earlier, later = rounds
    client.force_login(rds_user)
    url = reverse("reporting:comparison")
    result = client.get(
        url, {"earlier": earlier.pk, "later": later.pk, "department": kultur.slug}
    ).context["result"]
    assert (result.new, result.gone) == ([], [])
    assert result.totals["projects"] == (2, 2, 0)


def test_no_rounds_no_comparison(client, rds_user):
    client.force_login(rds_user)
    page = client.get(reverse("reporting:rounds")).content.decode()
    assert "Noch keine Berichtsrunde" in page or "Es wurde noch keine Berichtsrunde" in page
    assert timezone.localdate()
