"""Workshop templates (Workshopvorlagen): the standard of each part of the series, kept in
versions like the intake's questionnaire. The central unit edits a draft (its fields and its
agenda); publishing freezes it, and cohorts planned afterwards use it. A published version
never changes (these services refuse it, and so do the models); a change is a new draft,
started as a copy of the newest published version.

The German defaults ship in ``fixtures/workshopvorlagen.json`` and are loaded by
``manage.py load_workshop_templates`` (part of the set-up and the demo data).
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from workshops import rights
from workshops.models import (
    AgendaItem,
    FrozenTemplateError,
    Part,
    TemplateVersion,
    WorkshopTemplate,
)

DEFAULTS = Path(settings.BASE_DIR) / "fixtures" / "workshopvorlagen.json"

# What a version's form and the services may change; the rest is the service's to set.
VERSION_FIELDS = (
    "title",
    "goal",
    "methods",
    "guiding_questions",
    "expected_results",
    "materials",
    "change_note",
)
AGENDA_ITEM_FIELDS = ("title", "duration_minutes", "method", "description")


# --- who may, and on what ------------------------------------------------------------------


def _ensure_plans(actor) -> None:
    if not rights.may_plan(actor):
        raise PermissionDenied(_("Only the central unit maintains the workshop templates."))


def _ensure_draft(version: TemplateVersion) -> None:
    """As stored, not as the caller's copy says: a version published meanwhile is frozen."""
    state = TemplateVersion.objects.filter(pk=version.pk).values_list("state", flat=True)
    if state.first() != TemplateVersion.State.DRAFT:
        raise FrozenTemplateError()


def _only(fields: dict, allowed: tuple) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(unknown)}
        )


def _next_position(version) -> int:
    return (version.agenda_items.aggregate(p=Max("position"))["p"] or 0) + 1


# --- versions ------------------------------------------------------------------------------


def newest_published(template: WorkshopTemplate) -> TemplateVersion | None:
    return template.versions.published().order_by("-number").first()


@transaction.atomic
def template_draft_start(*, template: WorkshopTemplate, actor) -> TemplateVersion:
    """A new draft, numbered next: a copy of the newest published version (its fields and
    agenda), or an empty one if nothing is published yet. A template has one draft at most.
    ``template`` may be unsaved (a part that has no template yet): it is created then."""
    _ensure_plans(actor)
    if template.pk is None:
        template.full_clean(validate_unique=False)
        template, _created = WorkshopTemplate.objects.get_or_create(part=template.part)
    template = WorkshopTemplate.objects.select_for_update().get(pk=template.pk)
    if template.versions.filter(state=TemplateVersion.State.DRAFT).exists():
        raise ValidationError(_("This template has a draft already; edit that one."))
    source = newest_published(template)
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = TemplateVersion(template=template, number=number, based_on=source)
    if source is None:
        draft.title = _("Workshop %(part)s") % {"part": template.get_part_display()}
    else:
        for name in VERSION_FIELDS:
            setattr(draft, name, getattr(source, name))
        draft.change_note = ""
    draft.full_clean()
    draft.save()
    if source is not None:
        AgendaItem.objects.bulk_create(
            AgendaItem(
                version=draft,
                position=item.position,
                title=item.title,
                duration_minutes=item.duration_minutes,
                method=item.method,
                description=item.description,
            )
            for item in source.agenda_items.all()
        )
    return draft


@transaction.atomic
def template_version_update(*, version: TemplateVersion, actor, **fields) -> TemplateVersion:
    """Change a draft's fields (title, goal, methods, guiding questions, expected results,
    materials, change note)."""
    _ensure_plans(actor)
    _only(fields, VERSION_FIELDS)
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


def publication_problems(version: TemplateVersion) -> list[str]:
    """What keeps a draft from being published."""
    problems = []
    if not version.title.strip():
        problems.append(_("The template has no title."))
    if not version.agenda_items.exists():
        problems.append(_("The agenda has no items yet."))
    return problems


@transaction.atomic
def template_publish(*, version: TemplateVersion, actor, change_note: str = "") -> TemplateVersion:
    """Freeze the draft. Cohorts planned from now on use it; workshops planned before keep
    the version they were planned with, and the previous published version stays as it was.
    A version based on another one says what changed."""
    _ensure_plans(actor)
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(locked)
    locked.change_note = " ".join((change_note or "").split()) or locked.change_note
    if problems := publication_problems(locked):
        raise ValidationError(problems)
    if locked.based_on_id is not None and not locked.change_note:
        raise ValidationError(
            {"change_note": _("Say in a sentence what changed compared with the previous version.")}
        )
    locked.state = TemplateVersion.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def template_draft_discard(*, version: TemplateVersion, actor) -> WorkshopTemplate:
    """Delete a draft with its agenda; the published versions stay."""
    _ensure_plans(actor)
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(locked)
    template = locked.template
    locked.delete()
    return template


# --- the agenda of a draft -----------------------------------------------------------------


@transaction.atomic
def agenda_item_add(*, version: TemplateVersion, actor, **fields) -> AgendaItem:
    """A new item at the end of the draft's agenda."""
    _ensure_plans(actor)
    _only(fields, AGENDA_ITEM_FIELDS)
    locked = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(locked)
    item = AgendaItem(version=locked, position=_next_position(locked), **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, actor, **fields) -> AgendaItem:
    _ensure_plans(actor)
    _only(fields, AGENDA_ITEM_FIELDS)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _ensure_draft(locked.version)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor) -> None:
    """Remove an item; the ones after it move up."""
    _ensure_plans(actor)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    version = locked.version
    _ensure_draft(version)
    locked.delete()
    _renumber(list(version.agenda_items.order_by("position", "pk")))


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, actor, up: bool) -> None:
    """Swap an item with its neighbour above or below (the first stays first going up)."""
    _ensure_plans(actor)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _ensure_draft(locked.version)
    siblings = list(locked.version.agenda_items.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == locked.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    _renumber(siblings)


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# --- the defaults that ship ----------------------------------------------------------------


@transaction.atomic
def load_default_templates(path: Path = DEFAULTS) -> list[tuple[WorkshopTemplate, bool]]:
    """The German default templates of Teil 1–3 from ``path``, each published as version 1.
    A template that has any version already is left alone (the central unit may have
    changed it in the app). Returns each part's template and whether it was loaded."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    done = []
    for entry in data["templates"]:
        part = Part(entry["part"])
        template, _created = WorkshopTemplate.objects.get_or_create(part=part)
        if template.versions.exists():
            done.append((template, False))
            continue
        version = TemplateVersion(
            template=template,
            number=1,
            **{name: _text(entry.get(name, "")) for name in VERSION_FIELDS},
        )
        version.full_clean()
        version.save()
        for position, item in enumerate(entry["agenda"], start=1):
            agenda_item = AgendaItem(
                version=version,
                position=position,
                title=item["title"],
                duration_minutes=item["duration_minutes"],
                method=item.get("method", ""),
                description=_text(item.get("description", "")),
            )
            agenda_item.full_clean()
            agenda_item.save()
        if problems := publication_problems(version):
            raise ValueError("; ".join(problems))
        version.state = TemplateVersion.State.PUBLISHED
        version.published_at = timezone.now()
        version.save()
        done.append((template, True))
    return done


def _text(value) -> str:
    """A JSON string, or a list of lines (guiding questions, materials) joined by newlines."""
    if isinstance(value, list):
        return "\n".join(str(line).strip() for line in value)
    return str(value).strip()


# --- reads for the pages -------------------------------------------------------------------


def template_overview() -> list[dict]:
    """Each part with its template (None before there is one), its newest published version
    and its draft."""
    templates = {template.part: template for template in WorkshopTemplate.objects.all()}
    versions = TemplateVersion.objects.select_related("published_by").order_by("-number")
    rows = []
    for part in Part:
        template = templates.get(part.value)
        mine = [v for v in versions if template and v.template_id == template.pk]
        rows.append(
            {
                "part": part,
                "template": template,
                "published": next((v for v in mine if v.is_published), None),
                "draft": next((v for v in mine if v.is_draft), None),
                "count": len(mine),
            }
        )
    return rows


def template_versions(template: WorkshopTemplate) -> list[TemplateVersion]:
    return list(
        template.versions.select_related("published_by", "based_on")
        .annotate(workshop_count=Count("workshops"))
        .order_by("-number")
    )


def duration_label(minutes: int) -> str:
    """3 Std. 10 Min., 45 Min."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
