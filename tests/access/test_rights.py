"""access.rights: how an account becomes rights."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from access.rights import ADMIN_GROUP, access_for, forget_access, role_group
from organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_not_authenticated():
    assert access_for(AnonymousUser()).authenticated is False


def test_none_user_is_not_authenticated():
    assert access_for(None).authenticated is False


def test_superuser_is_admin_without_group(db):
    user = UserFactory(is_superuser=True)
    assert access_for(user).is_admin is True


def test_administration_group_makes_admin_without_superuser_flag(db):
    user = UserFactory(groups=[role_group(ADMIN_GROUP)])
    assert access_for(user).is_admin is True


def test_admin_edits_everything(admin_user):
    assert access_for(admin_user).edits_everything is True


def test_rds_edits_everything(rds_user):
    assert access_for(rds_user).edits_everything is True


def test_rds_sees_all_confidential(rds_user):
    assert access_for(rds_user).sees_all_confidential is True


def test_leadership_is_marked_as_leadership(leadership_user):
    assert access_for(leadership_user).is_leadership is True


def test_leadership_edits_no_department(leadership_user, kultur):
    assert access_for(leadership_user).can_edit_department(kultur.pk) is False


def test_leadership_does_not_see_all_confidential(leadership_user):
    assert access_for(leadership_user).sees_all_confidential is False


def test_coordinator_membership_is_listed_with_role(coordinator, kultur):
    assert access_for(coordinator).memberships == {kultur.pk: Membership.Role.COORDINATOR}


def test_coordinator_can_edit_own_department(coordinator, kultur):
    assert access_for(coordinator).can_edit_department(kultur.pk) is True


def test_coordinator_cannot_edit_other_department(coordinator, soziales):
    assert access_for(coordinator).can_edit_department(soziales.pk) is False


def test_staff_can_edit_own_department(staff, soziales):
    assert access_for(staff).can_edit_department(soziales.pk) is True


def test_staff_department_counts_as_internal(staff, soziales):
    assert access_for(staff).internal_department_ids == {soziales.pk}


def test_partner_is_partner_only(partner):
    assert access_for(partner).is_partner_only is True


def test_partner_does_not_see_all_departments(partner):
    assert access_for(partner).sees_all_departments is False


def test_partner_reader_cannot_edit_invited_workspace(partner, kultur):
    assert access_for(partner).can_edit_department(kultur.pk) is False


def test_partner_contributor_can_edit_invited_workspace(partner_contributor, kultur):
    assert access_for(partner_contributor).can_edit_department(kultur.pk) is True


def test_expired_membership_gives_no_workspace(expired_partner):
    assert access_for(expired_partner).memberships == {}


def test_expired_partner_is_still_treated_as_external(expired_partner):
    assert access_for(expired_partner).sees_all_departments is False


def test_membership_without_expiry_is_active(kultur):
    membership = MembershipFactory(department=kultur, expires_at=None)
    assert access_for(membership.user).memberships == {kultur.pk: Membership.Role.STAFF}


def test_partner_with_staff_role_elsewhere_is_not_partner_only(partner, soziales):
    MembershipFactory(user=partner, department=soziales, role=Membership.Role.STAFF)
    assert access_for(partner).is_partner_only is False


def test_outsider_is_authenticated_without_rights(outsider, kultur):
    access = access_for(outsider)
    assert (access.authenticated, access.can_edit_department(kultur.pk)) == (True, False)


def test_outsider_is_not_partner_only(outsider):
    assert access_for(outsider).is_partner_only is False


def test_access_is_cached_on_the_user(coordinator, soziales):
    access_for(coordinator)
    MembershipFactory(user=coordinator, department=soziales, role=Membership.Role.STAFF)
    assert soziales.pk not in access_for(coordinator).memberships


def test_forget_access_reads_memberships_again(coordinator, soziales):
    access_for(coordinator)
    MembershipFactory(user=coordinator, department=soziales, role=Membership.Role.STAFF)
    forget_access(coordinator)
    assert soziales.pk in access_for(coordinator).memberships


def test_access_for_cached_user_makes_no_query(coordinator, django_assert_num_queries):
    access_for(coordinator)
    with django_assert_num_queries(0):
        access_for(coordinator)


def test_membership_expiring_in_the_future_is_active(kultur):
    membership = MembershipFactory(
        department=kultur,
        role=Membership.Role.PARTNER_READER,
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    assert kultur.pk in access_for(membership.user).partner_department_ids


@pytest.mark.parametrize(
    ("fixture", "label"),
    [
        ("admin_user", "Administration"),
        ("rds_user", "Referat Digitale Stadt"),
        ("leadership_user", "Leadership (read only)"),
        ("coordinator", "Coordination"),
        ("staff", "Staff"),
        ("partner", "External partner"),
        ("outsider", "Reader"),
    ],
)
def test_role_label_names_the_strongest_role(request, fixture, label):
    user = request.getfixturevalue(fixture)
    with translation.override("en"):
        assert str(access_for(user).role_label) == label


def test_expired_partner_is_labelled_as_external_partner(expired_partner):
    with translation.override("en"):
        assert str(access_for(expired_partner).role_label) == "External partner"
