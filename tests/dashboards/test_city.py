"""The city dashboard (Gesamtübersicht) against the small dataset counted by hand (see
conftest): Kultur's seven projects A–G (G confidential), one of Soziales, one archived; here
with a goal no project serves, agenda projects, links across the departments and a cohort."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from dashboards.city import city_figures
from projects.models import Project
from reporting import services as reporting_services
from synergies.models import Synergy
from tests.dashboards import kept
from tests.factories import AgendaProjectFactory, GoalFactory, ProjectFactory
from tests.workshops.fixtures_protocol import publish_templates
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 2)


@pytest.fixture
def city(dataset, kultur, soziales, rds_user):
    agenda = dataset
    netze = agenda.fields.get(name="Netze")
    GoalFactory(field=netze, title="Ziel ohne Vorhaben")
    projects = {p.title: p for p in Project.objects.all()}
    platform = AgendaProjectFactory(agenda=agenda, number=1, title="Plattform")
    AgendaProjectFactory(agenda=agenda, number=2, title="Leer")
    finished = AgendaProjectFactory(agenda=agenda, number=3, title="Fertig")
    for title in ("A", "C", "G (vertraulich)", "Soziales"):
        Project.objects.filter(pk=projects[title].pk).update(agenda_project=platform)
    Project.objects.filter(pk=projects["E"].pk).update(agenda_project=finished)
    Status = Synergy.Status
    links = [("A", Status.CONFIRMED), ("B", Status.PROPOSED),
             ("G (vertraulich)", Status.IMPLEMENTED), ("C", Status.DISCARDED)]  # fmt: skip
    for title, status in links:
        Synergy.objects.create(
            kind=Synergy.Kind.REUSE,
            source=projects[title],
            target=projects["Soziales"],
            status=status,
            status_reason="Passt nicht" if status == Status.DISCARDED else "",
        )
    Synergy.objects.create(  # within Kultur: not a link across departments
        kind=Synergy.Kind.REUSE, source=projects["A"], target=projects["B"]
    )
    publish_templates()
    cohort = workshop_services.cohort_create(
        actor=rds_user, number=1, departments=[kultur, soziales]
    )
    cohort.starts_on, cohort.ends_on = date(2026, 11, 2), date(2027, 2, 26)
    cohort.save()
    cohort.workshops.filter(department=kultur, part=1).update(
        starts_at=datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    )
    return agenda


def test_the_totals_and_the_funnel(rds_user, city):
    figures = city_figures(user=rds_user, today=TODAY)
    totals = figures["totals"]
    assert (totals["total"], totals["budget"]) == (8, Decimal(6367))
    assert (totals["gap"], totals["gap_budget"]) == (5, Decimal(6257))  # Kultur 6250, Soziales 7
    assert totals["critical"] == 2  # C and G
    assert totals["gaps"] == 1
    assert figures["goal_count"] == 3
    assert [item["goal"].title for item in figures["strategy_gaps"]] == ["Ziel ohne Vorhaben"]
    funnel = figures["funnel"]
    assert [(row.key, row.count) for row in funnel.rows] == [
        ("zukunft", 1), ("planung", 1), ("umsetzung", 4), ("abgeschlossen", 1)
    ]  # fmt: skip
    assert [(row.key, row.count) for row in funnel.aside] == [("pausiert", 1), ("eingestellt", 0)]
    assert "ampel" in figures["charts"]
    assert "status" not in figures["charts"]


def test_the_matrix_of_departments_and_fields(rds_user, city, kultur, soziales):
    matrix = city_figures(user=rds_user, today=TODAY)["matrix"]
    assert [str(field) for field in matrix["fields"]] == ["Daten", "Netze"]
    cells = {row["department"].short_name: [c["count"] for c in row["cells"]] + [row["total"]]
             for row in matrix["rows"]}  # fmt: skip
    # Daten: A, B; Netze: A; no field: C, D, E, F, G. Soziales' one project has no field.
    assert cells == {"Kultur": [2, 1, 5, 7], "Soziales": [0, 0, 1, 1]}
    assert [cell["count"] for cell in matrix["column_totals"]] == [2, 1, 6]
    assert matrix["total"] == 8


def test_financing_and_traffic_lights_by_department(rds_user, city):
    figures = city_figures(user=rds_user, today=TODAY)
    financing = {row["department"].short_name: row for row in figures["financing"]["rows"]}
    assert (financing["Kultur"]["budget"], financing["Kultur"]["gap_budget"]) == (6360, 6250)
    assert financing["Kultur"]["share"] == 98
    assert (financing["Soziales"]["gap"], financing["Soziales"]["gap_budget"]) == (1, 7)
    chart = figures["financing"]["chart"]
    assert chart.summary.startswith("Finanzierungslücke der Stadt: 6.257 €; die größte im")
    lights = {row.label: [s.count for s in row.segments] for row in figures["lights"].rows}
    # im Plan, gefährdet, kritisch, no status update yet
    assert lights == {"Kultur": [2, 1, 2, 2], "Soziales": [0, 0, 0, 1]}
    assert figures["lights"].column_totals == [2, 1, 2, 3]


def test_the_synergy_network_counts_links_across_departments_only(rds_user, leadership_user, city):
    network = city_figures(user=rds_user, today=TODAY)["network"]
    (edge,) = network["edges"]
    assert {edge.a.label, edge.b.label} == {"Kultur", "Soziales"}
    # Discarded (C) and within Kultur (A–B) are left out.
    assert edge.counts == {"vorgeschlagen": 1, "bestaetigt": 1, "umgesetzt": 1}
    assert (edge.total, edge.strongest) == (3, "umgesetzt")
    assert "1 Paare von Dezernaten teilen 3 Synergien" in network["summary"]
    # Leadership does not see the link of the confidential G.
    (edge,) = city_figures(user=leadership_user, today=TODAY)["network"]["edges"]
    assert (edge.total, edge.strongest) == (2, "bestaetigt")


def test_the_cohort_timeline(rds_user, city):
    timeline = city_figures(user=rds_user, today=TODAY)["timeline"]
    (lane,) = timeline.lanes
    assert lane.label == "Staffel 1"
    assert (lane.start, lane.end) == (date(2026, 11, 2), date(2027, 2, 26))
    (mark,) = lane.marks  # the one workshop with a date
    assert mark.label == "Teil 1, Kultur, 20.11.2026"
    assert mark.row == 0  # Kultur comes first of the two
    assert timeline.first == date(2026, 11, 1)
    assert timeline.last == date(2027, 3, 1)
    assert [tick.label for tick in timeline.ticks] == [
        "Nov 2026", "Dez 2026", "Jan 2027", "Feb 2027", "Mär 2027"
    ]  # fmt: skip
    assert lane.x < mark.x < timeline.today_x < lane.x + lane.width


def test_agenda_projects_roll_up_their_contributions(rds_user, leadership_user, city):
    items = {i["agenda_project"].title: i for i in city_figures(user=rds_user)["agenda_projects"]}
    platform = items["Plattform"]
    assert (platform["total"], platform["open"], platform["departments"]) == (4, 4, 2)
    assert (platform["state"], platform["state_label"]) == ("kritisch", "kritisch")
    # The most pressing first: critical (C, G), then on track (A), then without update.
    assert [p.title for p in platform["projects"]] == ["C", "G (vertraulich)", "A", "Soziales"]
    assert items["Leer"]["state"] == "keine"
    assert items["Leer"]["total"] == 0
    assert items["Fertig"]["state"] == "abgeschlossen"
    items = {i["agenda_project"].title: i for i in city_figures(user=leadership_user)[
        "agenda_projects"]}  # fmt: skip
    assert [p.title for p in items["Plattform"]["projects"]] == ["C", "A", "Soziales"]


def test_leadership_counts_nothing_it_may_not_see(leadership_user, city):
    figures = city_figures(user=leadership_user, today=TODAY)
    assert figures["totals"]["total"] == 7
    assert figures["totals"]["gap_budget"] == Decimal(1257)
    lights = {row.label: [s.count for s in row.segments] for row in figures["lights"].rows}
    assert lights["Kultur"] == [2, 1, 1, 2]


def test_every_figure_leads_to_the_list_that_makes_it_up(client, rds_user, city):
    figures = city_figures(user=rds_user)
    checks = []
    for row in figures["matrix"]["rows"]:
        checks += [(cell["url"], cell["count"]) for cell in row["cells"]]
        checks.append((row["url"], row["total"]))
    checks += [(cell["url"], cell["count"]) for cell in figures["matrix"]["column_totals"]]
    checks += [(row["url"], row["gap"]) for row in figures["financing"]["rows"]]
    for row in figures["lights"].rows:
        checks += [(segment.url, segment.count) for segment in row.segments]
    checks += [(item["url"], item["total"]) for item in figures["agenda_projects"]]
    for chart in (figures["funnel"], *figures["charts"].values()):
        checks += [(row.url, row.count) for row, _share in chart.table]
    client.force_login(rds_user)
    for url, count in checks:
        assert client.get(url).context["page"].paginator.count == count, url


def test_the_figures_take_the_same_queries_for_more_data(rds_user, city, kultur, soziales):
    def queries():
        kept.forget()  # counted afresh, as for the first reader after a write
        with CaptureQueriesContext(connection) as captured:
            city_figures(user=rds_user)
        return len(captured)

    queries()
    before = queries()
    goal = city.fields.get(name="Daten").goals.first()
    more = AgendaProjectFactory(agenda=city, number=9, title="Mehr")
    for number in range(30):
        ProjectFactory(
            department=kultur if number % 2 else soziales,
            title=f"Mehr {number}",
            agenda_project=more,
            influence="hoch",
            goals=[goal],
            fields_of_action=[goal.field],
        )
    assert queries() == before


@pytest.mark.parametrize(
    ("user", "status"),
    [("rds_user", 200), ("admin_user", 200), ("leadership_user", 200), ("coordinator", 404),
     ("staff", 404), ("partner", 404)],
)  # fmt: skip
def test_the_pages_are_for_the_central_unit_and_leadership(client, request, city, user, status):
    client.force_login(request.getfixturevalue(user))
    for url in ("/uebersicht/", "/uebersicht/export.xlsx", "/uebersicht/lagebericht/"):
        assert client.get(url).status_code == status, url


def test_the_page_and_the_report_show_the_panels(client, rds_user, city):
    client.force_login(rds_user)
    page = client.get("/uebersicht/").content.decode()
    for words in (
        "Gesamtübersicht",
        "Dezernate und Handlungsfelder",
        "Strategielücken",
        "Ziel ohne Vorhaben",
        "Finanzierung nach Dezernat",
        "Ampel nach Dezernat",
        "Synergien zwischen Dezernaten",
        "Zeitleiste der Staffeln",
        "Plattform",
    ):
        assert words in page, words  # fmt: skip
    assert 'href="/uebersicht/"' in page  # in the navigation
    report = client.get("/uebersicht/lagebericht/").content.decode()
    assert "Lagebericht" in report
    assert "Drucken oder als PDF speichern" in report
    assert "Zeitleiste der Staffeln" in report


def test_the_workbook_has_a_sheet_per_panel(client, rds_user, leadership_user, city):
    client.force_login(rds_user)
    response = client.get("/uebersicht/export.xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="gesamtuebersicht-')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[:2] == ["Kennzahlen", "Vorhaben entlang des Lebenszykl"]  # 31 at most
    matrix = book["Dezernate und Handlungsfelder"]
    rows = [[cell.value for cell in row] for row in matrix.iter_rows()]
    assert rows[0] == ["Dezernat", "Daten", "Netze", "ohne Handlungsfeld", "Vorhaben"]
    assert ["Dezernat Kultur", 2, 1, 5, 7] in rows
    titles = [row[0].value for row in book["Agenda-Projekte"].iter_rows(min_row=2)]
    assert titles == ["1. Plattform", "2. Leer", "3. Fertig"]
    # Leadership's workbook counts no confidential project.
    client.force_login(leadership_user)
    book = load_workbook(BytesIO(client.get("/uebersicht/export.xlsx").content))
    key = {row[0].value: row[1].value for row in book["Kennzahlen"].iter_rows(min_row=2)}
    assert key["Vorhaben"] == 7


def test_the_city_in_a_reporting_round_counts_the_frozen_rows(
    client, rds_user, leadership_user, city, kultur
):
    frozen = reporting_services.round_freeze(actor=rds_user, title="Q4", reference_date=TODAY)
    # After the round: a project is deleted, another gets a field and a new one is added.
    Project.objects.get(title="F").delete()
    Project.objects.get(title="C").fields_of_action.add(city.fields.get(name="Netze"))
    ProjectFactory(department=kultur, title="Nach der Runde", budget=Decimal(9))

    figures = city_figures(user=rds_user, round=frozen)
    assert figures["today"] == TODAY
    assert (figures["totals"]["total"], figures["totals"]["gap_budget"]) == (8, Decimal(6257))
    cells = {row["department"].short_name: [c["count"] for c in row["cells"]] + [row["total"]]
             for row in figures["matrix"]["rows"]}  # fmt: skip
    assert cells == {"Kultur": [2, 1, 5, 7], "Soziales": [0, 0, 1, 1]}  # as frozen
    assert [item["goal"].title for item in figures["strategy_gaps"]] == ["Ziel ohne Vorhaben"]
    assert figures["links"] == {}
    assert all(cell["url"] == "" for row in figures["matrix"]["rows"] for cell in row["cells"])
    for today_only in ("network", "timeline", "agenda_projects", "influential", "trend"):
        assert today_only not in figures
    # Leadership reads the round under today's rule: without the confidential G and its links.
    figures = city_figures(user=leadership_user, round=frozen)
    assert figures["totals"]["total"] == 7
    assert figures["matrix"]["rows"][0]["cells"][2]["count"] == 4  # no field: C, D, E, F

    client.force_login(rds_user)
    page = client.get(f"/uebersicht/?runde={frozen.pk}").content.decode()
    assert "Stand der Berichtsrunde „Q4“" in page
    assert "Zeitleiste der Staffeln" not in page
    assert f"/uebersicht/export.xlsx?runde={frozen.pk}" in page
    book = load_workbook(BytesIO(client.get(f"/uebersicht/export.xlsx?runde={frozen.pk}").content))
    key = {row[0].value: row[1].value for row in book["Kennzahlen"].iter_rows(min_row=2)}
    assert key["Gezeigter Stand"] == "Berichtsrunde Q4, Stichtag 02.12.2026"
    assert key["Vorhaben"] == 8
    assert "Agenda-Projekte" not in book.sheetnames


def test_a_round_takes_the_same_queries_for_more_frozen_projects(rds_user, city, kultur):
    def queries(frozen):
        kept.forget()
        with CaptureQueriesContext(connection) as captured:
            city_figures(user=rds_user, round=frozen)
        return len(captured)

    small = reporting_services.round_freeze(actor=rds_user, title="Klein", reference_date=TODAY)
    queries(small)
    goal = city.fields.get(name="Daten").goals.first()
    for number in range(30):
        ProjectFactory(department=kultur, title=f"Mehr {number}", goals=[goal],
                       fields_of_action=[goal.field])  # fmt: skip
    large = reporting_services.round_freeze(actor=rds_user, title="Groß", reference_date=TODAY)
    assert queries(large) == queries(small)
