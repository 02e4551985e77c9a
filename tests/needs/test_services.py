"""The needs register's services: who adds and changes a department's needs, what they may
link a need to, how its status moves, and that a stale edit never overwrites another."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from needs import services
from needs.models import Need
from offerings.models import Offering
from tests.factories import (
    MembershipFactory,
    OfferingFactory,
    UserFactory,
)
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def _create(actor, department, **fields):
    values = {"category": "daten", "title": "Daten ohne Schlüssel"} | fields
    return services.need_create(actor=actor, department=department, **values)


@pytest.fixture
def need(coordinator, kultur):
    return _create(coordinator, kultur)


# Who adds and changes needs -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "partner_contributor", "rds_user", "admin_user"])
def test_the_departments_editors_and_the_central_unit_add_needs(request, role, kultur):
    created = _create(request.getfixturevalue(role), kultur)
    assert created.status == Need.Status.OPEN
    assert created.history.get().history_type == "+"


def test_staff_add_needs_to_their_own_department(staff, soziales):
    assert _create(staff, soziales).department == soziales


@pytest.mark.parametrize("role", ["staff", "partner", "leadership_user", "outsider"])
def test_nobody_else_adds_a_need_to_kultur(request, role, kultur):
    with pytest.raises(PermissionDenied):
        _create(request.getfixturevalue(role), kultur)
    assert not Need.objects.exists()


@pytest.mark.parametrize("role", ["staff", "partner", "leadership_user"])
def test_readers_do_not_change_a_need(request, role, need):
    with pytest.raises(PermissionDenied):
        services.need_update(
            need=need, actor=request.getfixturevalue(role), version=1, title="Geändert"
        )
    assert Need.objects.get().title == "Daten ohne Schlüssel"


def test_titles_are_unique_per_department_whatever_their_case(
    coordinator, kultur, rds_user, soziales, need
):
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, title="DATEN OHNE SCHLÜSSEL")
    assert "title" in error.value.error_dict
    assert _create(rds_user, soziales).department == soziales  # another department may


def test_a_source_key_is_taken_once_per_department(coordinator, kultur, rds_user, soziales):
    _create(coordinator, kultur, source_ref="erfassung:1:bedarfe", source="erfassung")
    with pytest.raises(ValidationError):
        _create(coordinator, kultur, title="Anderer Titel", source_ref="erfassung:1:bedarfe")
    _create(rds_user, soziales, source_ref="erfassung:1:bedarfe", source="erfassung")
    assert Need.objects.filter(source_ref="erfassung:1:bedarfe").count() == 2


def test_a_category_outside_the_choices_is_refused(coordinator, kultur):
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, category="wetter")
    assert "category" in error.value.error_dict


def test_the_category_keys_are_those_of_the_intake_questionnaire():
    import json
    from pathlib import Path

    from django.conf import settings

    questionnaire = json.loads(
        (Path(settings.BASE_DIR) / "fixtures" / "fragebogen_standard.json").read_text()
    )
    question = next(
        q
        for section in questionnaire["sections"]
        for q in section["questions"]
        if q["key"] == "bedarfe-bereiche"
    )
    assert [option["key"] for option in question["options"]] == Need.Category.values


# What a need links to -----------------------------------------------------------------------------


def test_a_need_links_projects_of_its_department(coordinator, kultur, kultur_project):
    created = _create(coordinator, kultur, projects=[kultur_project])
    assert list(created.projects.all()) == [kultur_project]


def test_a_project_of_another_department_is_refused_not_stored(
    coordinator, kultur, soziales_project
):
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, projects=[soziales_project])
    assert "projects" in error.value.error_dict
    assert not Need.objects.exists()


def test_a_partner_does_not_link_a_confidential_project_they_cannot_see(
    partner_contributor, kultur, confidential_kultur_project
):
    with pytest.raises(ValidationError):
        _create(partner_contributor, kultur, projects=[confidential_kultur_project])


def test_a_save_keeps_the_projects_the_editor_cannot_see(
    coordinator, partner_contributor, kultur, kultur_project, confidential_kultur_project
):
    need = _create(coordinator, kultur, projects=[kultur_project, confidential_kultur_project])
    services.need_update(need=need, actor=partner_contributor, version=1, projects=[])
    assert list(Need.objects.get().projects.all()) == [confidential_kultur_project]


def test_the_rds_offering_is_linked_by_city_staff(coordinator, kultur):
    offering = OfferingFactory()
    assert _create(coordinator, kultur, offering=offering).offering == offering


def test_a_partner_never_sets_an_offering(partner_contributor, kultur):
    with pytest.raises(ValidationError) as error:
        _create(partner_contributor, kultur, offering=OfferingFactory())
    assert "offering" in error.value.error_dict


def test_a_partners_save_leaves_the_offering_as_it_is(coordinator, partner_contributor, kultur):
    offering = OfferingFactory()
    need = _create(coordinator, kultur, offering=offering)
    for value in (None, OfferingFactory()):
        need = services.need_update(
            need=need, actor=partner_contributor, version=need.version, offering=value
        )
    assert Need.objects.get().offering == offering


def test_the_owner_is_a_member_of_the_department_or_of_the_referat(coordinator, kultur, rds_user):
    assert _create(coordinator, kultur, owner=rds_user).owner == rds_user
    colleague = MembershipFactory(department=kultur, role="mitarbeit").user
    assert _create(coordinator, kultur, title="Zweiter", owner=colleague).owner == colleague


@pytest.mark.parametrize("role", ["staff", "partner", "outsider", "leadership_user"])
def test_anyone_else_is_refused_as_owner(request, role, coordinator, kultur):
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, owner=request.getfixturevalue(role))
    assert "owner" in error.value.error_dict


def test_an_owner_who_left_stays_until_the_owner_changes(coordinator, kultur):
    colleague = MembershipFactory(department=kultur, role="mitarbeit")
    need = _create(coordinator, kultur, owner=colleague.user)
    colleague.delete()
    need = services.need_update(need=need, actor=coordinator, version=1, title="Noch da")
    assert need.owner == colleague.user


def test_a_workshop_of_another_department_is_refused(coordinator, kultur, soziales, rds_user):
    from tests.workshops.data import publish_templates
    from workshops import services as workshop_services

    publish_templates(rds_user)
    cohort = workshop_services.cohort_create(actor=rds_user, number=1, departments=[soziales])
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, source="workshop", workshop=cohort.workshops.first())
    assert "workshop" in error.value.error_dict


def test_a_need_found_in_a_workshop_says_so(coordinator, kultur, rds_user):
    from tests.workshops.data import publish_templates
    from workshops import services as workshop_services

    publish_templates(rds_user)
    cohort = workshop_services.cohort_create(actor=rds_user, number=1, departments=[kultur])
    workshop = Workshop.objects.get(cohort=cohort, part=2)
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, source="manuell", workshop=workshop)
    assert "source" in error.value.error_dict
    assert _create(coordinator, kultur, source="workshop", workshop=workshop).workshop == workshop


# The status ---------------------------------------------------------------------------------------


def _status(need, actor, status, reason=""):
    return services.need_set_status(
        need=need, actor=actor, version=Need.objects.get(pk=need.pk).version, status=status,
        reason=reason,
    )  # fmt: skip


@pytest.mark.parametrize("status", ["geloest", "nicht_loesbar"])
def test_closing_a_need_says_why(coordinator, need, status):
    with pytest.raises(ValidationError) as error:
        _status(need, coordinator, status)
    assert "status_reason" in error.value.error_dict
    closed = _status(need, coordinator, status, "Mit der Datenplattform gelöst.")
    assert (closed.status, closed.status_reason) == (status, "Mit der Datenplattform gelöst.")


def test_the_way_through_the_register(coordinator, need):
    need = _status(need, coordinator, "in_bearbeitung")
    need = _status(need, coordinator, "geloest", "Gelöst.")
    assert need.history.first().history_change_reason == "Gelöst."


def test_reopening_a_closed_need_says_why(coordinator, need):
    _status(need, coordinator, "geloest", "Gelöst.")
    with pytest.raises(ValidationError) as error:
        _status(need, coordinator, "offen")
    assert "status_reason" in error.value.error_dict
    reopened = _status(need, coordinator, "offen", "Die Lösung trägt nicht.")
    assert (reopened.status, reopened.status_reason) == ("offen", "Die Lösung trägt nicht.")


def test_a_need_does_not_move_to_the_status_it_has(coordinator, need):
    with pytest.raises(ValidationError):
        _status(need, coordinator, "offen", "Nochmal")


def test_a_status_outside_the_choices_is_refused(coordinator, need):
    with pytest.raises(ValidationError):
        _status(need, coordinator, "vergessen", "x")
    assert Need.objects.get().status == "offen"


def test_the_edit_does_not_change_the_status(coordinator, need):
    with pytest.raises(ValidationError):
        services.need_update(need=need, actor=coordinator, version=1, status="geloest")
    assert Need.objects.get().status == "offen"


@pytest.mark.parametrize("role", ["staff", "partner", "leadership_user"])
def test_readers_do_not_change_the_status(request, role, need):
    with pytest.raises(PermissionDenied):
        _status(need, request.getfixturevalue(role), "in_bearbeitung")


# Stale edits --------------------------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_nothing_is_saved(coordinator, rds_user, need):
    services.need_update(need=need, actor=rds_user, version=1, severity="kritisch")
    with pytest.raises(services.StaleEditError) as stale:
        services.need_update(need=need, actor=coordinator, version=1, severity="niedrig")
    assert stale.value.current.severity == "kritisch"
    assert Need.objects.get().severity == "kritisch"


def test_an_edit_without_a_version_is_a_conflict(coordinator, need):
    with pytest.raises(services.StaleEditError):
        services.need_update(need=need, actor=coordinator, version=None, title="X")


def test_a_stale_status_change_is_refused(coordinator, need):
    services.need_set_status(
        need=need, actor=coordinator, version=1, status="in_bearbeitung", reason=""
    )
    with pytest.raises(services.StaleEditError):
        services.need_set_status(
            need=need, actor=coordinator, version=1, status="geloest", reason="x"
        )


def test_a_need_does_not_move_to_another_workspace(coordinator, need, soziales):
    services.need_update(need=need, actor=coordinator, version=1, department=soziales)
    assert Need.objects.get().department.slug == "kultur"


def test_an_offering_that_is_discontinued_keeps_its_needs(coordinator, kultur, rds_user):
    offering = OfferingFactory()
    need = _create(coordinator, kultur, offering=offering)
    Offering.objects.filter(pk=offering.pk).update(status="eingestellt")
    services.need_update(need=need, actor=coordinator, version=1, title="Neu", offering=offering)
    assert Need.objects.get().offering == offering


def test_a_discontinued_offering_is_not_linked_anew(coordinator, kultur):
    offering = OfferingFactory(status="eingestellt")
    with pytest.raises(ValidationError) as error:
        _create(coordinator, kultur, offering=offering)
    assert "offering" in error.value.error_dict


def test_a_deleted_offering_leaves_its_needs(coordinator, kultur):
    offering = OfferingFactory()
    _create(coordinator, kultur, offering=offering)
    offering.delete()
    assert Need.objects.get().offering is None


def test_creating_for_unknown_users_is_refused(coordinator, kultur):
    with pytest.raises(ValidationError):
        _create(coordinator, kultur, owner=UserFactory.build(pk=987654))


def test_a_partner_invited_to_chosen_projects_sees_only_the_needs_linked_to_them(
    partner, kultur, kultur_project
):
    from needs.models import Need
    from tests.factories import ProjectFactory

    partner.memberships.get().projects.set([kultur_project])
    linked = Need.objects.create(department=kultur, category="daten", title="Daten fehlen")
    linked.projects.add(kultur_project)
    other = Need.objects.create(department=kultur, category="personal", title="Personal fehlt")
    other.projects.add(ProjectFactory(department=kultur))
    Need.objects.create(department=kultur, category="budget", title="Budget fehlt")
    assert list(Need.objects.visible_to(partner)) == [linked]
