"""Project.objects.visible_to / editable_by and Department.objects.visible_to, per role.

Fixtures: ``kultur_project`` and ``confidential_kultur_project`` belong to Kultur (where
``coordinator``, ``partner``, ``partner_contributor`` and ``expired_partner`` are members),
``soziales_project`` and ``confidential_soziales_project`` to Soziales (where ``staff`` works).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from organisation.models import Department, Membership
from projects.models import Project
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(
    kultur_project, confidential_kultur_project, soziales_project, confidential_soziales_project
):
    return {
        "kultur": kultur_project,
        "kultur_confidential": confidential_kultur_project,
        "soziales": soziales_project,
        "soziales_confidential": confidential_soziales_project,
    }


def visible(user, projects) -> set[str]:
    pks = set(Project.objects.visible_to(user).values_list("pk", flat=True))
    return {name for name, project in projects.items() if project.pk in pks}


def editable(user, projects) -> set[str]:
    pks = set(Project.objects.editable_by(user).values_list("pk", flat=True))
    return {name for name, project in projects.items() if project.pk in pks}


ALL = {"kultur", "kultur_confidential", "soziales", "soziales_confidential"}
NON_CONFIDENTIAL = {"kultur", "soziales"}


# --- visible_to ------------------------------------------------------------------------------


def test_anonymous_sees_no_project(projects):
    assert visible(AnonymousUser(), projects) == set()


def test_admin_sees_every_project_including_confidential(admin_user, projects):
    assert visible(admin_user, projects) == ALL


def test_rds_sees_every_project_including_confidential(rds_user, projects):
    assert visible(rds_user, projects) == ALL


def test_leadership_sees_only_non_confidential_projects(leadership_user, projects):
    assert visible(leadership_user, projects) == NON_CONFIDENTIAL


def test_coordinator_sees_confidential_project_of_own_department(coordinator, projects):
    assert "kultur_confidential" in visible(coordinator, projects)


def test_coordinator_cannot_see_confidential_project_of_other_department(coordinator, projects):
    assert "soziales_confidential" not in visible(coordinator, projects)


def test_coordinator_reads_non_confidential_projects_of_other_department(coordinator, projects):
    assert "soziales" in visible(coordinator, projects)


def test_staff_sees_own_department_and_other_non_confidential_projects(staff, projects):
    assert visible(staff, projects) == {"kultur", "soziales", "soziales_confidential"}


def test_partner_sees_non_confidential_projects_of_invited_workspace(partner, projects):
    assert visible(partner, projects) == {"kultur"}


def test_partner_cannot_see_confidential_project(partner, projects):
    assert "kultur_confidential" not in visible(partner, projects)


def test_partner_cannot_see_other_workspace(partner, projects):
    assert "soziales" not in visible(partner, projects)


def test_partner_contributor_cannot_see_confidential_project(partner_contributor, projects):
    assert visible(partner_contributor, projects) == {"kultur"}


def test_expired_partner_sees_nothing_of_the_workspace(expired_partner, projects):
    assert "kultur" not in visible(expired_partner, projects)


def test_expired_partner_sees_no_project_at_all(expired_partner, projects):
    assert visible(expired_partner, projects) == set()


def test_outsider_cannot_see_confidential_projects(outsider, projects):
    assert visible(outsider, projects) & {"kultur_confidential", "soziales_confidential"} == set()


def test_outsider_without_role_reads_non_confidential_projects(outsider, projects):
    # By design (Access.role_label "Reader"): an internal account without a role reads what
    # every city employee may read. Change this test if the product decides otherwise.
    assert visible(outsider, projects) == NON_CONFIDENTIAL


def test_partner_who_is_also_staff_elsewhere_sees_like_staff(partner, soziales, projects):
    MembershipFactory(user=partner, department=soziales, role=Membership.Role.STAFF)
    assert visible(partner, projects) == {"kultur", "soziales", "soziales_confidential"}


def test_visible_projects_include_archived_ones(coordinator, kultur_project):
    Project.objects.filter(pk=kultur_project.pk).update(archived_at=timezone.now())
    assert Project.objects.visible_to(coordinator).filter(pk=kultur_project.pk).exists()


# --- editable_by ---------------------------------------------------------------------------


def test_anonymous_edits_nothing(projects):
    assert editable(AnonymousUser(), projects) == set()


def test_admin_edits_every_project(admin_user, projects):
    assert editable(admin_user, projects) == ALL


def test_rds_edits_every_project(rds_user, projects):
    assert editable(rds_user, projects) == ALL


def test_leadership_edits_nothing(leadership_user, projects):
    assert editable(leadership_user, projects) == set()


def test_coordinator_edits_only_own_department(coordinator, projects):
    assert editable(coordinator, projects) == {"kultur", "kultur_confidential"}


def test_staff_edits_only_own_department(staff, projects):
    assert editable(staff, projects) == {"soziales", "soziales_confidential"}


def test_partner_reader_edits_nothing(partner, projects):
    assert editable(partner, projects) == set()


def test_partner_contributor_edits_non_confidential_projects_of_workspace(
    partner_contributor, projects
):
    assert editable(partner_contributor, projects) == {"kultur"}


def test_expired_partner_edits_nothing(expired_partner, projects):
    assert editable(expired_partner, projects) == set()


def test_expired_partner_contributor_edits_nothing(kultur, projects):
    membership = MembershipFactory(
        department=kultur, role=Membership.Role.PARTNER_CONTRIBUTOR, expired=True
    )
    assert editable(membership.user, projects) == set()


def test_outsider_edits_nothing(outsider, projects):
    assert editable(outsider, projects) == set()


# --- Department.objects.visible_to ---------------------------------------------------------


def test_partner_sees_only_invited_department(partner, kultur, soziales):
    assert list(Department.objects.visible_to(partner)) == [kultur]


def test_expired_partner_sees_no_department(expired_partner, soziales):
    assert not Department.objects.visible_to(expired_partner).exists()


def test_staff_sees_all_departments(staff, kultur, soziales):
    assert set(Department.objects.visible_to(staff)) == {kultur, soziales}


def test_leadership_sees_all_departments(leadership_user, kultur, soziales):
    assert set(Department.objects.visible_to(leadership_user)) == {kultur, soziales}


def test_rds_sees_all_departments(rds_user, kultur, soziales):
    assert set(Department.objects.visible_to(rds_user)) == {kultur, soziales}


def test_anonymous_sees_no_department(kultur):
    assert not Department.objects.visible_to(AnonymousUser()).exists()
