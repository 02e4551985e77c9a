"""The key figures of a workspace's projects, for its dashboard (Übersicht).

Every figure is counted by the database within the reader's scope (``Project.objects.
visible_to``), in a fixed number of queries whatever the number of projects: the counts by
status, traffic light, financing and reporting, the budget and the funding gap come from one
aggregate; fields of action and goals from one grouped query each. Each figure carries the
address of the filtered list that makes it up (:func:`list_url`), so every number on the
dashboard leads to its projects.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from agenda.models import FieldOfAction, Goal
from dashboards.charts import Chart, Row
from dashboards.sources import FIELD, GOAL, AtRound, source_for
from projects.models import (
    FINISHED_STATUSES,
    Project,
    Reporting,
    TrafficLight,
    funding_gap_q,
    overdue_end_q,
    reporting_q,
)
from reporting.models import ReportingRound
from synergies.models import Synergy
from workshops.models import OpenQuestion

# Shown in the lists of the dashboard: the priority list and the most influential projects.
TOP = 10
INFLUENTIAL = 5
NO_GOAL = "ohne"  # the goal filter's value for projects serving no goal
NO_UPDATE = "ohne"  # the traffic light filter's value for projects without a status update


def list_url(workspace=None, /, **params) -> str:
    """The workspace's project list (city-wide without ``workspace``) filtered as ``params``
    say."""
    url = _list_path(get_script_prefix(), workspace.slug if workspace else None)
    return f"{url}?{urlencode(params)}" if params else url


@lru_cache(maxsize=256)
def _list_path(script_prefix: str, slug: str | None) -> str:
    """Looked up once per prefix and workspace: a dashboard links a hundred numbers."""
    if slug is None:
        return reverse("projects:list")
    return reverse("projects:workspace_list", args=[slug])


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)} %" if total else "0 %"


def _summary(chart_title: str, rows: list[Row], total: int, of: str = "") -> str:
    """ "Von 42 Vorhaben und Prozessen: 20 in Umsetzung (48 %), …" – the chart in one sentence;
    ``of`` names what is counted when it is not projects ("Of %(total)s synergies")."""
    if not total:
        return _("%(chart)s: nothing to count.") % {"chart": chart_title}
    parts = [f"{row.count} {row.label} ({_share(row.count, total)})" for row in rows if row.count]
    counted = of or _("Of %(total)s projects and processes")
    return f"{counted % {'total': total}}: {'; '.join(parts)}."


def _counted(name: str, choices, prefix_q) -> dict:
    return {f"{name}__{value}": Count("pk", filter=prefix_q(value)) for value, _label in choices}


def _keys(name: str, choices) -> list[str]:
    return [f"{name}__{value}" for value, _label in choices]


# Every count of :func:`department_counts`; an empty source counts 0 of each.
COUNT_KEYS = (
    "total", "projects", "processes", "budget_sum", "gap_budget", "gap", "overdue",
    "no_update", "no_goal", *_keys("status", Project.Status.choices),
    *_keys("light", TrafficLight.choices), *_keys("financing", Project.Financing.choices),
    *_keys("reporting", Reporting.choices),
)  # fmt: skip


def department_counts(source) -> dict[int, dict]:
    """The counts of the key figures and the status charts over the source's rows (today's
    projects or a round's, see :mod:`dashboards.sources`) for each department: by kind,
    status, traffic light, financing and reporting; the budget, the funding gap, the overdue
    end dates and the projects serving no goal. One grouped query over the rows (which the
    projects' covering index ``project_facts_idx`` answers without reading the table) and the
    source's goal links by department (see ``linked``), which the goals panel uses too; both
    kept by department (see ``Source.by_department``)."""
    counts = _counts(source)
    serving_none = source.linked(GOAL)
    return {
        department: {**row, "no_goal": serving_none.get((department, None), 0)}
        for department, row in counts.items()
    }


def _counts(source) -> dict[int, dict]:
    return source.by_department(
        "counts", lambda narrow: _grouped_counts(narrow(source.base()), source.today)
    )


def _grouped_counts(rows, today) -> dict[int, dict]:
    grouped = (
        rows.order_by()
        .values("department")
        .annotate(
            total=Count("pk"),
            projects=Count("pk", filter=Q(kind=Project.Kind.PROJECT)),
            processes=Count("pk", filter=Q(kind=Project.Kind.PROCESS)),
            budget_sum=Sum("budget"),
            gap_budget=Sum("budget", filter=funding_gap_q()),
            gap=Count("pk", filter=funding_gap_q()),
            overdue=Count("pk", filter=overdue_end_q(today)),
            no_update=Count("pk", filter=Q(traffic_light="")),
            **_counted("status", Project.Status.choices, lambda value: Q(status=value)),
            **_counted("light", TrafficLight.choices, lambda value: Q(traffic_light=value)),
            **_counted("financing", Project.Financing.choices, lambda value: Q(financing=value)),
            **_counted("reporting", Reporting.choices, lambda value: reporting_q(value, today)),
        )
    )
    return {row.pop("department"): row for row in grouped}


def summed(counts) -> dict:
    """The counts of several departments (from :func:`department_counts`) added up."""
    total = defaultdict(int)
    for row in counts:
        for key, value in row.items():
            total[key] += value or 0
    return {key: total[key] for key in COUNT_KEYS}


def key_totals(source) -> dict:
    """The source's counts added up over its departments (see :func:`department_counts`)."""
    return summed(department_counts(source).values())


def key_figures(totals: dict) -> dict:
    """The key figures shown above the charts, from :func:`key_totals`."""
    return {
        **{key: totals[key] for key in ("total", "projects", "processes", "gap", "overdue")},
        "budget": totals["budget_sum"] or Decimal(0),
        "gap_budget": totals["gap_budget"] or Decimal(0),
        "no_goal": totals["no_goal"],
        "critical": totals[f"light__{TrafficLight.CRITICAL}"],
        "stale": totals[f"reporting__{Reporting.STALE}"],
        "due": totals[f"reporting__{Reporting.DUE}"] + totals[f"reporting__{Reporting.OVERDUE}"],
    }


def key_links(department=None, *, linked=True) -> dict:
    """Where each key figure leads: the project list filtered to what it counts (nowhere for
    a reporting round's figures)."""
    if not linked:
        return {}
    return {
        "all": list_url(department),
        "gap": list_url(department, funding_gap="ja"),
        "overdue": list_url(department, overdue="ja"),
        "critical": list_url(department, traffic_light=TrafficLight.CRITICAL),
        "stale": list_url(department, reporting=Reporting.STALE),
        "no_goal": list_url(department, goal=NO_GOAL),
    }


def key_charts(totals: dict, department=None, *, linked=True) -> dict[str, Chart]:
    """The charts by status, traffic light, financing and reporting, from :func:`key_totals`;
    each bar's number leads to its projects (in the workspace, or city-wide) where ``linked``."""
    total = totals["total"]

    def url_for(workspace=None, /, **params):
        return list_url(workspace, **params) if linked else ""

    def rows(name, choices, param, tones=None):
        return [
            Row(
                key=value,
                label=str(label),
                count=totals[f"{name}__{value}"],
                url=url_for(department, **{param: value}),
                tone=(tones or {}).get(value, ""),
            )
            for value, label in choices
        ]

    status = rows("status", Project.Status.choices, "status")
    lights = rows("light", TrafficLight.choices, "traffic_light", TRAFFIC_TONES)
    lights.append(
        Row(
            key=NO_UPDATE,
            label=_("no status update yet"),
            count=totals["no_update"],
            url=url_for(department, traffic_light=NO_UPDATE),
            tone="none",
        )
    )
    financing = rows("financing", Project.Financing.choices, "financing", FINANCING_TONES)
    reporting = rows("reporting", Reporting.choices, "reporting", REPORTING_TONES)
    running = sum(row.count for row in reporting)
    charts = [
        _chart("status", _("Projects and processes by status"), status, total, _("Status")),
        _chart(
            "ampel",
            _("Traffic light of the latest status update"),
            lights,
            total,
            _("Traffic light"),
        ),
        _chart("finanzierung", _("Financing"), financing, total, _("Financing")),
        _chart(
            "meldungen",
            _("Reporting of the running projects"),
            reporting,
            running,
            _("Reporting"),
            _("Of %(total)s running projects and processes"),
        ),
    ]
    return {chart.slug: chart for chart in charts}


def trend_now(totals: dict) -> dict:
    """Today's values of the figures the trend follows over the reporting rounds."""
    return {
        "total": totals["total"],
        "critical": totals[f"light__{TrafficLight.CRITICAL}"],
        "stale": totals[f"reporting__{Reporting.STALE}"],
        "overdue": totals["overdue"],
        "gap_budget": totals["gap_budget"] or 0,
    }


def department_figures(*, user, department, today=None, round=None) -> dict:
    """The dashboard's figures for ``department`` as ``user`` may see them: today's, or those
    of a frozen reporting ``round`` (its key figures, charts, fields and goals: the lists,
    synergies, questions and the trend are today's only)."""
    source = source_for(user=user, round=round, department=department, today=today)
    linked = source.links_to_lists
    totals = key_totals(source)
    figures = {
        "today": source.today,
        "round": round,
        "totals": key_figures(totals),
        "links": key_links(department, linked=linked),
        "charts": key_charts(totals, department, linked=linked),
        "fields": fields_served(source, department, totals["total"]),
        "goals": goals_served(source, department),
        # The offices as they are today, also beside a round's figures.
        "units": units_with_counts(
            source if round is None else source_for(user=user, department=department, today=today),
            department,
        ),
    }
    if round is None:
        figures |= {
            "priorities": kept_first(source, "priorities", _prioritised, PRIORITY_ORDER, TOP),
            "influential": kept_first(
                source, "influential", influential_rows, INFLUENCE_ORDER, INFLUENTIAL
            ),
            "synergies": _synergies(user, department),
            "questions": _open_questions(user, department),
            "trend": key_trend(user=user, department=department, current=trend_now(totals)),
        }
    return figures


TRAFFIC_TONES = {"im_plan": "good", "gefaehrdet": "warn", "kritisch": "bad"}
FINANCING_TONES = {
    "finanziert": "good",
    "teilfinanziert": "warn",
    "nicht_finanziert": "bad",
    "antrag_gestellt": "neutral",
}
REPORTING_TONES = {
    "aktuell": "good",
    "faellig": "neutral",
    "ueberfaellig": "warn",
    "veraltet": "bad",
}


def _chart(slug, title, rows, total, group_label, of="") -> Chart:
    return Chart(
        slug=slug,
        title=title,
        rows=rows,
        total=total,
        summary=_summary(title, rows, total, of),
        group_label=group_label,
    )


def link_counts(source, kind) -> dict[int, int]:
    """How many of the source's rows link to each goal or field of action (by its id)."""
    counts = defaultdict(int)
    for (_department, target), n in source.linked(kind).items():
        if target is not None:
            counts[target] += n
    return counts


def fields_served(source, department, total) -> Chart:
    """The active agenda's fields of action, each with the number of the rows linked to it (a
    project may serve several)."""
    counts = link_counts(source, FIELD)
    fields = FieldOfAction.objects.filter(agenda__status="aktiv").order_by("order", "name")
    linked = source.links_to_lists
    rows = [
        Row(
            key=str(item.pk),
            label=item.name,
            count=counts.get(item.pk, 0),
            url=list_url(department, field_of_action=item.pk) if linked else "",
        )
        for item in fields
    ]
    title = _("Projects and processes by field of action")
    chart = _chart("handlungsfelder", title, rows, total, _("Field of action"))
    chart.notes.append(_("A project can serve several fields of action."))
    return chart


def goals_served(source, department=None) -> list[dict]:
    """The active agenda's goals with the number of the rows serving each, grouped by field
    of action; goals no project serves are counted too (0)."""
    counts = link_counts(source, GOAL)
    goals = (
        Goal.objects.filter(field__agenda__status="aktiv")
        .select_related("field")
        .order_by("field__order", "field__name", "order", "title")
    )
    linked = source.links_to_lists
    return [
        {
            "goal": goal,
            "count": counts.get(goal.pk, 0),
            "url": list_url(department, goal=goal.pk) if linked else "",
        }
        for goal in goals
    ]


def _open(visible):
    return visible.exclude(status__in=FINISHED_STATUSES).for_list()


PRIORITY_ORDER = (F("priority_rank").asc(), F("title").asc())
INFLUENCE_ORDER = (F("priority_rank").asc(nulls_last=True), F("title").asc())


def _prioritised(rows):
    return rows.exclude(status__in=FINISHED_STATUSES).filter(priority_rank__isnull=False)


def influential_rows(rows):
    """The open projects that move the agenda most (high influence); see INFLUENCE_ORDER."""
    return rows.exclude(status__in=FINISHED_STATUSES).filter(influence=Project.Influence.HIGH)


def kept_first(source, name, chosen, order, limit) -> list[Project]:
    """The first ``limit`` of the source's projects that ``chosen`` keeps, in ``order``:
    each department's first ``limit`` ids are kept (one windowed query for those counted
    afresh, see ``Source.by_department``), and the first of them read in one more query, in
    the same order as if all projects were ranked."""
    first = source.by_department(
        f"{name}-{limit}",
        lambda narrow: _first_by_department(chosen(narrow(source.base())), order, limit),
    )
    # Without candidates an id no project has: the page asks as many queries either way.
    candidates = [pk for pks in first.values() for pk in pks] or [0]
    return list(chosen(source.rows.filter(pk__in=candidates)).for_list().order_by(*order)[:limit])


def _first_by_department(rows, order, limit) -> dict[int, list[int]]:
    first = defaultdict(list)
    for department, pk in (
        rows.annotate(place=Window(RowNumber(), partition_by=[F("department")], order_by=order))
        .filter(place__lte=limit)
        .order_by()
        .values_list("department", "pk")
    ):
        first[department].append(pk)
    return first


def units_with_counts(source, department) -> list:
    """The department's offices, each with the number of the source's projects it leads
    (kept by department) and the list of those (``projects_url``)."""
    counts = source.by_department(
        "units",
        lambda narrow: _led_by_unit(narrow(source.base())),
    ).get(department.pk, {})
    units = list(department.units.order_by("name"))
    for unit in units:
        unit.project_count = counts.get(unit.pk, 0)
        unit.projects_url = list_url(department, lead_office=unit.pk)
    return units


def _led_by_unit(rows) -> dict[int, dict]:
    counts = defaultdict(dict)
    for department, unit, n in (
        rows.filter(lead_unit__isnull=False)
        .order_by()
        .values_list("department", "lead_unit")
        .annotate(n=Count("pk"))
    ):
        counts[department][unit] = n
    return counts


def _synergies(user, department) -> Chart:
    """The links of the workspace's projects by status, as the reader may see them."""
    links = Synergy.objects.visible_to(user).filter(
        Q(source__department=department) | Q(target__department=department)
    )
    counts = dict(links.order_by().values_list("status").annotate(n=Count("pk")))
    url = reverse("synergies:workspace_synergies", args=[department.slug])
    rows = [
        Row(key=value, label=str(label), count=counts.get(value, 0), url=f"{url}?status={value}",
            tone=SYNERGY_TONES.get(value, ""))
        for value, label in Synergy.Status.choices
    ]  # fmt: skip
    total, of = sum(counts.values()), _("Of %(total)s synergies")
    return _chart("synergien", _("Synergies by status"), rows, total, _("Status"), of)


SYNERGY_TONES = {
    "vorgeschlagen": "neutral",
    "bestaetigt": "",
    "umgesetzt": "good",
    "verworfen": "none",
}


def _open_questions(user, department) -> list:
    """The open questions from the workspace's workshops, soonest due first."""
    return list(
        OpenQuestion.objects.visible_to(user)
        .open()
        .filter(workshop__department=department)
        .select_related("owner", "workshop__cohort")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:TOP]
    )


# The trend: the key figures at the last reporting rounds ----------------------------------------

TREND_ROUNDS = 6


@dataclass
class Series:
    """One key figure over the rounds and today, drawn as a small chart of its own."""

    key: str
    label: str
    points: list[tuple[str, float]]  # (round title or "today", value)
    unit: str = ""

    @property
    def largest(self) -> float:
        return max((value for _label, value in self.points), default=0) or 1

    def bars(self) -> list[dict]:
        width = SERIES_WIDTH // max(len(self.points), 1)
        largest = self.largest
        return [
            {
                "label": label,
                "value": value,
                "x": index * width + 4,
                "width": width - 8,
                "height": round(SERIES_HEIGHT * value / largest),
                "y": SERIES_HEIGHT - round(SERIES_HEIGHT * value / largest) + 16,
                "last": index == len(self.points) - 1,
            }
            for index, (label, value) in enumerate(self.points)
        ]


SERIES_WIDTH = 240
SERIES_HEIGHT = 60


def key_trend(*, user, current: dict, department=None, departments=None) -> dict | None:
    """The key figures of ``department`` (of the city without one) at the last frozen
    reporting rounds (at most ``TREND_ROUNDS``, each counted once and kept, see
    :mod:`dashboards.sources`) and today, as the reader may see them; None before the first
    round. ``departments``: the ids of the departments counted, where the caller knows them
    (the city dashboard; a department's own trend needs none)."""
    rounds = list(
        ReportingRound.objects.filter(status=ReportingRound.Status.FROZEN).order_by(
            "-reference_date", "-pk"
        )[:TREND_ROUNDS]
    )[::-1]
    if not rounds:
        return None
    at = []
    for reporting_round in rounds:
        source = AtRound(
            user=user, round=reporting_round, department=department, departments=departments
        )
        counts = _counts(source)
        at.append((reporting_round.title, trend_now(summed(counts.values()))))
    at.append((_("today"), current))
    labels = {
        "total": (_("Projects and processes"), ""),
        "critical": (_("Traffic light critical"), ""),
        "stale": (_("Stale"), ""),
        "overdue": (_("Past their end date"), ""),
        "gap_budget": (_("Funding gap"), "€"),
    }
    series = [
        Series(key, label, [(title, float(values[key] or 0)) for title, values in at], unit)
        for key, (label, unit) in labels.items()
    ]
    return {"series": series, "rounds": rounds, "columns": [title for title, _v in at]}
