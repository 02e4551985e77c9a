"""Writes on the needs register. Each function checks the actor's rights (the workspace scope,
``access.scope.may_edit``), validates and saves atomically; the pages, and the conversions of
intake answers and workshop results, call these and nothing else to change a need.

Links are chosen among what the actor may name (:func:`offered`): projects of the need's
department the actor sees, offerings (not for external partners, who never see them), the
department's workshops, and as owner a member of the department or of the Referat. An id from
elsewhere is refused, never stored; links the actor cannot see (a confidential project) stay
as they are when the actor saves.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access.scope import may_edit
from core.versioning import StaleEditError
from needs import rules
from needs.models import Need
from offerings.models import Offering
from offerings.services import sees_offerings
from projects.models import Project
from workshops.models import Workshop

LINKS = ("offering", "workshop", "owner")


def offered(name: str, *, actor, department):
    """What ``actor`` may link a need of ``department`` to through the field ``name``."""
    if name == "projects":
        return Project.objects.visible_to(actor).filter(
            department=department, archived_at__isnull=True
        )
    if name == "offering":  # a discontinued offering is no answer to a new need
        return Offering.objects.visible_to(actor).exclude(status=Offering.Status.DISCONTINUED)
    if name == "workshop":
        return Workshop.objects.visible_to(actor).filter(department=department)
    if name == "owner":
        return rules.owner_choices(department.pk)
    raise ValueError(name)


def kept_projects(need: Need, *, actor) -> list[Project]:
    """The projects of ``need`` that ``actor`` cannot name (confidential, archived), which a
    save by ``actor`` keeps."""
    if need.pk is None:
        return []
    named = offered("projects", actor=actor, department=need.department)
    return list(need.projects.exclude(pk__in=named.values("pk")))


def _ensure_can_create_in(actor, department) -> None:
    if not may_edit(actor, Need(department=department)):
        raise PermissionDenied(_("You may not add needs to this workspace."))


def _ensure_can_edit(actor, need: Need) -> None:
    if not may_edit(actor, need):
        raise PermissionDenied(_("You may not change this need."))


def _pk(value):
    return getattr(value, "pk", value)


def _ensure_offered(actor, department, fields: dict, projects, *, current: Need | None) -> None:
    """Every link is among the offered ones; a link that stays as it is needs no check."""
    errors = {}
    for name in LINKS:
        value = _pk(fields.get(name))
        if value is None or (current is not None and getattr(current, f"{name}_id") == value):
            continue
        if not offered(name, actor=actor, department=department).filter(pk=value).exists():
            errors[name] = [_("Choose among the offered entries.")]
    if projects:
        wanted = {_pk(project) for project in projects}
        named = offered("projects", actor=actor, department=department)
        if wanted - set(named.filter(pk__in=wanted).values_list("pk", flat=True)):
            errors["projects"] = [
                _("Choose among the projects and processes of the department that you see.")
            ]
    if errors:
        raise ValidationError(errors)


def _keep_offering_unseen_by(actor, fields: dict, current: Need | None) -> None:
    """External partners do not see offerings: what they save leaves the link as it is."""
    unseen = "offering" in fields and not sees_offerings(actor)
    if unseen and (fields["offering"] is None or current is not None):
        fields.pop("offering")


@transaction.atomic
def need_create(*, actor, department, projects=(), reason: str = "", **fields) -> Need:
    """Add a need to ``department``'s register. ``reason`` is what the history says the entry
    came from (say, the intake)."""
    _ensure_can_create_in(actor, department)
    fields = dict(fields)
    _keep_offering_unseen_by(actor, fields, None)
    _ensure_offered(actor, department, fields, projects, current=None)
    need = Need(department=department, created_by=actor, **fields)
    need._history_user = actor
    if reason:
        need._change_reason = reason
    need.full_clean()
    need.save()
    need.projects.set([_pk(project) for project in projects])
    return need


@transaction.atomic
def need_update(
    *, need: Need, actor, version: int | None, projects=None, reason: str = "", **fields
) -> Need:
    """Change a need's description and links. ``version`` is the version the editor started
    from: if the need was saved since, or the version is missing, nothing is saved
    (:class:`StaleEditError`). The status changes through :func:`need_set_status` only;
    ``projects`` None leaves the projects as they are."""
    _ensure_can_edit(actor, need)
    locked = Need.objects.select_for_update().select_related("department").get(pk=need.pk)
    if version is None or locked.version != version:
        raise StaleEditError(current=locked)
    fields = dict(fields)
    fields.pop("department", None)  # moving a need between workspaces is not an edit
    for name in ("status", "status_reason"):
        if name in fields and fields.pop(name) != getattr(locked, name):
            raise ValidationError(
                {"status": _("Change the status on its own page, with a reason.")}
            )
    _keep_offering_unseen_by(actor, fields, locked)
    _ensure_offered(actor, locked.department, fields, projects, current=locked)
    owner_before = locked.owner_id
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    if reason:
        locked._change_reason = reason
    locked.full_clean()
    if locked.owner_id != owner_before and (problems := rules.owner_problems(locked)):
        raise ValidationError(problems)
    locked.version += 1
    locked.save()
    if projects is not None:
        kept = kept_projects(locked, actor=actor)
        locked.projects.set([*(_pk(project) for project in projects), *kept])
    return locked


@transaction.atomic
def need_set_status(*, need: Need, actor, version: int | None, status: str, reason: str) -> Need:
    """Move a need along :data:`needs.rules.TRANSITIONS`: solved and cannot-be-solved say why,
    and so does reopening a closed need. The reason is kept with the need and in its
    history."""
    _ensure_can_edit(actor, need)
    locked = Need.objects.select_for_update().get(pk=need.pk)
    if version is None or locked.version != version:
        raise StaleEditError(current=locked)
    reason = " ".join((reason or "").split())
    if status == locked.status:
        raise ValidationError({"status": _("The need has this status already.")})
    if status not in Need.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if problems := rules.status_change_problems(locked.status, status, reason):
        raise ValidationError(problems)
    locked.status = status
    locked.status_reason = reason
    locked._history_user = actor
    locked._change_reason = reason or _("status changed")
    locked.full_clean()
    locked.version += 1
    locked.save()
    return locked
