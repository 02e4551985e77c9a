"""Charts drawn on the server as SVG (no canvas, no script): a chart is its title, its summary
in words and its rows, and the template draws the bars and prints the same rows as a table
(``templates/dashboards/_bar_chart.html``). Colours never carry meaning alone: each tone has
its own pattern as well, and every bar is labelled with its name and number."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

# The drawing's grid, in SVG units (= CSS pixels at its natural width).
WIDTH = 360
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
BAR_SPACE = 300  # the longest bar; the rest of the width holds its number

TONES = ("good", "warn", "bad", "neutral", "none")


@dataclass
class Row:
    """One bar of a chart and one row of its table."""

    key: str
    label: str
    count: int
    url: str = ""
    tone: str = ""  # the bar's colour and pattern (see charts.css); never its only sign


@dataclass
class Bar:
    row: Row
    label_y: int
    bar_y: int
    width: int
    number_x: int
    share: int  # per cent of the chart's total
    x: int = 0  # where the bar starts: 0, or centred in a funnel


@dataclass
class Chart:
    """A chart with its title, its summary in words, and its rows (the table's data)."""

    slug: str
    title: str
    rows: list[Row]
    summary: str = ""
    total: int = 0
    group_label: str = ""  # the heading of the table's first column
    notes: list[str] = field(default_factory=list)
    funnel: bool = False  # bars centred on one axis, as the stages of a pipeline
    unit: str = ""  # after each number ("€"); counts have none
    bar_space: int = BAR_SPACE  # the longest bar: shorter where the numbers are long (money)
    aside: list[Row] = field(default_factory=list)  # in the table only, not drawn

    @property
    def largest(self) -> int:
        return max((row.count for row in self.rows), default=0)

    @property
    def is_empty(self) -> bool:
        return not any(row.count for row in self.rows)

    @property
    def height(self) -> int:
        return len(self.rows) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def middle(self) -> int:
        return self.bar_space // 2

    def share(self, count) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def table(self) -> list[tuple[Row, int]]:
        """The table's rows with their shares: the bars, then the rows beside them."""
        return [(bar.row, bar.share) for bar in self.bars] + [
            (row, self.share(row.count)) for row in self.aside
        ]

    @cached_property
    def bars(self) -> list[Bar]:
        """Drawn for the chart and listed in its table: worked out once."""
        largest = self.largest or 1
        bars, y = [], 0
        for row in self.rows:
            width = max(round(self.bar_space * row.count / largest), 2) if row.count else 0
            x = (self.bar_space - width) // 2 if self.funnel else 0
            bars.append(
                Bar(
                    row=row,
                    label_y=y + LABEL_HEIGHT - 5,
                    bar_y=y + LABEL_HEIGHT,
                    width=width,
                    number_x=x + max(width, 2) + 6,
                    share=self.share(row.count),
                    x=x,
                )
            )
            y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
        return bars


# Stacked bars: one bar per group (a department), split into the same parts (traffic lights) ---


@dataclass
class Part:
    """One kind of segment of a stacked chart: its column in the table and its legend entry."""

    key: str
    label: str
    tone: str = ""


@dataclass
class Segment:
    part: Part
    count: int
    url: str = ""
    x: int = 0
    width: int = 0


@dataclass
class StackedRow:
    key: str
    label: str
    segments: list[Segment]
    url: str = ""
    label_y: int = 0
    bar_y: int = 0
    number_x: int = 0

    @property
    def total(self) -> int:
        return sum(segment.count for segment in self.segments)


@dataclass
class StackedChart:
    """Bars split into parts, e.g. the traffic lights of each department. Drawn with the same
    tones and patterns as the bar charts, with a legend and the same numbers as a table."""

    slug: str
    title: str
    parts: list[Part]
    rows: list[StackedRow]
    summary: str = ""
    group_label: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(row.total for row in self.rows)

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def height(self) -> int:
        return len(self.rows) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)

    @cached_property
    def bars(self) -> list[StackedRow]:
        largest = max((row.total for row in self.rows), default=0) or 1
        y = 0
        for row in self.rows:
            x = 0
            for segment in row.segments:
                segment.x = x
                segment.width = round(BAR_SPACE * segment.count / largest)
                x += segment.width
            row.label_y, row.bar_y, row.number_x = y + LABEL_HEIGHT - 5, y + LABEL_HEIGHT, x + 6
            y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
        return self.rows

    @property
    def column_totals(self) -> list[int]:
        return [sum(row.segments[i].count for row in self.rows) for i in range(len(self.parts))]


# A network: departments on a circle, their links as lines ----------------------------------

NETWORK_WIDTH = 860  # room on both sides for the departments' names
NETWORK_HEIGHT = 460
NETWORK_RADIUS = 170
NODE_RADIUS = 20


@dataclass
class Node:
    key: int
    label: str  # the department's short name, written next to its circle
    mark: str  # inside the circle: its number (IV) or the first letters of its name
    url: str = ""
    # Coordinates are whole numbers: a template would write a fraction with the reader's
    # decimal comma, which SVG does not read.
    x: int = 0
    y: int = 0
    label_x: int = 0
    label_y: int = 0
    anchor: str = "middle"


@dataclass
class Edge:
    a: Node
    b: Node
    counts: dict  # status -> number of links
    total: int
    strongest: str  # the furthest status any of the links reached (drawn as the line's style)
    width: int = 2
    label_x: int = 0
    label_y: int = 0


def lay_out_network(nodes: list[Node], edges: list[Edge]) -> None:
    """Places the nodes evenly on a circle (first at the top, clockwise) and each edge's
    number at its middle; a line is wider the more links it stands for."""
    centre_x, centre_y, count = NETWORK_WIDTH / 2, NETWORK_HEIGHT / 2, max(len(nodes), 1)
    for index, node in enumerate(nodes):
        angle = 2 * math.pi * index / count - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        node.x = round(centre_x + NETWORK_RADIUS * cos)
        node.y = round(centre_y + NETWORK_RADIUS * sin)
        outside = NETWORK_RADIUS + NODE_RADIUS + 8
        node.label_x = round(centre_x + outside * cos)
        node.label_y = round(centre_y + outside * sin + 5 + (8 * sin if abs(sin) > 0.9 else 0))
        node.anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
    largest = max((edge.total for edge in edges), default=1)
    for edge in edges:
        edge.width = round(2 + 6 * edge.total / largest)
        edge.label_x = round((edge.a.x + edge.b.x) / 2)
        edge.label_y = round((edge.a.y + edge.b.y) / 2)


# A timeline: the cohorts as bars over the months, their workshops as marks -----------------

TIMELINE_WIDTH = 720
TIMELINE_LEFT = 8
LANE_HEIGHT = 76


@dataclass
class Mark:
    label: str  # "Teil 1, Kultur, 12.03.2026"
    part: int
    item: object = None  # what it stands for (a workshop)
    row: int = 0  # one row of marks per department of the cohort, so they do not overlap
    x: int = 0
    y: int = 0


@dataclass
class Lane:
    label: str
    url: str
    start: date | None
    end: date | None
    item: object = None  # what it stands for (a cohort)
    marks: list[Mark] = field(default_factory=list)
    x: int = 0
    width: int = 0
    y: int = 0


@dataclass
class Tick:
    x: int
    label: str


@dataclass
class Timeline:
    lanes: list[Lane]
    first: date | None = None
    last: date | None = None
    today: date | None = None
    ticks: list[Tick] = field(default_factory=list)
    today_x: int | None = None

    @property
    def width(self) -> int:
        return TIMELINE_WIDTH

    @property
    def height(self) -> int:
        return 32 + LANE_HEIGHT * len(self.drawn)

    @property
    def drawn(self) -> list[Lane]:
        """The lanes with a period (a cohort without dates is listed in the table only)."""
        return [lane for lane in self.lanes if lane.start and lane.end]


def lay_out_timeline(timeline: Timeline, marks_at: dict, month_label) -> None:
    """Scales the lanes' periods and their workshops' days to the drawing's width, with a tick
    at the first of each month (every third month when the span is longer than a year)."""
    lanes = timeline.drawn
    if not lanes:
        return
    days = [lane.start for lane in lanes] + [lane.end for lane in lanes] + list(marks_at.values())
    first = min(days).replace(day=1)
    last_day = max(days)
    last = (last_day.replace(day=28) + timedelta(days=4)).replace(day=1)  # the next month's first
    span = (last - first).days or 1
    usable = TIMELINE_WIDTH - 2 * TIMELINE_LEFT

    def x_of(day: date) -> int:
        return round(TIMELINE_LEFT + usable * (day - first).days / span)

    for index, lane in enumerate(lanes):
        lane.y = 32 + index * LANE_HEIGHT
        lane.x = x_of(lane.start)
        lane.width = max(x_of(lane.end) - lane.x, 2)
        for mark in lane.marks:
            mark.x = x_of(marks_at[id(mark)])
            mark.y = lane.y + 44 + 20 * min(mark.row, 1)
    months = (last.year - first.year) * 12 + last.month - first.month
    step = 1 if months <= 12 else 3
    day, ticks = first, []
    while day <= last:
        ticks.append(Tick(x=x_of(day), label=month_label(day)))
        for _month in range(step):
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    timeline.first, timeline.last, timeline.ticks = first, last, ticks
    if timeline.today and first <= timeline.today <= last:
        timeline.today_x = x_of(timeline.today)
