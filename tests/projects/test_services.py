"""projects.services: rights, validation, optimistic locking and the status-update carry-over."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from organisation.models import Membership
from projects.models import Project, StatusUpdate, TrafficLight
from projects.services import (
    StaleEditError,
    project_archive,
    project_create,
    project_restore,
    project_update,
    status_update_create,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _refreshed(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


# --- project_create ------------------------------------------------------------------------


def test_coordinator_creates_project_in_own_department(coordinator, kultur, kultur_office):
    project = project_create(
        actor=coordinator, department=kultur, title="Digitale Raumbuchung", lead_unit=kultur_office
    )
    assert _refreshed(project).department == kultur


def test_created_project_records_its_creator(coordinator, kultur):
    project = project_create(actor=coordinator, department=kultur, title="Digitale Raumbuchung")
    assert _refreshed(project).created_by == coordinator


def test_created_project_starts_at_version_one(coordinator, kultur):
    project = project_create(actor=coordinator, department=kultur, title="Digitale Raumbuchung")
    assert _refreshed(project).version == 1


def test_project_create_sets_many_to_many_links(coordinator, kultur, soziales_office, agenda):
    field = agenda.fields.first()
    goal = field.goals.first()
    project = project_create(
        actor=coordinator,
        department=kultur,
        title="Digitale Raumbuchung",
        participating_units=[soziales_office],
        goals=[goal],
        fields_of_action=[field],
    )
    project = _refreshed(project)
    assert (
        list(project.participating_units.all()),
        list(project.goals.all()),
        list(project.fields_of_action.all()),
    ) == ([soziales_office], [goal], [field])


def test_rds_creates_project_in_any_department(rds_user, soziales):
    project = project_create(actor=rds_user, department=soziales, title="Sozialpass online")
    assert Project.objects.filter(pk=project.pk).exists()


def test_staff_cannot_create_project_in_other_department(staff, kultur):
    with pytest.raises(PermissionDenied):
        project_create(actor=staff, department=kultur, title="Fremdes Vorhaben")


def test_leadership_cannot_create_project(leadership_user, kultur):
    with pytest.raises(PermissionDenied):
        project_create(actor=leadership_user, department=kultur, title="Vorhaben der Leitung")


def test_partner_reader_cannot_create_project(partner, kultur):
    with pytest.raises(PermissionDenied):
        project_create(actor=partner, department=kultur, title="Vorhaben des Partners")


def test_expired_partner_contributor_cannot_create_project(kultur):
    membership = MembershipFactory(
        department=kultur, role=Membership.Role.PARTNER_CONTRIBUTOR, expired=True
    )
    with pytest.raises(PermissionDenied):
        project_create(actor=membership.user, department=kultur, title="Zu spät")


def test_outsider_cannot_create_project(outsider, kultur):
    with pytest.raises(PermissionDenied):
        project_create(actor=outsider, department=kultur, title="Vorhaben ohne Rolle")


def test_refused_project_create_writes_nothing(staff, kultur):
    with pytest.raises(PermissionDenied):
        project_create(actor=staff, department=kultur, title="Fremdes Vorhaben")
    assert not Project.objects.exists()


def test_project_create_rejects_end_before_start(coordinator, kultur):
    with pytest.raises(ValidationError):
        project_create(
            actor=coordinator,
            department=kultur,
            title="Rückwärts",
            start_date=date(2026, 5, 1),
            end_date=date(2026, 4, 1),
        )


def test_invalid_project_create_writes_nothing(coordinator, kultur):
    with pytest.raises(ValidationError):
        project_create(actor=coordinator, department=kultur, title="Zu weit", progress=150)
    assert not Project.objects.exists()


def test_project_create_rejects_lead_office_of_other_department(
    coordinator, kultur, soziales_office
):
    with pytest.raises(ValidationError):
        project_create(
            actor=coordinator, department=kultur, title="Falsches Amt", lead_unit=soziales_office
        )


def test_project_create_rejects_duplicate_title_in_department(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        project_create(
            actor=coordinator, department=kultur_project.department, title=kultur_project.title
        )


# --- project_update ------------------------------------------------------------------------


def test_coordinator_updates_project_of_own_department(coordinator, kultur_project):
    project_update(project=kultur_project, actor=coordinator, version=1, title="Neuer Titel")
    assert _refreshed(kultur_project).title == "Neuer Titel"


def test_project_update_bumps_version(coordinator, kultur_project):
    project_update(project=kultur_project, actor=coordinator, version=1, title="Neuer Titel")
    assert _refreshed(kultur_project).version == 2


def test_project_update_without_version_is_a_conflict(coordinator, kultur_project):
    with pytest.raises(StaleEditError):
        project_update(project=kultur_project, actor=coordinator, version=None, title="Neu")
    assert _refreshed(kultur_project).title == "Digitale Ausleihe"


def test_project_update_with_stale_version_raises_stale_edit_error(coordinator, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(version=2)
    with pytest.raises(StaleEditError):
        project_update(project=kultur_project, actor=coordinator, version=1, title="Zu spät")


def test_stale_edit_error_carries_the_current_project(coordinator, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(version=2, title="Von anderer Hand")
    with pytest.raises(StaleEditError) as caught:
        project_update(project=kultur_project, actor=coordinator, version=1, title="Zu spät")
    assert (caught.value.current.title, caught.value.current.version) == ("Von anderer Hand", 2)


def test_stale_edit_writes_nothing(coordinator, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(version=2)
    with pytest.raises(StaleEditError):
        project_update(project=kultur_project, actor=coordinator, version=1, title="Zu spät")
    assert _refreshed(kultur_project).title == "Digitale Ausleihe"


def test_staff_cannot_update_project_of_other_department(staff, kultur_project):
    with pytest.raises(PermissionDenied):
        project_update(project=kultur_project, actor=staff, version=1, title="Übernommen")


def test_leadership_cannot_update_project(leadership_user, kultur_project):
    with pytest.raises(PermissionDenied):
        project_update(project=kultur_project, actor=leadership_user, version=1, title="Nein")


def test_partner_reader_cannot_update_project(partner, kultur_project):
    with pytest.raises(PermissionDenied):
        project_update(project=kultur_project, actor=partner, version=1, title="Nein")


def test_partner_contributor_updates_project_of_workspace(partner_contributor, kultur_project):
    project_update(project=kultur_project, actor=partner_contributor, version=1, progress=30)
    assert _refreshed(kultur_project).progress == 30


def test_partner_contributor_cannot_update_confidential_project(
    partner_contributor, confidential_kultur_project
):
    with pytest.raises(PermissionDenied):
        project_update(
            project=confidential_kultur_project, actor=partner_contributor, version=1, progress=30
        )


def test_rds_updates_project_of_any_department(rds_user, confidential_soziales_project):
    project_update(project=confidential_soziales_project, actor=rds_user, version=1, progress=50)
    assert _refreshed(confidential_soziales_project).progress == 50


def test_invalid_project_update_raises_validation_error(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        project_update(project=kultur_project, actor=coordinator, version=1, budget=Decimal(-5))


def test_invalid_project_update_writes_nothing(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        project_update(
            project=kultur_project, actor=coordinator, version=1, title="Neu", progress=101
        )
    stored = _refreshed(kultur_project)
    assert (stored.title, stored.progress, stored.version) == ("Digitale Ausleihe", 0, 1)


def test_project_update_does_not_move_project_to_other_department(
    rds_user, kultur_project, soziales
):
    project_update(project=kultur_project, actor=rds_user, version=1, department=soziales)
    assert _refreshed(kultur_project).department_id == kultur_project.department_id


def test_project_update_replaces_many_to_many_links(coordinator, kultur_project, agenda):
    first, second = agenda.fields.all()
    kultur_project.fields_of_action.set([first])
    project_update(project=kultur_project, actor=coordinator, version=1, fields_of_action=[second])
    assert list(_refreshed(kultur_project).fields_of_action.all()) == [second]


# --- project_archive / project_restore -------------------------------------------------------


def test_project_archive_sets_archived_at(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    assert _refreshed(kultur_project).archived_at is not None


def test_project_archive_bumps_version(coordinator, kultur_project):
    project = project_archive(project=kultur_project, actor=coordinator)
    assert (project.version, _refreshed(kultur_project).version) == (2, 2)


def test_archiving_an_archived_project_changes_nothing(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    archived_at = _refreshed(kultur_project).archived_at
    project_archive(project=kultur_project, actor=coordinator)
    stored = _refreshed(kultur_project)
    assert (stored.archived_at, stored.version) == (archived_at, 2)


def test_staff_cannot_archive_project_of_other_department(staff, kultur_project):
    with pytest.raises(PermissionDenied):
        project_archive(project=kultur_project, actor=staff)


def test_leadership_cannot_archive_project(leadership_user, kultur_project):
    with pytest.raises(PermissionDenied):
        project_archive(project=kultur_project, actor=leadership_user)


def test_refused_archive_writes_nothing(leadership_user, kultur_project):
    with pytest.raises(PermissionDenied):
        project_archive(project=kultur_project, actor=leadership_user)
    assert _refreshed(kultur_project).archived_at is None


def test_project_restore_clears_archived_at(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    project_restore(project=kultur_project, actor=coordinator)
    assert _refreshed(kultur_project).archived_at is None


def test_project_restore_bumps_version(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    project_restore(project=kultur_project, actor=coordinator)
    assert _refreshed(kultur_project).version == 3


def test_restoring_a_current_project_changes_nothing(coordinator, kultur_project):
    project_restore(project=kultur_project, actor=coordinator)
    assert _refreshed(kultur_project).version == 1


def test_partner_reader_cannot_restore_project(partner, coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    with pytest.raises(PermissionDenied):
        project_restore(project=kultur_project, actor=partner)


# --- status_update_create --------------------------------------------------------------------


def _report(project, actor, **fields):
    values = {
        "reported_on": timezone.localdate(),
        "traffic_light": TrafficLight.AT_RISK,
        "progress": 40,
        "text": "Ausschreibung verzögert sich.",
    }
    values.update(fields)
    return status_update_create(project=project, actor=actor, **values)


def test_status_update_is_saved_with_author(coordinator, kultur_project):
    update = _report(kultur_project, coordinator)
    assert StatusUpdate.objects.get(pk=update.pk).author == coordinator


def test_status_update_carries_date_to_project(coordinator, kultur_project):
    _report(kultur_project, coordinator, reported_on=date(2026, 3, 2))
    assert _refreshed(kultur_project).last_reported_on == date(2026, 3, 2)


def test_status_update_carries_traffic_light_to_project(coordinator, kultur_project):
    _report(kultur_project, coordinator, traffic_light=TrafficLight.CRITICAL)
    assert _refreshed(kultur_project).traffic_light == TrafficLight.CRITICAL


def test_status_update_carries_progress_to_project(coordinator, kultur_project):
    _report(kultur_project, coordinator, progress=65)
    assert _refreshed(kultur_project).progress == 65


def test_status_update_bumps_project_version(coordinator, kultur_project):
    _report(kultur_project, coordinator)
    assert _refreshed(kultur_project).version == 2


def test_status_update_refreshes_the_passed_project(coordinator, kultur_project):
    _report(kultur_project, coordinator, progress=65)
    assert (kultur_project.progress, kultur_project.version) == (65, 2)


def test_status_update_makes_project_up_to_date(coordinator, kultur_project):
    _report(kultur_project, coordinator)
    assert _refreshed(kultur_project).is_stale is False


def test_older_status_update_keeps_latest_report_on_project(coordinator, kultur_project):
    today = timezone.localdate()
    _report(kultur_project, coordinator, reported_on=today, progress=70)
    _report(kultur_project, coordinator, reported_on=today - timedelta(days=40), progress=20)
    stored = _refreshed(kultur_project)
    assert (stored.last_reported_on, stored.progress) == (today, 70)


def test_archived_project_refuses_status_update(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    with pytest.raises(ValidationError):
        _report(kultur_project, coordinator)


def test_refused_status_update_on_archived_project_writes_nothing(coordinator, kultur_project):
    project_archive(project=kultur_project, actor=coordinator)
    with pytest.raises(ValidationError):
        _report(kultur_project, coordinator)
    assert not StatusUpdate.objects.exists()


def test_invalid_status_update_writes_nothing(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        _report(kultur_project, coordinator, progress=101)
    stored = _refreshed(kultur_project)
    assert (StatusUpdate.objects.count(), stored.version, stored.last_reported_on) == (0, 1, None)


def test_status_update_without_text_is_rejected(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        _report(kultur_project, coordinator, text="")


def test_leadership_cannot_add_status_update(leadership_user, kultur_project):
    with pytest.raises(PermissionDenied):
        _report(kultur_project, leadership_user)


def test_partner_reader_cannot_add_status_update(partner, kultur_project):
    with pytest.raises(PermissionDenied):
        _report(kultur_project, partner)


def test_partner_contributor_cannot_add_status_update_to_confidential_project(
    partner_contributor, confidential_kultur_project
):
    with pytest.raises(PermissionDenied):
        _report(confidential_kultur_project, partner_contributor)


def test_staff_cannot_add_status_update_to_other_department(staff, kultur_project):
    with pytest.raises(PermissionDenied):
        _report(kultur_project, staff)


def test_refused_status_update_writes_nothing(staff, kultur_project):
    with pytest.raises(PermissionDenied):
        _report(kultur_project, staff)
    assert not StatusUpdate.objects.exists()


def test_partner_contributor_cannot_make_a_project_confidential(partner_contributor, kultur):
    with pytest.raises(ValidationError) as raised:
        project_create(
            actor=partner_contributor, department=kultur, title="Geheim?", confidential=True
        )
    assert "confidential" in raised.value.message_dict
    assert not Project.objects.filter(title="Geheim?").exists()
