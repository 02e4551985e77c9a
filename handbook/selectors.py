"""Reads of the handbook: the table of contents, a page with its current version, the
versions of a page and a version compared with its predecessor. Every logged-in user reads
the handbook (it explains the process and holds no workspace data)."""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString, mark_safe

from core.markdown import Heading, render_with_headings
from handbook.models import HandbookPage, HandbookPageVersion


@dataclass
class Entry:
    """A page as the table of contents and the page view show it: its current version,
    rendered, with its headings."""

    page: HandbookPage
    version: HandbookPageVersion | None
    html: SafeString = field(default_factory=lambda: mark_safe(""))
    headings: list[Heading] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def toc(self) -> list[tuple[Heading, list[Heading]]]:
        """The page's h2 headings, each with the h3 headings below it."""
        tree: list[tuple[Heading, list[Heading]]] = []
        for heading in self.headings:
            if heading.level == 2 or not tree:
                tree.append((heading, []))
            else:
                tree[-1][1].append(heading)
        return tree


def _entry(page: HandbookPage, version: HandbookPageVersion | None) -> Entry:
    html, headings = render_with_headings(version.body if version else "")
    return Entry(page=page, version=version, html=html, headings=headings)


def handbook_toc() -> list[Entry]:
    """Every page in order with its current version and headings (two queries)."""
    latest = HandbookPageVersion.objects.filter(page=OuterRef("pk")).order_by("-number")
    pages = list(
        HandbookPage.objects.order_by("order", "pk").annotate(
            current_id=Subquery(latest.values("pk")[:1])
        )
    )
    versions = HandbookPageVersion.objects.select_related("author").in_bulk(
        [page.current_id for page in pages if page.current_id]
    )
    return [_entry(page, versions.get(page.current_id)) for page in pages]


def _prefixed_ids(html: SafeString, prefix: str) -> SafeString:
    """The heading ids of one page made unique on the page that shows every page (the HTML
    was cleaned before; only the id attributes change)."""
    return mark_safe(re.sub(r' id="([^"]+)"', rf' id="{prefix}-\1"', html))  # noqa: S308


def handbook_print() -> list[Entry]:
    """Every page for the print view, heading ids prefixed with the page's slug."""
    entries = handbook_toc()
    for entry in entries:
        entry.html = _prefixed_ids(entry.html, entry.page.slug)
    return entries


def page_get(*, slug: str) -> HandbookPage:
    return get_object_or_404(HandbookPage, slug=slug)


def page_with_neighbours(*, slug: str) -> tuple[Entry, HandbookPage | None, HandbookPage | None]:
    """A page's entry and the pages before and after it."""
    pages = list(HandbookPage.objects.order_by("order", "pk").only("pk", "slug", "title"))
    index = next((i for i, page in enumerate(pages) if page.slug == slug), None)
    if index is None:
        page_get(slug=slug)  # 404
    page = HandbookPage.objects.get(pk=pages[index].pk)
    version = page.versions.select_related("author").order_by("-number").first()
    previous = pages[index - 1] if index > 0 else None
    following = pages[index + 1] if index + 1 < len(pages) else None
    return _entry(page, version), previous, following


def current_version(page: HandbookPage) -> HandbookPageVersion | None:
    return page.versions.select_related("author").order_by("-number").first()


def version_list(page: HandbookPage):
    return page.versions.select_related("author").order_by("-number")


def version_get(*, page: HandbookPage, number: int) -> HandbookPageVersion:
    return get_object_or_404(page.versions.select_related("author"), number=number)


def version_diff(version: HandbookPageVersion) -> list[tuple[str, str]] | None:
    """The lines of ``version`` compared with the version before it, as (kind, text) with
    kind "added", "removed" or "same"; None for a first version. The template escapes the
    text."""
    previous = version.page.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return None
    old = [f"# {previous.title}", "", *previous.body.splitlines()]
    new = [f"# {version.title}", "", *version.body.splitlines()]
    kinds = {"+": "added", "-": "removed", " ": "same"}
    return [
        (kinds[line[0]], line[2:])
        for line in difflib.ndiff(old, new)
        if line[:1] in kinds  # "?" lines are ndiff's hints within a line
    ]


def step_links() -> dict[str, HandbookPage]:
    """Step → the page that explains it (for ``{% handbook_link %}``), in one query."""
    pages = HandbookPage.objects.exclude(step="").only("slug", "title", "step")
    return {page.step: page for page in pages}
