"""The domain rules of projects and status updates, in one place for every path that writes.

Rules about a single object's values are enforced by the models' ``clean()``, which each path
runs: the forms (the app's and the admin's), the services (``full_clean``), the import engine
(``instance.clean()``) and django-import-export's admin import (``full_clean``). Rules about a
change (an archived project is not changed, nor its status updates; a withdrawn status update
stays as it was) need to know that something changes: the services and both imports ask
:func:`project_change_problems` and :func:`status_update_change_problems` for every entry they
change.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext as _


def project_problems(project) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if project.start_date and project.end_date and project.end_date < project.start_date:
        errors["end_date"] = [_("The end must not be before the start.")]
    if (
        project.lead_unit_id
        and project.department_id
        and project.lead_unit.department_id != project.department_id
    ):
        errors["lead_unit"] = [_("The lead office must belong to the project's department.")]
    if project.agenda_contribution and not project.agenda_project_id:
        errors["agenda_project"] = [
            _("Choose the agenda project that this contribution refers to.")
        ]
    return errors


def project_change_problems(project) -> dict[str, list[str]]:
    """Why ``project`` (as stored) may not be changed at all."""
    if project.archived_at is not None:
        return {NON_FIELD_ERRORS: [_("The project is archived and cannot be changed. "
                                     "Restore it first.")]}  # fmt: skip
    return {}


def status_update_problems(update) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if update.reported_on and update.reported_on > timezone.localdate():
        errors["reported_on"] = [
            _(
                "The date is in the future. A status update reports what has happened up to "
                "today; date it today at the latest."
            )
        ]
    if update._state.adding and update.project_id and update.project.archived_at is not None:
        errors[NON_FIELD_ERRORS] = [
            _("The project is archived and takes no status updates. Restore it first.")
        ]
    return errors


def status_update_change_problems(update) -> dict[str, list[str]]:
    """Why ``update`` (as stored) may not be changed at all: its project is archived, or it has
    been withdrawn (a withdrawn report stays as it was, with the reason)."""
    if update.project.archived_at is not None:
        return {NON_FIELD_ERRORS: [_("The project is archived and takes no status updates. "
                                     "Restore it first.")]}  # fmt: skip
    if update.withdrawn_at is not None:
        return {NON_FIELD_ERRORS: [_("This status update has been withdrawn.")]}
    return {}
