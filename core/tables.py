"""The base of every list table: a django-tables2 table whose columns name their heading, cell
and sort key once. The table renders rows it is given; filtering, ordering and pagination stay
with the list's filterset and view (the sort keys are the filterset's ``o`` values), so the
database order follows the indexes the filterset was written for."""

from dataclasses import dataclass

import django_tables2 as tables


class Column(tables.Column):
    """A column with the key its header sorts by (a value of the list's ``o`` parameter), or
    none for a column that does not sort."""

    def __init__(self, *args, sort_key: str | None = None, numeric: bool = False, **kwargs):
        self.sort_key = sort_key
        cell = "kern-table__cell kern-table__cell--numeric" if numeric else "kern-table__cell"
        kwargs.setdefault("attrs", {"th": {"class": "kern-table__cell"}, "td": {"class": cell}})
        super().__init__(*args, orderable=False, **kwargs)  # the filterset orders, not the table


@dataclass(frozen=True)
class Header:
    column: object  # django_tables2 BoundColumn
    label: str
    sort_key: str | None
    next: str | None  # the ``o`` value the header link asks for
    aria_sort: str | None  # "ascending" / "descending" on the sorted column

    @property
    def html_id(self) -> str:
        """A stable id, so that focus stays on the header link after a partial update."""
        return f"sort-{self.column.name}"


class Table(tables.Table):
    """Rows arrive as a list (one page, or everything a print view shows): the table never
    queries or sorts by itself. ``order`` is the current ``o`` value; ``sortable=False``
    renders plain headings (print)."""

    caption: str = ""
    css_class: str = ""  # e.g. widths of this list's columns in app.css

    class Meta:
        template_name = "tables/table.html"
        orderable = False
        default = "–"

    def __init__(self, data, *args, order: str = "", sortable: bool = True, **kwargs):
        super().__init__(list(data), *args, **kwargs)
        self.order = order
        self.sortable = sortable

    @property
    def sorted_by(self) -> tuple[str, bool] | None:
        """The heading of the column the rows are sorted by and whether descending, or None
        for the list's default order."""
        key = self.order.lstrip("-")
        for column in self.columns:
            if key and getattr(column.column, "sort_key", None) == key:
                return column.header, self.order.startswith("-")
        return None

    @property
    def headers(self) -> list[Header]:
        headers = []
        for column in self.columns:
            key = getattr(column.column, "sort_key", None) if self.sortable else None
            state = None
            if key is not None:
                state = (
                    "ascending"
                    if self.order == key
                    else "descending"
                    if self.order == f"-{key}"
                    else None
                )
            headers.append(
                Header(
                    column=column,
                    label=column.header,
                    sort_key=key,
                    next=(f"-{key}" if self.order == key else key) if key else None,
                    aria_sort=state,
                )
            )
        return headers
