"""Writes of the handbook. Only the central unit (RDS, administration) writes; every page
and every form calls these, and the loader of the shipped text calls the unchecked
:func:`create_page_with_first_version` below them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from access.rights import access_for
from core.versioning import StaleEditError
from handbook.models import HandbookPage, HandbookPageVersion

# Words of the handbook's own addresses (/handreichung/neu/ ...), which no page may take.
RESERVED_SLUGS = frozenset({"neu", "drucken"})


def _ensure_central(actor) -> None:
    if not access_for(actor).is_central:
        raise PermissionDenied(_("Only the Referat Digitale Stadt may do this."))


def _normalised(body: str) -> str:
    """Line ends as one character (browsers send CR LF), no trailing blank lines."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_version(version: HandbookPageVersion) -> None:
    version.full_clean(exclude=["page"])


def create_page_with_first_version(
    *, title: str, slug: str, step: str, body: str, change_note: str, author=None
) -> HandbookPage:
    """A new page at the end of the handbook with its version 1 (no rights checked: for the
    loader and :func:`page_create`)."""
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is reserved. Choose another one.")})
    last = HandbookPage.objects.aggregate(last=Max("order"))["last"] or 0
    page = HandbookPage(title=title, slug=slug, step=step or "", order=last + 1)
    page.full_clean()
    page.save()
    version = HandbookPageVersion(
        page=page,
        number=1,
        title=title,
        body=_normalised(body),
        change_note=change_note,
        author=author,
    )
    _check_version(version)
    version.save()
    return page


@transaction.atomic
def page_create(
    *, actor, title: str, slug: str, step: str = "", body: str, change_note: str
) -> HandbookPage:
    _ensure_central(actor)
    return create_page_with_first_version(
        title=title, slug=slug, step=step, body=body, change_note=change_note, author=actor
    )


@transaction.atomic
def page_revise(
    *,
    page: HandbookPage,
    actor,
    body: str,
    change_note: str,
    title: str | None = None,
    based_on: int | None = None,
) -> HandbookPageVersion:
    """Add a version to ``page``. ``based_on`` is the number of the version the editor
    started from: if a newer one was saved since, nothing is saved (:class:`StaleEditError`)."""
    _ensure_central(actor)
    body = _normalised(body)
    page = HandbookPage.objects.select_for_update().get(pk=page.pk)
    current = page.versions.order_by("-number").first()
    if based_on is not None and current is not None and current.number != based_on:
        raise StaleEditError(current)
    title = page.title if title is None else title
    if current is not None and (current.title, current.body) == (title, body):
        raise ValidationError({"body": _("Nothing has changed: the text is the same.")})
    version = HandbookPageVersion(
        page=page,
        number=(current.number + 1) if current else 1,
        title=title,
        body=body,
        change_note=change_note,
        author=actor,
    )
    _check_version(version)
    version.save()
    if page.title != title:
        page.title = title
        page.full_clean()
        page.save(update_fields=["title"])
    return version


@transaction.atomic
def page_move(*, actor, page: HandbookPage, up: bool) -> None:
    """Swap ``page`` with its neighbour above or below in the handbook's order."""
    _ensure_central(actor)
    pages = list(HandbookPage.objects.select_for_update().order_by("order", "pk"))
    index = next(i for i, other in enumerate(pages) if other.pk == page.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(pages):
        raise ValidationError(
            _("The page is the first one already.") if up else _("The page is the last one.")
        )
    pages[index], pages[other] = pages[other], pages[index]
    for order, each in enumerate(pages, start=1):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])
