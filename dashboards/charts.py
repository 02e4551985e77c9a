"""Charts drawn on the server as SVG (no canvas, no script): a chart is its title, its summary
in words and its rows, and the template draws the bars and prints the same rows as a table
(``templates/dashboards/_bar_chart.html``). Colours never carry meaning alone: each tone has
its own pattern as well, and every bar is labelled with its name and number."""

from dataclasses import dataclass, field
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

    @cached_property
    def bars(self) -> list[Bar]:
        """Drawn for the chart and listed in its table: worked out once."""
        largest = self.largest or 1
        bars, y = [], 0
        for row in self.rows:
            width = round(BAR_SPACE * row.count / largest) if row.count else 0
            bars.append(
                Bar(
                    row=row,
                    label_y=y + LABEL_HEIGHT - 5,
                    bar_y=y + LABEL_HEIGHT,
                    width=max(width, 2) if row.count else 0,
                    number_x=max(width, 2) + 6,
                    share=round(100 * row.count / self.total) if self.total else 0,
                )
            )
            y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
        return bars
