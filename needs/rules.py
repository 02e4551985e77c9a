"""The rules of the needs register, in one place for every path that writes.

Rules about a single need's values are enforced by ``Need.clean()``, which the forms, the
services (``full_clean``) and the import run (a new need's owner included). Rules about a
change need to know the value before it: the status moves only along :data:`TRANSITIONS`
(reopening a closed need says why), and a new owner is a member of the department or of the
Referat Digitale Stadt. The services and the import ask :func:`status_change_problems` and
:func:`owner_problems` for every need they change.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from access.rights import INTERNAL_ROLES, RDS_GROUP
from organisation.models import Membership

OPEN, IN_PROGRESS, SOLVED, UNSOLVABLE = "offen", "in_bearbeitung", "geloest", "nicht_loesbar"
CLOSED = frozenset({SOLVED, UNSOLVABLE})
# Where a need may go from each status. A closed need is reopened, with a reason.
TRANSITIONS = {
    OPEN: frozenset({IN_PROGRESS, SOLVED, UNSOLVABLE}),
    IN_PROGRESS: frozenset({OPEN, SOLVED, UNSOLVABLE}),
    SOLVED: frozenset({OPEN, IN_PROGRESS}),
    UNSOLVABLE: frozenset({OPEN, IN_PROGRESS}),
}


def need_problems(need) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if need.status in CLOSED and not (need.status_reason or "").strip():
        errors["status_reason"] = [_("Say why the need is solved or cannot be solved.")]
    if need.workshop_id and need.department_id:
        if need.workshop.department_id != need.department_id:
            errors["workshop"] = [_("Choose a workshop of the need's department.")]
        elif need.source != "workshop":
            errors["source"] = [_("A need found in a workshop has the source “Workshop”.")]
    if need._state.adding:  # a changed owner is checked by the change (see owner_problems)
        errors |= owner_problems(need)
    return errors


def status_change_problems(current: str, wanted: str, reason: str) -> dict[str, list[str]]:
    """Why the status may not go from ``current`` to ``wanted`` with ``reason``."""
    if wanted == current:
        return {}
    if wanted not in TRANSITIONS.get(current, ()):
        return {"status": [_("The status cannot change this way.")]}
    if not (reason or "").strip():
        if wanted in CLOSED:
            return {"status_reason": [_("Say why the need is solved or cannot be solved.")]}
        if current in CLOSED:
            return {"status_reason": [_("Say why the need is reopened.")]}
    return {}


def owner_choices(department_id):
    """Who may own a need of the department: its coordinators and staff (active members) and
    the Referat Digitale Stadt."""
    members = Membership.objects.active().filter(
        department_id=department_id, role__in=INTERNAL_ROLES
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(pk__in=members.values("user")) | Q(groups__name=RDS_GROUP))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def owner_problems(need) -> dict[str, list[str]]:
    """Asked when the owner changes (an owner who has left the department stays until then)."""
    if need.owner_id is None:
        return {}
    if not owner_choices(need.department_id).filter(pk=need.owner_id).exists():
        return {"owner": [_("Choose a member of the department or of the Referat Digitale Stadt.")]}
    return {}
