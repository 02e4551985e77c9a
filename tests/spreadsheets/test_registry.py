"""The spreadsheet types, as the owning apps register them."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from spreadsheets.registry import TYPES, SheetType, register


def test_types_keep_their_order_on_the_import_page():
    assert list(TYPES) == [
        "dezernate",
        "aemter",
        "leitlinien",
        "handlungsfelder",
        "ziele",
        "agenda-projekte",
        "vorhaben",
        "statusmeldungen",
        "synergien",
        "angebote",
        "bedarfe",
    ]


def test_every_type_depends_only_on_registered_types_listed_before_it():
    order = list(TYPES)
    for slug, sheet in TYPES.items():
        for needed in sheet.depends_on:
            assert order.index(needed) < order.index(slug), (slug, needed)


def test_a_second_definition_under_a_taken_slug_is_refused():
    projects = TYPES["vorhaben"]
    other = SheetType("vorhaben", "Andere", TYPES["dezernate"].resource_class, lambda user: None)
    with pytest.raises(ImproperlyConfigured):
        register(other)
    assert TYPES["vorhaben"] is projects
