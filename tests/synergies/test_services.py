"""The link rules: once per pair, never with itself, no circle of dependencies, who proposes
and who decides, the status steps, merging a confirmed duplicate."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from synergies import services
from synergies.models import Synergy
from tests.factories import MembershipFactory, ProjectFactory

Kind, Status = Synergy.Kind, Synergy.Status


def propose(actor, project, other, kind=Kind.REUSE, **extra):
    return services.synergy_propose(actor=actor, project=project, other=other, kind=kind, **extra)


def test_staff_propose_a_link_of_their_project_with_one_they_see(
    coordinator, kultur_project, soziales_project
):
    link = propose(coordinator, kultur_project, soziales_project, description="Portal teilen")
    assert (link.source, link.target, link.status) == (
        kultur_project,
        soziales_project,
        Status.PROPOSED,
    )
    assert link.proposed_by == coordinator
    assert link.history.count() == 1


def test_a_pair_is_linked_once_whatever_the_kind_or_the_side(
    coordinator, staff, kultur_project, soziales_project
):
    propose(coordinator, kultur_project, soziales_project)
    with pytest.raises(ValidationError) as error:
        propose(staff, soziales_project, kultur_project, kind=Kind.DUPLICATE)
    assert "schon verknüpft" in str(error.value)
    assert Synergy.objects.count() == 1


def test_the_database_refuses_a_second_link_of_a_pair_too(kultur_project, soziales_project):
    from django.db import IntegrityError, transaction

    Synergy.objects.create(kind=Kind.REUSE, source=kultur_project, target=soziales_project)
    with pytest.raises(IntegrityError), transaction.atomic():
        Synergy.objects.create(kind=Kind.REUSE, source=soziales_project, target=kultur_project)


def test_a_project_is_not_linked_with_itself(coordinator, kultur_project):
    with pytest.raises(ValidationError):
        propose(coordinator, kultur_project, kultur_project)
    assert not Synergy.objects.exists()


def test_symmetric_kinds_keep_the_lower_id_first(coordinator, kultur_project, soziales_project):
    low, high = sorted([kultur_project, soziales_project], key=lambda p: p.pk)
    link = propose(coordinator, kultur_project, soziales_project, kind=Kind.SHARED_COMPONENT)
    assert (link.source, link.target) == (low, high)


def test_directed_kinds_keep_the_direction_chosen(coordinator, kultur_project, soziales_project):
    link = propose(coordinator, kultur_project, soziales_project, outgoing=False)
    assert (link.source, link.target) == (soziales_project, kultur_project)


def test_dependencies_never_close_a_circle(rds_user, kultur, soziales):
    a, b, c = (ProjectFactory(department=kultur) for _ in range(3))
    propose(rds_user, a, b, kind=Kind.DEPENDENCY)  # a depends on b
    propose(rds_user, b, c, kind=Kind.DEPENDENCY)  # b depends on c
    with pytest.raises(ValidationError) as error:
        propose(rds_user, c, a, kind=Kind.DEPENDENCY)
    assert "Kreis" in str(error.value)
    # The other way round is fine, and so is the reverse as another kind.
    propose(rds_user, a, c, kind=Kind.DEPENDENCY)


def test_a_discarded_dependency_does_not_count_but_reopening_it_is_checked(rds_user, kultur):
    a, b, c = (ProjectFactory(department=kultur) for _ in range(3))
    ab = propose(rds_user, a, b, kind=Kind.DEPENDENCY)
    propose(rds_user, b, c, kind=Kind.DEPENDENCY)
    services.synergy_decide(synergy=ab, actor=rds_user, status=Status.DISCARDED, reason="nein")
    propose(rds_user, c, a, kind=Kind.DEPENDENCY)
    with pytest.raises(ValidationError):
        services.synergy_decide(synergy=ab, actor=rds_user, status=Status.PROPOSED, reason="doch")


def test_partners_leadership_and_other_departments_cannot_propose(
    partner_contributor, leadership_user, staff, kultur_project, soziales_project
):
    for actor in (partner_contributor, leadership_user):
        with pytest.raises(PermissionDenied):
            propose(actor, kultur_project, soziales_project)
    with pytest.raises(PermissionDenied):  # staff of Soziales may not link Kultur's project
        propose(staff, kultur_project, soziales_project)


def test_the_other_project_must_be_one_the_actor_sees(
    staff, soziales_project, kultur, kultur_office
):
    hidden = ProjectFactory(department=kultur, lead_unit=kultur_office, confidential=True)
    with pytest.raises(ValidationError):
        propose(staff, soziales_project, hidden)
    assert not Synergy.objects.exists()


def test_an_unknown_kind_is_refused(coordinator, kultur_project, soziales_project):
    with pytest.raises(ValidationError):
        propose(coordinator, kultur_project, soziales_project, kind="freundschaft")


def test_across_departments_only_the_central_unit_decides(
    coordinator, staff, rds_user, kultur_project, soziales_project
):
    link = propose(coordinator, kultur_project, soziales_project)
    for actor in (coordinator, staff):
        with pytest.raises(PermissionDenied):
            services.synergy_decide(synergy=link, actor=actor, status=Status.CONFIRMED)
    link = services.synergy_decide(synergy=link, actor=rds_user, status=Status.CONFIRMED)
    assert (link.status, link.decided_by) == (Status.CONFIRMED, rds_user)


def test_within_a_department_its_coordination_decides(coordinator, kultur, kultur_project):
    library = ProjectFactory(department=kultur, lead_unit=kultur.units.exclude(name="Kulturamt")[0])
    link = propose(coordinator, kultur_project, library)
    link = services.synergy_decide(synergy=link, actor=coordinator, status=Status.CONFIRMED)
    assert link.status == Status.CONFIRMED


def test_the_status_steps_and_their_reasons(rds_user, kultur_project, soziales_project):
    link = propose(rds_user, kultur_project, soziales_project)
    with pytest.raises(ValidationError):  # not implemented before it is confirmed
        services.synergy_decide(synergy=link, actor=rds_user, status=Status.IMPLEMENTED)
    with pytest.raises(ValidationError) as error:  # discarding needs a reason
        services.synergy_decide(synergy=link, actor=rds_user, status=Status.DISCARDED)
    assert "reason" in error.value.error_dict
    link = services.synergy_decide(
        synergy=link, actor=rds_user, status=Status.DISCARDED, reason="  andere   Zielgruppe "
    )
    assert (link.status, link.status_reason) == (Status.DISCARDED, "andere Zielgruppe")
    link = services.synergy_decide(synergy=link, actor=rds_user, status=Status.PROPOSED, reason="x")
    link = services.synergy_decide(synergy=link, actor=rds_user, status=Status.CONFIRMED)
    link = services.synergy_decide(synergy=link, actor=rds_user, status=Status.IMPLEMENTED)
    assert link.status == Status.IMPLEMENTED
    with pytest.raises(ValidationError):
        services.synergy_decide(synergy=link, actor=rds_user, status="erfunden")


def test_a_stale_edit_is_refused_and_changes_nothing(coordinator, kultur_project, soziales_project):
    link = propose(coordinator, kultur_project, soziales_project)
    services.synergy_update(
        synergy=link, actor=coordinator, version=1, kind=Kind.REUSE, description="neu"
    )
    with pytest.raises(services.StaleSynergy):
        services.synergy_update(
            synergy=link, actor=coordinator, version=1, kind=Kind.DUPLICATE, description="alt"
        )
    link.refresh_from_db()
    assert (link.kind, link.description, link.version) == (Kind.REUSE, "neu", 2)


def test_an_edit_can_swap_the_direction(coordinator, kultur_project, soziales_project):
    link = propose(coordinator, kultur_project, soziales_project)
    link = services.synergy_update(
        synergy=link, actor=coordinator, version=1, kind=Kind.REUSE, description="", reverse=True
    )
    assert (link.source, link.target) == (soziales_project, kultur_project)


def test_a_decided_link_cannot_be_edited_by_staff(
    coordinator, rds_user, kultur_project, soziales_project
):
    link = propose(coordinator, kultur_project, soziales_project)
    link = services.synergy_decide(
        synergy=link, actor=rds_user, status=Status.DISCARDED, reason="nein"
    )
    with pytest.raises(PermissionDenied):
        services.synergy_update(
            synergy=link, actor=coordinator, version=link.version, kind=Kind.REUSE, description=""
        )


def test_a_confirmed_duplicate_is_merged(rds_user, kultur, soziales, kultur_project):
    twin = ProjectFactory(department=soziales, title="Digitale Ausleihe (Soziales)")
    third = ProjectFactory(department=soziales)
    dependency = propose(rds_user, twin, third, kind=Kind.DEPENDENCY)  # twin depends on third
    duplicate = propose(rds_user, kultur_project, twin, kind=Kind.DUPLICATE)
    with pytest.raises(ValidationError):  # only once confirmed
        services.duplicate_merge(
            synergy=duplicate, actor=rds_user, keep=kultur_project, version=duplicate.version
        )
    duplicate = services.synergy_decide(synergy=duplicate, actor=rds_user, status=Status.CONFIRMED)
    services.duplicate_merge(
        synergy=duplicate, actor=rds_user, keep=kultur_project, version=duplicate.version
    )
    twin.refresh_from_db()
    dependency.refresh_from_db()
    duplicate.refresh_from_db()
    assert twin.is_archived
    assert (dependency.source, dependency.target) == (kultur_project, third)
    assert duplicate.status == Status.IMPLEMENTED
    # No title in texts that readers of either side see.
    assert twin.title not in duplicate.status_reason
    assert twin.title not in (dependency.history.first().history_change_reason or "")


def test_a_merged_duplicate_cannot_be_merged_again(rds_user, soziales, kultur_project):
    twin = ProjectFactory(department=soziales)
    duplicate = propose(rds_user, kultur_project, twin, kind=Kind.DUPLICATE)
    duplicate = services.synergy_decide(synergy=duplicate, actor=rds_user, status=Status.CONFIRMED)
    services.duplicate_merge(
        synergy=duplicate, actor=rds_user, keep=kultur_project, version=duplicate.version
    )
    duplicate.refresh_from_db()
    duplicate = services.synergy_decide(
        synergy=duplicate, actor=rds_user, status=Status.CONFIRMED, reason="falsch zusammengeführt"
    )
    with pytest.raises(ValidationError):
        services.duplicate_merge(
            synergy=duplicate, actor=rds_user, keep=twin, version=duplicate.version
        )
    kultur_project.refresh_from_db()
    assert not kultur_project.is_archived


def test_a_confirmed_link_is_changed_only_by_those_who_decide(coordinator, kultur):
    library = ProjectFactory(department=kultur, lead_unit=kultur.units.exclude(name="Kulturamt")[0])
    staff_member = MembershipFactory(department=kultur, role="mitarbeit").user
    link = propose(staff_member, library, ProjectFactory(department=kultur))
    link = services.synergy_decide(synergy=link, actor=coordinator, status=Status.CONFIRMED)
    with pytest.raises(PermissionDenied):
        services.synergy_update(
            synergy=link, actor=staff_member, version=link.version, kind=Kind.DUPLICATE,
            description="",
        )  # fmt: skip
    link = services.synergy_update(
        synergy=link, actor=coordinator, version=link.version, kind=Kind.REPLICATION,
        description="",
    )  # fmt: skip
    assert link.kind == Kind.REPLICATION


def test_archived_projects_are_not_linked(coordinator, rds_user, kultur_project, soziales_project):
    from projects.services import project_archive

    project_archive(project=soziales_project, actor=rds_user)
    with pytest.raises(ValidationError):
        propose(coordinator, kultur_project, soziales_project)
    project_archive(project=kultur_project, actor=rds_user)
    with pytest.raises(PermissionDenied):
        services.suggestion_dismiss(
            actor=coordinator, project=kultur_project, other=soziales_project
        )


def test_accepting_without_a_stored_suggestion_is_a_plain_proposal(
    coordinator, kultur_project, soziales_project
):
    link = services.suggestion_accept(
        actor=coordinator, project=kultur_project, other=soziales_project, kind=Kind.REUSE
    )
    assert (link.from_suggestion, link.score) == (False, None)


def test_merging_needs_a_decider_and_one_of_the_two(
    rds_user, coordinator, kultur_project, soziales
):
    twin = ProjectFactory(department=soziales)
    duplicate = propose(rds_user, kultur_project, twin, kind=Kind.DUPLICATE)
    duplicate = services.synergy_decide(synergy=duplicate, actor=rds_user, status=Status.CONFIRMED)
    with pytest.raises(PermissionDenied):
        services.duplicate_merge(
            synergy=duplicate, actor=coordinator, keep=kultur_project, version=duplicate.version
        )
    with pytest.raises(ValidationError):
        services.duplicate_merge(
            synergy=duplicate,
            actor=rds_user,
            keep=ProjectFactory(department=soziales),
            version=duplicate.version,
        )
    twin.refresh_from_db()
    assert not twin.is_archived


def test_a_merge_moves_the_offerings_and_the_needs_of_the_same_department(
    rds_user, soziales, kultur, kultur_project
):
    from needs.models import Need
    from offerings.models import Offering

    twin = ProjectFactory(department=kultur)
    other_twin = ProjectFactory(department=soziales)
    offering = Offering.objects.create(title="Urbane Datenplattform", slug="datenplattform")
    offering.projects.add(twin, kultur_project, other_twin)
    need = Need.objects.create(department=kultur, category="daten", title="Daten fehlen")
    need.projects.add(twin)
    other_need = Need.objects.create(department=soziales, category="daten", title="Daten S")
    other_need.projects.add(other_twin)
    for drop in (twin, other_twin):
        duplicate = propose(rds_user, kultur_project, drop, kind=Kind.DUPLICATE)
        duplicate = services.synergy_decide(
            synergy=duplicate, actor=rds_user, status=Status.CONFIRMED
        )
        services.duplicate_merge(
            synergy=duplicate, actor=rds_user, keep=kultur_project, version=duplicate.version
        )
    assert list(offering.projects.all()) == [kultur_project]
    assert list(need.projects.all()) == [kultur_project]
    # A need names projects of its own department only: Soziales' need stays where it was.
    assert list(other_need.projects.all()) == [other_twin]
