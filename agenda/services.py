"""Writes to the strategy: the central unit (RDS) keeps the active agenda's guiding
principles, fields of action, goals and agenda projects. Every change is validated as stored,
refused when someone else saved the entry meanwhile (optimistic locking, as in the
administration) and recorded in the entry's history with its author."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from access.rights import access_for
from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from core.versioning import StaleEditError, save_versioned  # noqa: F401 (the views catch it)

# The entries that hang on the agenda itself; a goal hangs on its field of action.
ON_THE_AGENDA = (GuidingPrinciple, FieldOfAction, AgendaProject)


def may_maintain_strategy(user) -> bool:
    return access_for(user).is_central


def _ensure_maintains(actor) -> None:
    if not may_maintain_strategy(actor):
        raise PermissionDenied(_("Only the Referat Digitale Stadt maintains the strategy."))


def active_agenda_or_error() -> Agenda:
    agenda = Agenda.objects.active().first()
    if agenda is None:
        raise ValidationError(
            _("No agenda is active. Activate one in the administration before adding to it.")
        )
    return agenda


@transaction.atomic
def strategy_create(*, actor, model, **fields):
    """A new principle, field of action or agenda project of the active agenda, or a new goal
    (of the field of action in ``fields``)."""
    _ensure_maintains(actor)
    if model in ON_THE_AGENDA:
        fields["agenda"] = active_agenda_or_error()
    elif model is Goal and fields.get("field") and fields["field"].agenda.status != "aktiv":
        raise ValidationError({"field": _("Choose a field of action of the active agenda.")})
    entry = model(**fields)
    entry._history_user = actor
    entry.full_clean()
    entry.save()
    return entry


def strategy_update(*, actor, entry, version: int | None, **fields):
    """Change ``entry`` if it is still at ``version`` (:class:`StaleEditError` otherwise)."""
    _ensure_maintains(actor)
    if (
        isinstance(entry, Goal)
        and fields.get("field")
        and fields["field"].agenda_id != (entry.field.agenda_id)
    ):
        raise ValidationError({"field": _("Choose a field of action of the same agenda.")})
    return save_versioned(entry, actor=actor, version=version, **fields)
