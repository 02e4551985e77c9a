"""The list table base (core.tables): columns in declared order, cells, dashes for empty
values, and sort headings with their state."""

from types import SimpleNamespace

from core.tables import Column, Table


class _Table(Table):
    name = Column("Name", sort_key="name")
    place = Column("Place", accessor="place.title")
    size = Column("Size", sort_key="size", numeric=True)

    def render_size(self, value, record):
        return f"{value} m²"


def _record(name, place=None, size=None):
    return SimpleNamespace(name=name, place=SimpleNamespace(title=place) if place else None,
                           size=size)  # fmt: skip


def test_cells_follow_the_declared_columns_and_dash_empty_values():
    table = _Table([_record("A", "Markt", 12), _record("B")])
    assert [[cell.content for cell in row] for row in table.body] == [
        ["A", "Markt", "12 m²"],
        ["B", "–", "–"],
    ]
    assert table.body[0][2].css == "kern-table__cell kern-table__cell--numeric"


def test_headings_link_to_the_next_order_and_say_the_current_one():
    headers = _Table([], order="-size").headers
    assert [(h.label, h.sort_key, h.next, h.aria_sort) for h in headers] == [
        ("Name", "name", "name", None),
        ("Place", None, None, None),
        ("Size", "size", "size", "descending"),
    ]
    assert _Table([], order="-size").sorted_by == ("Size", True)


def test_excluded_column_and_plain_headings_for_print():
    table = _Table([_record("A")], exclude=("place",), sortable=False, order="name")
    assert [h.label for h in table.headers] == ["Name", "Size"]
    assert all(h.sort_key is None for h in table.headers)
    assert table.sorted_by == ("Name", False)
