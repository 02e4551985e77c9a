"""The spreadsheet types: their address in URLs and commands, their German name, their
definition (a resource) and what a user may export of them (always through the read scope).

The apps that own the data register their types (``register`` in their ``AppConfig.ready()``,
see e.g. ``projects/sheets.py``); this module imports none of them. ``position`` fixes the
order of the import page and the commands' help whatever the order the apps load in."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404

from spreadsheets.resources import SpreadsheetResource


@dataclass(frozen=True)
class SheetType:
    slug: str
    label: str
    resource_class: type[SpreadsheetResource]
    visible: Callable[[object], QuerySet]  # user (None: the shell) -> what they may export
    depends_on: tuple[str, ...] = ()
    position: int = 1000  # the order of the types on the import page, smallest first

    def resource(self, user=None) -> SpreadsheetResource:
        return self.resource_class(user=user)

    def queryset(self, user) -> QuerySet:
        return self.visible(user)


# slug -> type, ordered by position. Filled by the apps' ready(); the same dict object for good,
# so that ``from spreadsheets.registry import TYPES`` sees every registration.
TYPES: dict[str, SheetType] = {}


def register(*sheets: SheetType) -> None:
    for sheet in sheets:
        known = TYPES.get(sheet.slug)
        if known is not None and known.resource_class is not sheet.resource_class:
            raise ImproperlyConfigured(f"Spreadsheet type {sheet.slug!r} is registered twice.")
        TYPES[sheet.slug] = sheet
    ordered = sorted(TYPES.values(), key=lambda sheet: (sheet.position, sheet.slug))
    TYPES.clear()
    TYPES.update((sheet.slug, sheet) for sheet in ordered)


def sheet_type(slug: str) -> SheetType:
    try:
        return TYPES[slug]
    except KeyError:
        raise Http404 from None
