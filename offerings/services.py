"""Writes on the offerings catalogue, the projects' links to offerings and the departments'
requests. Each function checks the actor's rights, validates and saves atomically; the pages,
the imports and the demo call these.

Who may do what: the central unit (RDS, administration) maintains the catalogue and answers
requests; whoever may edit a project links it to the offerings it uses; coordinators and staff
ask for an offering for a department they may edit. External partners do none of it: they do
not see offerings at all.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from access.rights import access_for
from access.scope import may_edit
from core.versioning import StaleEditError, save_versioned
from offerings.models import Offering, OfferingRequest
from projects import rules as project_rules

# Which status a request may go to from which (the central unit decides).
REQUEST_TRANSITIONS = {
    OfferingRequest.Status.OPEN: {
        OfferingRequest.Status.CLARIFYING,
        OfferingRequest.Status.DONE,
        OfferingRequest.Status.DECLINED,
    },
    OfferingRequest.Status.CLARIFYING: {
        OfferingRequest.Status.DONE,
        OfferingRequest.Status.DECLINED,
    },
    OfferingRequest.Status.DONE: {OfferingRequest.Status.CLARIFYING},
    OfferingRequest.Status.DECLINED: {OfferingRequest.Status.CLARIFYING},
}
# A request closed this way says why.
ANSWER_REQUIRED = {OfferingRequest.Status.DONE, OfferingRequest.Status.DECLINED}


def may_maintain(user) -> bool:
    """The catalogue and the answers to requests are the central unit's."""
    return access_for(user).is_central


def sees_offerings(user) -> bool:
    access = access_for(user)
    return access.authenticated and not access.is_partner_only


def may_request_for(user, department) -> bool:
    """City staff who may edit the department's workspace ask on its behalf."""
    return sees_offerings(user) and access_for(user).can_edit_department(department.pk)


def _ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _ensure_maintains(actor) -> None:
    _ensure(may_maintain(actor), _("Only the Referat Digitale Stadt maintains the offerings."))


# The catalogue ----------------------------------------------------------------------------


@transaction.atomic
def offering_create(*, actor, **fields) -> Offering:
    _ensure_maintains(actor)
    offering = Offering(**fields)
    offering._history_user = actor
    offering.full_clean()
    offering.save()
    return offering


def offering_update(*, offering: Offering, actor, version: int | None, **fields) -> Offering:
    """Change an offering. ``version`` is the version the editor started from: if the
    offering was saved since, or the version is missing, nothing is saved
    (:class:`StaleEditError`)."""
    _ensure_maintains(actor)
    return save_versioned(offering, actor=actor, version=version, **fields)


# Projects using an offering ----------------------------------------------------------------


def _ensure_links_project(actor, project, offering) -> None:
    _ensure(
        sees_offerings(actor) and may_edit(actor, project),
        _("You may not change which offerings this project uses."),
    )
    if not Offering.objects.visible_to(actor).filter(pk=offering.pk).exists():
        raise ValidationError({"offering": _("Choose among the offered entries.")})
    if problems := project_rules.project_change_problems(project):
        raise ValidationError(problems)


@transaction.atomic
def project_offering_link(*, project, offering: Offering, actor) -> None:
    """Record that ``project`` uses ``offering`` (whoever may edit the project). Linking
    twice changes nothing; a discontinued offering takes no new projects."""
    _ensure_links_project(actor, project, offering)
    if offering.projects.filter(pk=project.pk).exists():
        return
    if offering.is_discontinued:
        raise ValidationError(
            {"offering": _("This offering has been discontinued and takes no new projects.")}
        )
    offering.projects.add(project)


@transaction.atomic
def project_offering_unlink(*, project, offering: Offering, actor) -> None:
    _ensure_links_project(actor, project, offering)
    offering.projects.remove(project)


# Requests ---------------------------------------------------------------------------------


@transaction.atomic
def offering_request_create(*, actor, offering: Offering, department, note: str) -> OfferingRequest:
    """A department asks for ``offering``; ``actor`` must be able to edit its workspace."""
    _ensure(
        may_request_for(actor, department),
        _("You may ask for offerings only on behalf of your own department."),
    )
    if not Offering.objects.visible_to(actor).filter(pk=offering.pk).exists():
        raise PermissionDenied(_("You may not see this offering."))
    if offering.is_discontinued:
        raise ValidationError(_("This offering has been discontinued; it cannot be requested."))
    request = OfferingRequest(
        offering=offering, department=department, note=(note or "").strip(), requested_by=actor
    )
    request._history_user = actor
    request.full_clean()
    request.save()
    return request


def request_transition_problems(current: str, wanted: str, answer: str) -> dict:
    """Why a request may not go from ``current`` to ``wanted`` with ``answer``."""
    errors = {}
    if wanted not in OfferingRequest.Status.values:
        errors["status"] = [_("Choose a status from the list.")]
    elif wanted != current and wanted not in REQUEST_TRANSITIONS.get(current, ()):
        errors["status"] = [
            _("A request cannot go from “%(current)s” to “%(wanted)s”.")
            % {
                "current": OfferingRequest.Status(current).label,
                "wanted": OfferingRequest.Status(wanted).label,
            }
        ]
    if wanted in ANSWER_REQUIRED and not (answer or "").strip():
        errors["answer"] = [_("Tell the department the outcome: write an answer.")]
    return errors


@transaction.atomic
def offering_request_answer(
    *, offering_request: OfferingRequest, actor, version: int | None, status: str, answer: str
) -> OfferingRequest:
    """The central unit answers a request and sets its status (see REQUEST_TRANSITIONS)."""
    _ensure(
        may_maintain(actor), _("Only the Referat Digitale Stadt answers requests for offerings.")
    )
    locked = OfferingRequest.objects.select_for_update().get(pk=offering_request.pk)
    if version is None or locked.version != version:
        raise StaleEditError(current=locked)
    answer = (answer or "").strip()
    if errors := request_transition_problems(locked.status, status, answer):
        raise ValidationError(errors)
    if (locked.status, locked.answer) == (status, answer):
        raise ValidationError(_("Nothing has changed."))
    locked.status = status
    locked.answer = answer
    locked.answered_by = actor
    locked.answered_at = timezone.now()
    locked._history_user = actor
    locked.full_clean()
    locked.version += 1
    locked.save()
    return locked
