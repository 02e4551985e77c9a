"""Writes on projects and status updates. Each function checks the actor's rights, validates,
and saves atomically; views call these and nothing else to change data."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from access.rights import access_for
from access.scope import may_edit
from core.versioning import StaleEditError
from organisation.models import Department
from projects import links, rules
from projects.models import Project, StatusUpdate

M2M_FIELDS = links.MANY


def _split_m2m(fields: dict) -> tuple[dict, dict]:
    m2m = {name: fields.pop(name) for name in M2M_FIELDS if name in fields}
    return fields, m2m


def _ensure_can_create_in(actor, department: Department) -> None:
    if not may_edit(actor, Project(department=department)):
        raise PermissionDenied(_("You may not edit projects of this department."))


def _ensure_can_edit_project(actor, project: Project) -> None:
    """The rule of the edit scope: a project the actor may not see (a confidential one, for an
    external contributor) is not editable either, whatever their role in the department."""
    if not may_edit(actor, project):
        raise PermissionDenied(_("You may not edit this project."))


def _ensure_links_are_offered(actor, fields: dict, m2m: dict) -> None:
    """Links are chosen among what the actor may name (see ``projects.links``); an id from
    elsewhere (another department's office for a partner) is refused, not stored."""
    errors = {}
    for name, values in [*m2m.items(), *((n, [fields[n]]) for n in links.ONE if fields.get(n))]:
        wanted = {getattr(value, "pk", value) for value in values}
        allowed = set(
            links.offered(name, actor=actor).filter(pk__in=wanted).values_list("pk", flat=True)
        )
        if wanted - allowed:
            errors[name] = _("Choose among the offered entries.")
    if errors:
        raise ValidationError(errors)


def _merge_links(project: Project, actor, fields: dict, m2m: dict) -> dict:
    """What a save by ``actor`` sets: the chosen links plus those it cannot name. An emptied
    agenda project the actor cannot name (of an archived agenda) stays too."""
    merged = {
        name: [*values, *links.kept(project, name, actor=actor)] for name, values in m2m.items()
    }
    for name in links.ONE:
        if name in fields and fields[name] is None:
            current = getattr(project, f"{name}_id")
            if current and not links.offered(name, actor=actor).filter(pk=current).exists():
                fields.pop(name)
    return merged


def _ensure_partner_keeps_it_visible(actor, fields: dict) -> None:
    """External partners never see confidential projects, so they cannot make one."""
    if fields.get("confidential") and access_for(actor).is_partner_only:
        raise ValidationError(
            {"confidential": _("External partners cannot mark a project as confidential.")}
        )


@transaction.atomic
def project_create(*, actor, department: Department, reason: str = "", **fields) -> Project:
    """``reason`` is what the history says the change came from (say, the intake)."""
    _ensure_can_create_in(actor, department)
    fields, m2m = _split_m2m(dict(fields))
    _ensure_partner_keeps_it_visible(actor, fields)
    _ensure_links_are_offered(actor, fields, m2m)
    project = Project(department=department, created_by=actor, **fields)
    project._history_user = actor  # recorded as the author of the change, also outside requests
    if reason:
        project._change_reason = reason
    project.full_clean()
    project.save()
    for name, values in m2m.items():
        getattr(project, name).set(values)
    return project


@transaction.atomic
def project_update(
    *, project: Project, actor, version: int | None, reason: str = "", **fields
) -> Project:
    """Change a project. ``version`` is the version the editor started from; if the project
    was saved since, or the version is missing, the change is refused with
    :class:`StaleEditError`. Links the actor cannot name are kept (see ``projects.links``)."""
    _ensure_can_edit_project(actor, project)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if version is None or locked.version != version:
        raise StaleEditError(current=locked)
    if problems := rules.project_change_problems(locked):
        raise ValidationError(problems)
    fields, m2m = _split_m2m(dict(fields))
    fields.pop("department", None)  # moving a project between workspaces is not an edit
    _ensure_partner_keeps_it_visible(actor, fields)
    _ensure_links_are_offered(actor, fields, m2m)
    m2m = _merge_links(locked, actor, fields, m2m)
    # Apply the change to the row as it is now, so that values written meanwhile by others
    # (a status update's progress, say) are not overwritten with what the caller last read.
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    if reason:
        locked._change_reason = reason
    locked.full_clean()
    locked.version += 1
    locked.save()
    for name, values in m2m.items():
        getattr(locked, name).set(values)
    return locked


def _set_archived(*, project: Project, actor, archived: bool) -> Project:
    _ensure_can_edit_project(actor, project)
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if (locked.archived_at is not None) != archived:
        locked._history_user = actor
        locked.archived_at = timezone.now() if archived else None
        locked.version += 1
        locked.save(update_fields=["archived_at", "version", "updated_at"])
    project.archived_at, project.version = locked.archived_at, locked.version
    return locked


@transaction.atomic
def project_archive(*, project: Project, actor) -> Project:
    return _set_archived(project=project, actor=actor, archived=True)


@transaction.atomic
def project_restore(*, project: Project, actor) -> Project:
    return _set_archived(project=project, actor=actor, archived=False)


def carry_latest_status(*, project_ids) -> None:
    """Copy each project's latest status update (date, traffic light, progress) onto the
    project, so that lists can show and filter by it; one UPDATE for any number of projects.
    Used for updates entered in the app and for imported ones."""
    latest = (
        StatusUpdate.objects.current()
        .filter(project=OuterRef("pk"))
        .order_by("-reported_on", "-created_at", "-pk")
    )
    # Without a valid report (all withdrawn): no traffic light, and the progress the project
    # had before its first report, where that is known.
    first = (
        StatusUpdate.objects.filter(project=OuterRef("pk"), progress_before__isnull=False)
        .order_by("reported_on", "created_at", "pk")
        .values("progress_before")[:1]
    )
    Project.objects.filter(pk__in=project_ids).update(
        last_reported_on=Subquery(latest.values("reported_on")[:1]),
        traffic_light=Coalesce(Subquery(latest.values("traffic_light")[:1]), Value("")),
        progress=Coalesce(Subquery(latest.values("progress")[:1]), Subquery(first), F("progress")),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


@transaction.atomic
def status_update_create(*, project: Project, actor, **fields) -> StatusUpdate:
    """Record a status update and carry its date, traffic light and progress over to the
    project, so lists can show and filter by the latest state."""
    _ensure_can_edit_project(actor, project)
    update = StatusUpdate(project=project, author=actor, progress_before=project.progress, **fields)
    update._history_user = actor
    update.full_clean()
    update.save()
    carry_latest_status(project_ids=[project.pk])
    project.refresh_from_db(
        fields=["last_reported_on", "traffic_light", "progress", "version", "updated_at"]
    )
    return update


def _ensure_report_may_change(actor, update: StatusUpdate) -> None:
    _ensure_can_edit_project(actor, update.project)
    if problems := rules.status_update_change_problems(update):
        raise ValidationError(problems)


def _refresh_latest(update: StatusUpdate) -> None:
    carry_latest_status(project_ids=[update.project_id])
    update.project.refresh_from_db(
        fields=["last_reported_on", "traffic_light", "progress", "version", "updated_at"]
    )


@transaction.atomic
def status_update_correct(*, update: StatusUpdate, actor, **fields) -> StatusUpdate:
    """Its author corrects a status update within ``STATUS_UPDATE_CORRECTION_MINUTES``."""
    locked = StatusUpdate.objects.select_for_update().select_related("project").get(pk=update.pk)
    _ensure_report_may_change(actor, locked)
    if not locked.is_correctable_by(actor):
        raise PermissionDenied(
            _(
                "Only its author may correct a status update, and only shortly after saving it. "
                "Withdraw a wrong one instead."
            )
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    locked._change_reason = _("corrected by its author")
    locked.full_clean()
    locked.save()
    _refresh_latest(locked)
    return locked


@transaction.atomic
def status_update_withdraw(*, update: StatusUpdate, actor, reason: str) -> StatusUpdate:
    """Withdraw a wrong status update: it stays, marked with who withdrew it and why, and the
    project's latest valid report counts again."""
    locked = StatusUpdate.objects.select_for_update().select_related("project").get(pk=update.pk)
    _ensure_report_may_change(actor, locked)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the status update is withdrawn.")})
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.withdrawal_reason = reason[:500]
    locked._history_user = actor
    locked._change_reason = _("withdrawn")
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    _refresh_latest(locked)
    return locked
