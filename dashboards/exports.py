"""The dashboard as a workbook: one sheet per panel, the numbers as the page shows them."""

from django.utils.translation import gettext as _

from core.excel import write_workbook


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def department_workbook(department, figures: dict) -> bytes:
    """The department dashboard, today's or a round's (a round has no lists, synergies,
    questions and trend: they are today's only)."""
    sheets = [_key_figures_sheet(figures)]
    charts = [*figures["charts"].values(), figures["fields"]]
    if "synergies" in figures:
        charts.append(figures["synergies"])
    sheets += [_chart_sheet(chart) for chart in charts]
    sheets.append(
        (
            _("Goals of the agenda"),
            [_("Goal"), _("Field of action"), _("Projects and processes")],
            [
                (item["goal"].title, item["goal"].field.name, item["count"])
                for item in figures["goals"]
            ],
        )
    )
    if figures["round"] is None:
        sheets += _department_lists(figures)
    return write_workbook(sheets)


def _department_lists(figures) -> list[tuple]:
    project_head = [_("Rank"), _("Title"), _("Status"), _("Traffic light")]

    def projects(items):
        return [
            (p.priority_rank, p.title, p.get_status_display(), p.get_traffic_light_display())
            for p in items
        ]

    sheets = [
        (_("Priority list"), project_head, projects(figures["priorities"])),
        (_("Most influential open projects"), project_head, projects(figures["influential"])),
        (
            _("Open questions from the workshops"),
            [_("Open question"), _("Owner"), _("Due")],
            [(q.text, _person(q.owner), q.due_on) for q in figures["questions"]],
        ),
    ]
    if figures["trend"]:
        sheets.append(_trend_sheet(figures["trend"]))
    return sheets


def _key_figures_sheet(figures: dict) -> tuple:
    """The key figures of a dashboard (department or city: only the city counts the strategy
    gaps), with the state they show: today or a reporting round's reference date."""
    totals, round_ = figures["totals"], figures["round"]
    state = (
        _("Reporting round %(title)s, reference date %(date)s")
        % {"title": round_.title, "date": round_.reference_date.strftime("%d.%m.%Y")}
        if round_
        else _("Today, %(date)s") % {"date": figures["today"].strftime("%d.%m.%Y")}
    )
    rows = [
        (_("State shown"), state),
        (_("Projects and processes"), totals["total"]),
        (_("Projects"), totals["projects"]),
        (_("Processes"), totals["processes"]),
        (_("Budget in total (€)"), totals["budget"]),
        (_("Funding gap (€)"), totals["gap_budget"]),
        (_("Projects not or only partly financed"), totals["gap"]),
        (_("Traffic light critical"), totals["critical"]),
        (_("Past their end date and not finished"), totals["overdue"]),
        (_("Stale"), totals["stale"]),
        (_("Serving no goal of the agenda"), totals["no_goal"]),
    ]
    if "gaps" in totals:
        rows.append((_("Strategy gaps (goals no project serves)"), totals["gaps"]))
    return (_("Key figures"), [_("Figure"), _("Value")], rows)


def _chart_sheet(chart) -> tuple:
    return (
        chart.title,
        [chart.group_label, _("Amount (€)") if chart.unit else _("Number"), _("Share (%)")],
        [(row.label, row.count, share) for row, share in chart.table],
    )


def city_workbook(figures: dict) -> bytes:
    """The city dashboard as a workbook, one sheet per panel."""
    sheets = [_key_figures_sheet(figures)]
    sheets += [_chart_sheet(chart) for chart in [figures["funnel"], *figures["charts"].values()]]
    matrix = figures["matrix"]
    sheets.append(
        (
            _("Departments and fields of action"),
            [_("Department"), *(str(f) for f in matrix["fields"]), _("no field of action"),
             _("Projects and processes")],
            [
                (row["department"].name, *(cell["count"] for cell in row["cells"]), row["total"])
                for row in matrix["rows"]
            ]
            + [(_("City"), *(cell["count"] for cell in matrix["column_totals"]), matrix["total"])],
        )
    )  # fmt: skip
    sheets.append(
        (
            _("Strategy gaps"),
            [_("Goal"), _("Field of action")],
            [(item["goal"].title, item["goal"].field.name) for item in figures["strategy_gaps"]],
        )
    )
    financing = figures["financing"]
    sheets.append(
        (
            _("Financing by department"),
            [_("Department"), _("Projects and processes"), _("Budget (€)"), _("Funding gap (€)"),
             _("Share of the budget (%)"), _("Projects with a gap")],
            [
                (row["department"].name, row["total"], row["budget"], row["gap_budget"],
                 row["share"], row["gap"])
                for row in financing["rows"]
            ],
        )
    )  # fmt: skip
    lights = figures["lights"]
    sheets.append(
        (
            lights.title,
            [lights.group_label, *(part.label for part in lights.parts), _("Together")],
            [
                (row.label, *(segment.count for segment in row.segments), row.total)
                for row in lights.rows
            ],
        )
    )
    if figures["round"] is None:
        sheets += _city_today_sheets(figures)
    return write_workbook(sheets)


def _city_today_sheets(figures) -> list[tuple]:
    """The city's panels that are today's only: network, cohorts, agenda projects, the most
    influential projects and the trend."""
    sheets = []
    network = figures["network"]
    sheets.append(
        (
            _("Synergies across departments"),
            [_("Department"), _("with department"), *(label for _s, label in network["statuses"]),
             _("Together")],
            [
                (edge.a.label, edge.b.label, *edge.counts.values(), edge.total)
                for edge in network["edges"]
            ],
        )
    )  # fmt: skip
    sheets.append(
        (
            _("Cohort timeline"),
            [_("Cohort"), _("Start"), _("End"), _("Status"), _("Departments"), _("Workshops")],
            [
                (lane.label, lane.start, lane.end, lane.item.get_status_display(),
                 ", ".join(d.short_name for d in lane.item.departments.all()),
                 "; ".join(mark.label for mark in lane.marks))
                for lane in figures["timeline"].lanes
            ],
        )
    )  # fmt: skip
    sheets.append(
        (
            _("Agenda projects"),
            [_("Agenda project"), _("State"), _("Contributing"), _("Departments"),
             _("Average progress (%)"), _("Most pressing contributions")],
            [
                (str(item["agenda_project"]), item["state_label"], item["total"],
                 item["departments"], item["progress"],
                 "; ".join(f"{p.title} ({p.department.short_name})" for p in item["projects"]))
                for item in figures["agenda_projects"]
            ],
        )
    )  # fmt: skip
    sheets.append(
        (
            _("Most influential open projects"),
            [_("Title"), _("Department"), _("Status"), _("Traffic light"), _("Rank")],
            [
                (p.title, p.department.name, p.get_status_display(),
                 p.get_traffic_light_display(), p.priority_rank)
                for p in figures["influential"]
            ],
        )
    )  # fmt: skip
    if figures["trend"]:
        sheets.append(_trend_sheet(figures["trend"]))
    return sheets


def _trend_sheet(trend) -> tuple:
    return (
        _("Trend over the reporting rounds"),
        [_("Figure"), *trend["columns"]],
        [
            (f"{s.label} ({s.unit})" if s.unit else s.label, *(v for _l, v in s.points))
            for s in trend["series"]
        ],
    )
