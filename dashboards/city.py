"""The city's dashboard (Gesamtübersicht) for the central unit and leadership: every
department's projects against the strategy.

Like the department dashboard (:mod:`dashboards.figures`), every figure is counted by the
database within the reader's scope, in a fixed number of queries whatever the number of
projects (grouped aggregates, never a query per department, field or agenda project), and every
number leads to the filtered list that makes it up.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Sum, Value, When
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from agenda.models import AgendaProject, FieldOfAction
from dashboards.charts import (
    NETWORK_HEIGHT,
    NETWORK_WIDTH,
    Chart,
    Edge,
    Lane,
    Mark,
    Node,
    Part,
    Row,
    Segment,
    StackedChart,
    StackedRow,
    Timeline,
    lay_out_network,
    lay_out_timeline,
)
from dashboards.figures import (
    INFLUENCE_ORDER,
    NO_UPDATE,
    TRAFFIC_TONES,
    department_counts,
    goals_served,
    influential_rows,
    kept_first,
    key_charts,
    key_figures,
    key_links,
    key_trend,
    list_url,
    summed,
    trend_now,
)
from dashboards.sources import FIELD, source_for
from organisation.models import Department
from projects.models import (
    FINISHED_STATUSES,
    Project,
    TrafficLight,
)
from synergies.filters import Reach
from synergies.models import Synergy
from workshops.models import Cohort, Workshop

# The lifecycle as a pipeline: the funnel's stages, in order. Paused and stopped projects
# have left it and are named beside it.
PIPELINE = (
    Project.Status.FUTURE,
    Project.Status.PLANNING,
    Project.Status.IMPLEMENTATION,
    Project.Status.COMPLETED,
)
CITY_INFLUENTIAL = 10
CONTRIBUTING_SHOWN = 5  # the contributing projects named per agenda project
NO_FIELD = "ohne"  # the field of action filter's value for projects serving none


def city_figures(*, user, today=None, round=None) -> dict:
    """The city dashboard's figures as ``user`` may see them: today's, or a frozen reporting
    ``round``'s (key figures, funnel, charts, matrix, strategy gaps, money and traffic lights
    by department; the network, the cohorts, the agenda projects, the lists and the trend are
    today's only)."""
    source = source_for(user=user, round=round, today=today)
    linked = source.links_to_lists

    def url(**params) -> str:
        return list_url(None, **params) if linked else ""

    per_department = department_counts(source)
    totals = summed(per_department.values())
    departments = list(Department.objects.visible_to(user).order_by("name"))
    goals = goals_served(source)
    charts = key_charts(totals, linked=linked)
    figures = {
        "today": source.today,
        "round": round,
        "totals": {**key_figures(totals), "gaps": sum(1 for item in goals if not item["count"])},
        "links": key_links(linked=linked),
        "funnel": _funnel(charts.pop("status"), totals["total"]),
        "charts": charts,
        "matrix": _matrix(source, departments, per_department, url),
        "strategy_gaps": [item for item in goals if not item["count"]],
        "goal_count": len(goals),
        "financing": _financing(departments, per_department, url),
        "lights": _lights(departments, per_department, url),
    }
    if round is None:
        figures |= {
            "network": _network(user, departments),
            "timeline": _timeline(user, source.today),
            "agenda_projects": _agenda_projects(source),
            "contributing_shown": CONTRIBUTING_SHOWN,
            "influential": _influential(source),
            "trend": key_trend(
                user=user, current=trend_now(totals), departments=source.departments()
            ),
        }
    return figures


def _funnel(status: Chart, total: int) -> Chart:
    """The status chart as a pipeline: Zukunftsprojekt → in Planung → in Umsetzung →
    abgeschlossen, with the paused and stopped projects named beside it."""
    by_key = {row.key: row for row in status.rows}
    rows = [by_key[stage] for stage in PIPELINE]
    aside = [by_key[key] for key in by_key if key not in PIPELINE]
    funnel = Chart(
        slug="trichter",
        title=_("Projects and processes along the lifecycle"),
        rows=rows,
        total=total,
        summary=status.summary,
        group_label=_("Status"),
        funnel=True,
        aside=aside,
    )
    funnel.notes.append(
        _("Beside the pipeline: %(aside)s.")
        % {"aside": ", ".join(f"{row.count} {row.label}" for row in aside)}
    )
    return funnel


# Departments × fields of action ---------------------------------------------------------------


def _matrix(source, departments, per_department, url) -> dict:
    """How many of each department's projects serve each field of action of the active
    agenda (a project may serve several), with a column for those serving none (see the
    source's ``linked``)."""
    fields = list(FieldOfAction.objects.filter(agenda__status="aktiv").order_by("order", "name"))
    counts = defaultdict(int, source.linked(FIELD))
    largest = max((n for (_d, field), n in counts.items() if field is not None), default=0)
    rows = []
    for department in departments:
        cells = [
            _cell(counts[department.pk, field.pk], largest,
                  url(department=department.pk, field_of_action=field.pk))
            for field in fields
        ]  # fmt: skip
        cells.append(
            _cell(counts[department.pk, None], 0,
                  url(department=department.pk, field_of_action=NO_FIELD))
        )  # fmt: skip
        total = per_department.get(department.pk, {}).get("total", 0)
        rows.append(
            {"department": department, "cells": cells, "total": total,
             "url": url(department=department.pk)}
        )  # fmt: skip
    column_totals = [
        {
            "count": sum(counts[d.pk, field.pk] for d in departments),
            "url": url(field_of_action=field.pk),
        }
        for field in fields
    ]
    column_totals.append(
        {
            "count": sum(counts[d.pk, None] for d in departments),
            "url": url(field_of_action=NO_FIELD),
        }
    )
    return {
        "fields": fields,
        "rows": rows,
        "column_totals": column_totals,
        "total": sum(row["total"] for row in rows),
    }


def _cell(count, largest, url) -> dict:
    """A matrix cell: its number, its link and its shade (five steps of the largest cell; the
    number is always written, the shade only helps the eye)."""
    shade = 0 if not count or not largest else 1 + min(4, 5 * count // (largest + 1))
    return {"count": count, "url": url, "shade": shade}


# Money and traffic lights by department ---------------------------------------------------------


def _financing(departments, per_department, url) -> dict:
    """The funding gap of each department: the budget of its projects not or only partly
    financed, as a chart (in €) and a table with the budget and the number of projects."""
    rows = []
    for department in departments:
        figures = per_department.get(department.pk, {})
        budget = figures.get("budget_sum") or Decimal(0)
        gap_budget = figures.get("gap_budget") or Decimal(0)
        rows.append(
            {
                "department": department,
                "total": figures.get("total", 0),
                "budget": budget,
                "gap": figures.get("gap", 0),
                "gap_budget": gap_budget,
                "share": round(100 * gap_budget / budget) if budget else 0,
                "url": url(department=department.pk, funding_gap="ja"),
            }
        )
    gap_total = sum(row["gap_budget"] for row in rows)
    title = _("Funding gap by department")
    chart = Chart(
        slug="finanzierungsluecke",
        title=title,
        rows=[
            Row(
                key=str(row["department"].pk),
                label=row["department"].short_name,
                count=row["gap_budget"],
                url=row["url"],
                tone="bad" if row["gap_budget"] else "",
            )
            for row in rows
        ],
        total=gap_total,
        group_label=_("Department"),
        unit="€",
        bar_space=220,
    )
    largest = max(rows, key=lambda row: row["gap_budget"], default=None)
    if gap_total and largest:
        chart.summary = _(
            "Funding gap of the city: %(total)s €; the largest in %(department)s (%(amount)s €)."
        ) % {
            "total": formats.number_format(gap_total, 0, force_grouping=True),
            "department": largest["department"].short_name,
            "amount": formats.number_format(largest["gap_budget"], 0, force_grouping=True),
        }
    else:
        chart.summary = _("No department has a funding gap.")
    return {
        "chart": chart,
        "rows": rows,
        "budget": sum(row["budget"] for row in rows),
        "gap": sum(row["gap"] for row in rows),
        "gap_budget": gap_total,
    }


def _lights(departments, per_department, url) -> StackedChart:
    """The traffic lights of the latest status updates in each department."""
    parts = [
        *(Part(value, str(label), TRAFFIC_TONES[value]) for value, label in TrafficLight.choices),
        Part(NO_UPDATE, _("no status update yet"), "none"),
    ]
    rows = []
    for department in departments:
        figures = per_department.get(department.pk, {})
        segments = [
            Segment(
                part=part,
                count=figures.get(
                    "no_update" if part.key == NO_UPDATE else f"light__{part.key}", 0
                ),
                url=url(department=department.pk, traffic_light=part.key),
            )
            for part in parts
        ]
        rows.append(
            StackedRow(
                key=str(department.pk),
                label=department.short_name,
                segments=segments,
                url=url(department=department.pk),
            )
        )
    chart = StackedChart(
        slug="ampel-dezernate",
        title=_("Traffic lights by department"),
        parts=parts,
        rows=rows,
        group_label=_("Department"),
    )
    critical = [f"{row.label} ({row.segments[2].count})" for row in rows if row.segments[2].count]
    chart.summary = (
        _("Projects with a critical traffic light: %(list)s.") % {"list": ", ".join(critical)}
        if critical
        else _("No department has a project with a critical traffic light.")
    )
    return chart


# The synergy network across departments ---------------------------------------------------------


# How far a link got, furthest first: the style of a line between two departments.
STATUS_REACH = [Synergy.Status.IMPLEMENTED, Synergy.Status.CONFIRMED, Synergy.Status.PROPOSED]


def _network(user, departments) -> dict:
    """The departments as nodes and the links between their projects as edges (rejected links
    left out), as the reader may see them: one grouped query."""
    links = (
        Synergy.objects.visible_to(user)
        .exclude(status=Synergy.Status.DISCARDED)
        .exclude(source__department=F("target__department"))
        .order_by()
        .values_list("source__department", "target__department", "status")
        .annotate(n=Count("pk"))
    )
    pairs: dict[tuple[int, int], dict] = defaultdict(lambda: defaultdict(int))
    for source, target, status, n in links:
        pairs[min(source, target), max(source, target)][status] += n
    synergies_url = reverse("synergies:synergies")
    nodes = {
        department.pk: Node(
            key=department.pk,
            label=department.short_name,
            mark=department.number or department.short_name[:2],
            url=f"{synergies_url}?department={department.pk}&reach={Reach.CROSS}",
        )
        for department in departments
    }
    edges = [
        Edge(
            a=nodes[a],
            b=nodes[b],
            counts={status: counts.get(status, 0) for status in reversed(STATUS_REACH)},
            total=sum(counts.values()),
            strongest=next(status for status in STATUS_REACH if counts.get(status)),
        )
        for (a, b), counts in sorted(pairs.items())
        if a in nodes and b in nodes
    ]
    edges.sort(key=lambda edge: (-edge.total, edge.a.label, edge.b.label))
    lay_out_network(list(nodes.values()), edges)
    statuses = [(status, Synergy.Status(status).label) for status in reversed(STATUS_REACH)]
    if edges:
        top = edges[0]
        summary = _(
            "%(pairs)s pairs of departments share %(links)s links between their projects; "
            "the most between %(a)s and %(b)s (%(n)s)."
        ) % {
            "pairs": len(edges),
            "links": sum(edge.total for edge in edges),
            "a": top.a.label,
            "b": top.b.label,
            "n": top.total,
        }
    else:
        summary = _("No links between projects of different departments yet.")
    return {
        "nodes": list(nodes.values()),
        "edges": edges,
        "statuses": statuses,
        "summary": summary,
        "width": NETWORK_WIDTH,
        "height": NETWORK_HEIGHT,
    }


# The cohort timeline ----------------------------------------------------------------------------


def _timeline(user, today) -> Timeline:
    """The cohorts over time, each with its departments and their workshops (parts 1–3)."""
    workshops = (
        Workshop.objects.visible_to(user).select_related("department").order_by("starts_at", "part")
    )
    cohorts = (
        Cohort.objects.visible_to(user)
        .prefetch_related(
            Prefetch("departments", queryset=Department.objects.order_by("name")),
            Prefetch("workshops", queryset=workshops),
        )
        .order_by("number")
    )
    lanes, days = [], {}
    for cohort in cohorts:
        lane = Lane(
            label=str(cohort),
            url=cohort.get_absolute_url(),
            start=cohort.starts_on,
            end=cohort.ends_on,
            item=cohort,
        )
        rows = {department.pk: index for index, department in enumerate(cohort.departments.all())}
        for workshop in cohort.workshops.all():
            if not workshop.starts_at:
                continue
            day = timezone.localtime(workshop.starts_at).date()
            mark = Mark(
                label=_("Part %(part)s, %(department)s, %(day)s")
                % {
                    "part": workshop.part,
                    "department": workshop.department.short_name,
                    "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
                },
                part=workshop.part,
                item=workshop,
                row=rows.get(workshop.department_id, 0),
            )
            lane.marks.append(mark)
            days[id(mark)] = day
        lanes.append(lane)
    timeline = Timeline(lanes=lanes, today=today)
    lay_out_timeline(timeline, days, lambda day: formats.date_format(day, "M Y"))
    return timeline


# Agenda projects and the department projects contributing to them ------------------------------


class Rollup:
    """The state of an agenda project, rolled up from its contributing projects: the worst
    traffic light among the open ones; "completed" when all are finished."""

    NONE = "keine"
    COMPLETED = "abgeschlossen"
    NO_UPDATE = NO_UPDATE
    LABELS = {
        NONE: _("no contributing project"),
        COMPLETED: _("all contributions finished"),
        NO_UPDATE: _("no status update yet"),
    }
    TONES = {NONE: "none", COMPLETED: "good", NO_UPDATE: "none", **TRAFFIC_TONES}


def rolled_up(counts: dict) -> tuple[str, str]:
    """(key, label) of an agenda project's state from its contributing projects' counts."""
    if not counts.get("total"):
        key = Rollup.NONE
    elif counts["open"] == 0:
        key = Rollup.COMPLETED
    elif counts["kritisch"]:
        key = TrafficLight.CRITICAL
    elif counts["gefaehrdet"]:
        key = TrafficLight.AT_RISK
    elif counts["im_plan"]:
        key = TrafficLight.ON_TRACK
    else:
        key = Rollup.NO_UPDATE
    if key in TrafficLight.values:
        return key, str(TrafficLight(key).label)
    return key, str(Rollup.LABELS[key])


SEVERITY = Case(
    When(traffic_light=TrafficLight.CRITICAL, then=Value(0)),
    When(traffic_light=TrafficLight.AT_RISK, then=Value(1)),
    When(traffic_light=TrafficLight.ON_TRACK, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _agenda_projects(source) -> list[dict]:
    """Each agenda project of the active agenda with the number of projects contributing to it
    (by department and traffic light, open ones only for the lights), its rolled-up state and
    the most pressing contributing projects. The counts and each department's most pressing
    candidates are kept by department (see ``Source.by_department``); the candidates are
    ranked in one more query, in the same order as if all projects were."""
    items = list(
        AgendaProject.objects.filter(agenda__status="aktiv").select_related("field", "lead_unit")
    )
    counts = defaultdict(lambda: defaultdict(int))
    for by_item in source.by_department(
        "agenda", lambda narrow: _contributions(narrow(source.base()))
    ).values():
        for item, figures in by_item.items():
            for key, value in figures.items():
                counts[item][key] += value
            counts[item]["departments"] += 1
    candidates = [
        pk
        for pks in source.by_department(
            "pressing", lambda narrow: _pressing(narrow(source.base()))
        ).values()
        for pk in pks
    ] or [0]  # an id no project has: as many queries with or without contributions
    pressing = defaultdict(list)
    for project in _pressing_projects(source.rows.filter(pk__in=candidates)):
        pressing[project.agenda_project_id].append(project)
    result = []
    for item in items:
        figures = counts.get(item.pk, {})
        key, label = rolled_up(figures)
        progressed = figures.get("progressed", 0)
        result.append(
            {
                "agenda_project": item,
                "total": figures.get("total", 0),
                "open": figures.get("open", 0),
                "departments": figures.get("departments", 0),
                "progress": round(figures["progress_sum"] / progressed) if progressed else None,
                "lights": {value: figures.get(value, 0) for value in TrafficLight.values},
                "state": key,
                "state_label": label,
                "state_tone": Rollup.TONES[key],
                "projects": pressing[item.pk],
                "url": list_url(None, agenda_project=item.pk),
            }
        )
    return result


STILL_OPEN = ~Q(status__in=FINISHED_STATUSES)


def _contributions(rows) -> dict[int, dict]:
    """By department and agenda project: how many rows contribute, how many are open and
    with which traffic light, and their progress (summed, to be averaged over departments)."""
    counts = defaultdict(dict)
    for row in (
        rows.filter(agenda_project__isnull=False)
        .order_by()
        .values("department", "agenda_project")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=STILL_OPEN),
            progress_sum=Sum("progress"),
            progressed=Count("progress"),
            **{
                value: Count("pk", filter=STILL_OPEN & Q(traffic_light=value))
                for value in TrafficLight.values
            },
        )
    ):
        department, item = row.pop("department"), row.pop("agenda_project")
        row["progress_sum"] = row["progress_sum"] or 0
        counts[department][item] = row
    return counts


def _pressing_first(partition_by):
    """Each row's place among the contributions of its partition: open ones first, the worst
    traffic light first, then by title."""
    return Window(
        RowNumber(),
        partition_by=partition_by,
        order_by=[
            Case(When(STILL_OPEN, then=Value(0)), default=Value(1)).asc(),
            SEVERITY.asc(),
            F("title").asc(),
        ],
    )


def _pressing(rows) -> dict[int, list[int]]:
    """Each department's candidates for the most pressing contributions: its first
    ``CONTRIBUTING_SHOWN`` to each agenda project (the city's first are among them)."""
    candidates = defaultdict(list)
    for department, pk in (
        rows.filter(agenda_project__isnull=False)
        .annotate(place=_pressing_first([F("department"), F("agenda_project")]))
        .filter(place__lte=CONTRIBUTING_SHOWN)
        .order_by()
        .values_list("department", "pk")
    ):
        candidates[department].append(pk)
    return candidates


def _pressing_projects(rows) -> list[Project]:
    """The first ``CONTRIBUTING_SHOWN`` of ``rows`` to each agenda project."""
    return list(
        rows.annotate(place=_pressing_first([F("agenda_project")]))
        .filter(place__lte=CONTRIBUTING_SHOWN)
        .select_related("department")
        .order_by("agenda_project_id", "place")
    )


def _influential(source) -> list[Project]:
    """The city's most influential open projects (see ``figures.influential_rows``)."""
    return kept_first(source, "influential", influential_rows, INFLUENCE_ORDER, CITY_INFLUENTIAL)
