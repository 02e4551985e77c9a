"""The dashboard as a workbook: one sheet per panel, the numbers as the page shows them."""

from django.utils.translation import gettext as _

from core.excel import write_workbook


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def department_workbook(department, figures: dict) -> bytes:
    totals = figures["totals"]
    key_figures = [
        (_("Projects and processes"), totals["total"]),
        (_("Projects"), totals["projects"]),
        (_("Processes"), totals["processes"]),
        (_("Budget in total (€)"), totals["budget"]),
        (_("Funding gap (€)"), totals["gap_budget"]),
        (_("Projects not or only partly financed"), totals["gap"]),
        (_("Past their end date and not finished"), totals["overdue"]),
        (_("Stale"), totals["stale"]),
        (_("Serving no goal of the agenda"), totals["no_goal"]),
    ]
    sheets = [(_("Key figures"), [_("Figure"), _("Value")], key_figures)]
    charts = [*figures["charts"].values(), figures["fields"], figures["synergies"]]
    for chart in charts:
        sheets.append(
            (
                chart.title,
                [chart.group_label, _("Number"), _("Share (%)")],
                [(bar.row.label, bar.row.count, bar.share) for bar in chart.bars],
            )
        )
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
    project_head = [_("Rank"), _("Title"), _("Status"), _("Traffic light")]

    def projects(items):
        return [
            (p.priority_rank, p.title, p.get_status_display(), p.get_traffic_light_display())
            for p in items
        ]

    sheets.append((_("Priority list"), project_head, projects(figures["priorities"])))
    sheets.append(
        (_("Most influential open projects"), project_head, projects(figures["influential"]))
    )
    sheets.append(
        (
            _("Open questions from the workshops"),
            [_("Open question"), _("Owner"), _("Due")],
            [(q.text, _person(q.owner), q.due_on) for q in figures["questions"]],
        )
    )
    trend = figures["trend"]
    if trend:
        sheets.append(
            (
                _("Trend over the reporting rounds"),
                [_("Figure"), *trend["columns"]],
                [
                    (f"{s.label} ({s.unit})" if s.unit else s.label, *(v for _l, v in s.points))
                    for s in trend["series"]
                ],
            )
        )
    return write_workbook(sheets)
