"""Model rules: what the database itself enforces, and what full_clean reports before that."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from agenda.models import Agenda
from projects.models import Project
from tests.factories import (
    AgendaFactory,
    AgendaProjectFactory,
    CohortFactory,
    DepartmentFactory,
    FieldOfActionFactory,
    GoalFactory,
    GuidingPrincipleFactory,
    MembershipFactory,
    OrgUnitFactory,
    ProjectFactory,
    StatusUpdateFactory,
)

pytestmark = pytest.mark.django_db


def _db_rejects(factory, **kwargs) -> bool:
    """True when saving the object (without full_clean) raises IntegrityError."""
    try:
        with transaction.atomic():
            factory(**kwargs)
    except IntegrityError:
        return True
    return False


def _clean_errors(instance) -> dict:
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


# --- Project: database constraints -----------------------------------------------------------


def test_database_rejects_duplicate_project_title_in_department(kultur):
    ProjectFactory(department=kultur, title="E-Akte")
    assert _db_rejects(ProjectFactory, department=kultur, title="E-Akte")


def test_database_allows_same_project_title_in_other_department(kultur, soziales):
    ProjectFactory(department=kultur, title="E-Akte")
    assert not _db_rejects(ProjectFactory, department=soziales, title="E-Akte")


def test_database_rejects_progress_above_100(kultur):
    assert _db_rejects(ProjectFactory, department=kultur, progress=101)


def test_database_accepts_progress_of_100(kultur):
    assert not _db_rejects(ProjectFactory, department=kultur, progress=100)


def test_database_rejects_negative_progress(kultur):
    assert _db_rejects(ProjectFactory, department=kultur, progress=-1)


def test_database_rejects_negative_budget(kultur):
    assert _db_rejects(ProjectFactory, department=kultur, budget=Decimal("-0.01"))


def test_database_accepts_zero_budget(kultur):
    assert not _db_rejects(ProjectFactory, department=kultur, budget=Decimal("0"))


def test_database_rejects_priority_rank_zero(kultur):
    assert _db_rejects(ProjectFactory, department=kultur, priority_rank=0)


def test_database_rejects_end_before_start(kultur):
    assert _db_rejects(
        ProjectFactory, department=kultur, start_date=date(2026, 5, 1), end_date=date(2026, 4, 30)
    )


def test_database_accepts_end_on_start_day(kultur):
    assert not _db_rejects(
        ProjectFactory, department=kultur, start_date=date(2026, 5, 1), end_date=date(2026, 5, 1)
    )


def test_database_rejects_duplicate_external_id(kultur, soziales):
    ProjectFactory(department=kultur, external_id="xls-17")
    assert _db_rejects(ProjectFactory, department=soziales, external_id="xls-17")


def test_database_allows_many_projects_without_external_id(kultur):
    ProjectFactory(department=kultur, external_id="")
    assert not _db_rejects(ProjectFactory, department=kultur, external_id="")


def test_database_rejects_status_update_progress_above_100(kultur_project):
    assert _db_rejects(StatusUpdateFactory, project=kultur_project, progress=101)


# --- Project: full_clean -----------------------------------------------------------------------


def test_full_clean_reports_duplicate_title_in_department(kultur):
    ProjectFactory(department=kultur, title="E-Akte")
    with pytest.raises(ValidationError):
        ProjectFactory.build(department=kultur, title="E-Akte").full_clean()


def test_full_clean_reports_progress_above_100(kultur):
    assert "progress" in _clean_errors(ProjectFactory.build(department=kultur, progress=101))


def test_full_clean_reports_negative_budget(kultur):
    project = ProjectFactory.build(department=kultur, budget=Decimal("-1"))
    assert "budget" in _clean_errors(project)


def test_full_clean_reports_priority_rank_zero(kultur):
    assert "priority_rank" in _clean_errors(
        ProjectFactory.build(department=kultur, priority_rank=0)
    )


def test_full_clean_reports_end_before_start_on_end_date(kultur):
    project = ProjectFactory.build(
        department=kultur, start_date=date(2026, 5, 1), end_date=date(2026, 4, 30)
    )
    assert "end_date" in _clean_errors(project)


def test_full_clean_reports_duplicate_external_id(kultur, soziales):
    ProjectFactory(department=kultur, external_id="xls-17")
    with pytest.raises(ValidationError):
        ProjectFactory.build(department=soziales, external_id="xls-17").full_clean()


def test_full_clean_reports_lead_office_of_other_department(kultur, soziales_office):
    project = ProjectFactory.build(department=kultur, lead_unit=soziales_office)
    assert "lead_unit" in _clean_errors(project)


def test_full_clean_accepts_valid_project(kultur, kultur_office):
    project = ProjectFactory.build(
        department=kultur,
        lead_unit=kultur_office,
        progress=40,
        budget=Decimal("1000"),
        priority_rank=1,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    assert _clean_errors(project) == {}


# --- Project: properties -------------------------------------------------------------------------


def _created_days_ago(project, days):
    Project.objects.filter(pk=project.pk).update(created_at=timezone.now() - timedelta(days=days))
    project.refresh_from_db()
    return project


def test_project_without_status_update_is_stale_once_it_is_old(kultur, settings):
    project = _created_days_ago(ProjectFactory(department=kultur), settings.STALE_AFTER_DAYS + 2)
    assert project.is_stale is True
    assert Project.objects.stale().filter(pk=project.pk).exists()


def test_a_project_created_a_second_ago_is_not_stale(kultur):
    project = ProjectFactory(department=kultur, last_reported_on=None)
    assert project.is_stale is False
    assert not Project.objects.stale().filter(pk=project.pk).exists()
    assert Project.objects.not_stale().filter(pk=project.pk).exists()


def test_an_old_status_update_makes_a_project_stale(kultur, settings):
    old = timezone.localdate() - timedelta(days=settings.STALE_AFTER_DAYS + 1)
    project = ProjectFactory(department=kultur, last_reported_on=old)
    assert project.is_stale is True
    assert Project.objects.stale().filter(pk=project.pk).exists()


def test_project_with_recent_status_update_is_not_stale(kultur):
    project = ProjectFactory(department=kultur, last_reported_on=timezone.localdate())
    assert project.is_stale is False


def test_completed_project_is_never_stale(kultur):
    project = ProjectFactory(department=kultur, status=Project.Status.COMPLETED)
    assert project.is_stale is False


def test_project_is_archived_when_archived_at_is_set(kultur):
    assert ProjectFactory(department=kultur, archived_at=timezone.now()).is_archived is True


# --- Agenda ------------------------------------------------------------------------------------


def test_database_allows_only_one_active_agenda(db):
    AgendaFactory(status=Agenda.Status.ACTIVE)
    assert _db_rejects(AgendaFactory, status=Agenda.Status.ACTIVE)


def test_database_allows_several_draft_agendas(db):
    AgendaFactory(status=Agenda.Status.DRAFT)
    assert not _db_rejects(AgendaFactory, status=Agenda.Status.DRAFT)


def test_full_clean_reports_second_active_agenda(db):
    AgendaFactory(status=Agenda.Status.ACTIVE)
    with pytest.raises(ValidationError):
        AgendaFactory.build(status=Agenda.Status.ACTIVE).full_clean()


def test_database_rejects_duplicate_principle_title_in_agenda(db):
    principle = GuidingPrincipleFactory()
    assert _db_rejects(GuidingPrincipleFactory, agenda=principle.agenda, title=principle.title)


def test_database_allows_same_principle_title_in_other_agenda(db):
    principle = GuidingPrincipleFactory()
    assert not _db_rejects(GuidingPrincipleFactory, title=principle.title)


def test_database_rejects_duplicate_field_name_in_agenda(db):
    field = FieldOfActionFactory()
    assert _db_rejects(FieldOfActionFactory, agenda=field.agenda, name=field.name)


def test_database_allows_same_field_name_in_other_agenda(db):
    field = FieldOfActionFactory()
    assert not _db_rejects(FieldOfActionFactory, name=field.name)


def test_full_clean_reports_duplicate_field_name_in_agenda(db):
    field = FieldOfActionFactory()
    with pytest.raises(ValidationError):
        FieldOfActionFactory.build(agenda=field.agenda, name=field.name).full_clean()


def test_database_rejects_duplicate_goal_title_in_field(db):
    goal = GoalFactory()
    assert _db_rejects(GoalFactory, field=goal.field, title=goal.title)


def test_database_allows_same_goal_title_in_other_field(db):
    goal = GoalFactory()
    assert not _db_rejects(GoalFactory, title=goal.title)


def test_full_clean_reports_duplicate_goal_title_in_field(db):
    goal = GoalFactory()
    with pytest.raises(ValidationError):
        GoalFactory.build(field=goal.field, title=goal.title).full_clean()


def test_database_rejects_duplicate_agenda_project_title_in_agenda(db):
    item = AgendaProjectFactory()
    assert _db_rejects(AgendaProjectFactory, agenda=item.agenda, title=item.title)


def test_database_rejects_duplicate_agenda_project_number_in_agenda(db):
    item = AgendaProjectFactory(number=7)
    assert _db_rejects(AgendaProjectFactory, agenda=item.agenda, number=7)


def test_database_allows_several_agenda_projects_without_number(db):
    item = AgendaProjectFactory(number=None)
    assert not _db_rejects(AgendaProjectFactory, agenda=item.agenda, number=None)


def test_full_clean_reports_duplicate_agenda_project_title_in_agenda(db):
    item = AgendaProjectFactory()
    with pytest.raises(ValidationError):
        AgendaProjectFactory.build(agenda=item.agenda, title=item.title).full_clean()


# --- Organisation ------------------------------------------------------------------------------


def test_database_rejects_duplicate_office_name_in_department(kultur):
    assert _db_rejects(OrgUnitFactory, department=kultur, name="Kulturamt")


def test_database_allows_same_office_name_in_other_department(kultur, soziales):
    assert not _db_rejects(OrgUnitFactory, department=soziales, name="Kulturamt")


def test_full_clean_reports_duplicate_office_name_in_department(kultur):
    with pytest.raises(ValidationError):
        OrgUnitFactory.build(department=kultur, name="Kulturamt").full_clean()


def test_database_rejects_duplicate_department_number(db):
    DepartmentFactory(number="II")
    assert _db_rejects(DepartmentFactory, number="II")


def test_database_allows_several_departments_without_number(db):
    DepartmentFactory(number="")
    assert not _db_rejects(DepartmentFactory, number="")


def test_database_rejects_duplicate_membership_in_workspace(coordinator, kultur):
    assert _db_rejects(MembershipFactory, user=coordinator, department=kultur)


# --- Workshops ---------------------------------------------------------------------------------


def test_database_rejects_cohort_ending_before_start(db):
    assert _db_rejects(CohortFactory, starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 1))


def test_database_rejects_cohort_number_zero(db):
    assert _db_rejects(CohortFactory, number=0)


def test_database_rejects_duplicate_cohort_number(db):
    CohortFactory(number=3)
    assert _db_rejects(CohortFactory, number=3)


@pytest.mark.parametrize(
    ("status", "stale"),
    [("zukunft", False), ("planung", True), ("umsetzung", True), ("pausiert", True),
     ("abgeschlossen", False), ("eingestellt", False)],
)  # fmt: skip
def test_only_running_projects_without_updates_are_stale(kultur, status, stale, settings):
    project = ProjectFactory(department=kultur, status=status, last_reported_on=None)
    project = _created_days_ago(project, settings.STALE_AFTER_DAYS + 5)
    assert project.is_stale is stale
    assert Project.objects.stale().filter(pk=project.pk).exists() is stale
