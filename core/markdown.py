"""Markdown that users write (workshop minutes, the handbook), rendered safely.

markdown-it-py renders CommonMark with raw HTML switched off, so ``<script>`` typed into the
text comes out as text; nh3 then keeps only the tags and attributes listed here, which also
removes anything a link or an image could smuggle in (``javascript:`` URLs, event handlers).
Headings get stable ids so a page can list and link them (the handbook's table of contents).
"""

from dataclasses import dataclass

import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "del", "s",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


def _parser() -> MarkdownIt:
    # "js-default" is CommonMark without raw HTML; tables and strikethrough as users expect.
    return MarkdownIt("js-default").enable(["table", "strikethrough"])


def _shift_headings(tokens, top: int) -> list[Heading]:
    """A "# Title" in the text becomes <h{top}> (the page has its own <h1>, a section its
    <h2>), and h2/h3 get ids."""
    headings, used = [], set()
    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "heading_close"):
            continue
        level = min(int(token.tag[1]) + top - 1, 6)
        token.tag = f"h{level}"
        if token.type == "heading_open" and level <= 3:
            text = tokens[index + 1].content
            anchor = base = slugify(text) or "abschnitt"
            suffix = 2
            while anchor in used:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
            used.add(anchor)
            token.attrSet("id", anchor)
            headings.append(Heading(level=level, text=text, anchor=anchor))
    return headings


def render(text: str, *, top: int = 2) -> SafeString:
    """HTML for ``text``; safe to put in a page. ``top``: the level of its "#" headings."""
    return render_with_headings(text, top=top)[0]


def render_with_headings(text: str, *, top: int = 2) -> tuple[SafeString, list[Heading]]:
    """HTML for ``text`` and its h2/h3 headings (for a table of contents)."""
    md = _parser()
    tokens = md.parse(text or "")
    headings = _shift_headings(tokens, top)
    html = md.renderer.render(tokens, md.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean), headings  # noqa: S308 - cleaned by nh3 just above
