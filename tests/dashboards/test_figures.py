"""The workspace dashboard's figures against a small dataset counted by hand: seven projects
of Kultur (one confidential), one of Soziales, one archived."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.figures import department_figures
from projects.models import Project
from reporting import services as reporting_services
from tests.dashboards import kept
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_totals_the_budget_and_the_funding_gap(rds_user, kultur, dataset):
    figures = department_figures(user=rds_user, department=kultur)
    totals = figures["totals"]
    assert (totals["total"], totals["projects"], totals["processes"]) == (7, 6, 1)
    assert totals["budget"] == Decimal(6360)
    # Not or partly financed: B 200 + C 50 + F 1000 + G 5000.
    assert (totals["gap"], totals["gap_budget"]) == (4, Decimal(6250))
    assert totals["overdue"] == 1  # C; E ended too, but it is finished
    assert totals["no_goal"] == 5  # C, D, E, F, G


def test_the_charts_count_by_status_light_financing_and_reporting(rds_user, kultur, dataset):
    charts = department_figures(user=rds_user, department=kultur)["charts"]

    def counts(slug):
        return {row.key: row.count for row in charts[slug].rows}

    assert counts("status") == {"zukunft": 1, "planung": 1, "umsetzung": 3, "abgeschlossen": 1,
                                "pausiert": 1, "eingestellt": 0}  # fmt: skip
    assert counts("ampel") == {"im_plan": 2, "gefaehrdet": 1, "kritisch": 2, "ohne": 2}
    assert counts("finanzierung") == {"finanziert": 2, "teilfinanziert": 1,
                                      "nicht_finanziert": 3, "antrag_gestellt": 1}  # fmt: skip
    # Running projects only (A, B, C, D, G): 5, 45, 75, 120 and 1 day since their update.
    assert counts("meldungen") == {"aktuell": 2, "faellig": 1, "ueberfaellig": 1, "veraltet": 1}
    assert charts["meldungen"].total == 5
    summary = charts["status"].summary
    assert summary.startswith("Von 7 Vorhaben und Prozessen: 1 Zukunftsprojekt (14 %)")
    summary = charts["meldungen"].summary
    assert summary.startswith("Von 5 laufenden Vorhaben und Prozessen: 2 aktuell")


def test_fields_goals_priorities_and_influence(rds_user, kultur, dataset):
    figures = department_figures(user=rds_user, department=kultur)
    assert {row.label: row.count for row in figures["fields"].rows} == {"Daten": 2, "Netze": 1}
    assert [item["count"] for item in figures["goals"]] == [2, 1]
    assert [project.title for project in figures["priorities"]] == ["A", "B"]  # E is finished
    assert [project.title for project in figures["influential"]] == ["A", "C"]


def test_every_figure_leads_to_the_list_that_makes_it_up(
    client, rds_user, kultur, kultur_office, dataset
):
    led = ["A", "F", "G (vertraulich)", "H (archiviert)"]  # the archived one is not counted
    Project.objects.filter(title__in=led).update(lead_unit=kultur_office)
    Project.objects.get(title="C").participating_units.add(kultur_office)  # not led: not counted
    figures = department_figures(user=rds_user, department=kultur)
    counted = {unit: unit.project_count for unit in figures["units"]}
    assert counted[kultur_office] == 3
    client.force_login(rds_user)
    checks = [(figures["links"]["gap"], 4), (figures["links"]["overdue"], 1),
              (figures["links"]["stale"], 1), (figures["links"]["no_goal"], 5)]  # fmt: skip
    for chart in (*figures["charts"].values(), figures["fields"]):
        checks += [(row.url, row.count) for row in chart.rows]
    checks += [(item["url"], item["count"]) for item in figures["goals"]]
    checks += [(unit.projects_url, unit.project_count) for unit in figures["units"]]
    for url, count in checks:
        listed = client.get(url).context["page"].paginator.count
        assert listed == count, url


def test_leadership_counts_nothing_it_may_not_see(leadership_user, kultur, dataset):
    figures = department_figures(user=leadership_user, department=kultur)
    assert figures["totals"]["total"] == 6  # not the confidential G
    assert figures["totals"]["gap_budget"] == Decimal(1250)
    assert {row.key: row.count for row in figures["charts"]["ampel"].rows}["kritisch"] == 1


def test_the_figures_take_the_same_queries_for_more_projects(rds_user, kultur, dataset):
    def queries():
        kept.forget()  # counted afresh, as for the first reader after a write
        with CaptureQueriesContext(connection) as captured:
            department_figures(user=rds_user, department=kultur)
        return len(captured)

    queries()  # the reader's scope is read once per request, then kept
    before = queries()
    for number in range(30):
        ProjectFactory(department=kultur, title=f"Mehr {number}", priority_rank=10 + number)
    assert queries() == before
    assert Project.objects.filter(department=kultur).count() == 38


def test_the_trend_shows_the_key_figures_at_the_last_rounds_and_today(
    rds_user, leadership_user, kultur, dataset
):
    assert department_figures(user=rds_user, department=kultur)["trend"] is None
    reporting_services.round_freeze(actor=rds_user, title="Q1", reference_date=TODAY)
    ProjectFactory(department=kultur, title="Neu", budget=Decimal(1), financing="teilfinanziert")
    trend = department_figures(user=rds_user, department=kultur)["trend"]
    assert trend["columns"] == ["Q1", "heute"]
    values = {series.key: [value for _label, value in series.points] for series in trend["series"]}
    assert values["total"] == [7, 8]
    assert values["gap_budget"] == [6250, 6251]
    assert values["critical"] == [2, 2]
    assert values["stale"] == [1, 1]
    assert values["overdue"] == [1, 1]
    # Leadership does not count the confidential G, in the round either.
    trend = department_figures(user=leadership_user, department=kultur)["trend"]
    assert [value for _label, value in trend["series"][0].points] == [6, 7]


def test_a_round_shows_the_workspace_as_frozen(client, rds_user, leadership_user, kultur, dataset):
    frozen = reporting_services.round_freeze(actor=rds_user, title="Q1", reference_date=TODAY)
    Project.objects.get(title="B").delete()  # deleted after the round: still counted in it
    Project.objects.filter(title="A").update(traffic_light="kritisch")
    figures = department_figures(user=rds_user, department=kultur, round=frozen)
    assert figures["round"] == frozen
    totals = figures["totals"]
    assert (totals["total"], totals["gap_budget"], totals["critical"]) == (7, Decimal(6250), 2)
    assert totals["no_goal"] == 5
    assert {row.label: row.count for row in figures["fields"].rows} == {"Daten": 2, "Netze": 1}
    assert [item["count"] for item in figures["goals"]] == [2, 1]
    assert all(row.url == "" for chart in figures["charts"].values() for row in chart.rows)
    assert "priorities" not in figures
    assert "trend" not in figures
    # Leadership: without the confidential G, in the links too.
    figures = department_figures(user=leadership_user, department=kultur, round=frozen)
    assert figures["totals"]["total"] == 6

    client.force_login(rds_user)
    page = client.get(f"/arbeitsraeume/kultur/?runde={frozen.pk}")
    assert page.context["figures"]["round"] == frozen
    html = page.content.decode()
    assert "Stand der Berichtsrunde „Q1“" in html
    assert "Prioritätenliste" not in html
    # A round that is none shows today, with the choice's error.
    page = client.get("/arbeitsraeume/kultur/?runde=999999")
    assert page.context["figures"]["round"] is None
    assert page.context["figures"]["totals"]["total"] == 6
