"""A workshop's results change the workspace: the change list, reviewed item by item and
applied in one transaction through the project services, and Teil 3's priority list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agenda.models import FieldOfAction, Goal
from projects import services as project_services
from projects.models import Project
from tests.factories import ProjectFactory, UserFactory
from tests.workshops.fixtures_series import *  # noqa: F403
from tests.workshops.fixtures_series import end_review
from workshops import services
from workshops.models import ChangeItem


@pytest.fixture
def projects(kultur):
    return [
        ProjectFactory(department=kultur, title="Digitales Kulturticket", priority_rank=1),
        ProjectFactory(department=kultur, title="Online-Förderantrag", priority_rank=2),
        ProjectFactory(department=kultur, title="Archiv digitalisieren"),
    ]


def propose(workshop, actor, project, field, value):
    return services.change_propose(
        workshop=workshop, actor=actor, project=project, field=field, value=value
    )


def test_accepted_changes_are_applied_together_and_history_names_the_workshop(
    kultur_teil2, coordinator, rds_user, projects
):
    ticket, antrag, _archive = projects
    status = propose(kultur_teil2, rds_user, ticket, "status", Project.Status.IMPLEMENTATION)
    financing = propose(kultur_teil2, rds_user, ticket, "financing", Project.Financing.FINANCED)
    rejected = propose(kultur_teil2, rds_user, antrag, "status", Project.Status.PAUSED)
    services.change_decide(item=status, actor=coordinator, accept=True)
    services.change_decide(item=financing, actor=coordinator, accept=True)
    services.change_decide(item=rejected, actor=coordinator, accept=False)

    services.change_list_apply(workshop=kultur_teil2, actor=coordinator)

    ticket.refresh_from_db()
    antrag.refresh_from_db()
    assert (ticket.status, ticket.financing) == ("umsetzung", "finanziert")
    assert antrag.status == Project.Status.PLANNING
    latest = ticket.history.latest()
    assert latest.history_change_reason in (
        "geändert in Workshop Teil 2, Staffel 3",
        "changed in workshop Part 2, cohort 3",
    )
    assert latest.history_user == coordinator
    assert ticket.history.count() == 2  # created, then one save for both changes
    states = dict(ChangeItem.objects.values_list("pk", "state"))
    assert states == {
        status.pk: "uebernommen",
        financing.pk: "uebernommen",
        rejected.pk: "abgelehnt",
    }


def test_goals_and_fields_of_action_change_as_sets(kultur_teil2, coordinator, projects, agenda):
    ticket = projects[0]
    goal = Goal.objects.first()
    field = FieldOfAction.objects.first()
    goals = propose(kultur_teil2, coordinator, ticket, "goals", [str(goal.pk)])
    fields = propose(kultur_teil2, coordinator, ticket, "fields_of_action", [field.pk])
    for item in (goals, fields):
        services.change_decide(item=item, actor=coordinator, accept=True)
    services.change_list_apply(workshop=kultur_teil2, actor=coordinator)
    assert list(ticket.goals.all()) == [goal]
    assert list(ticket.fields_of_action.all()) == [field]


def test_a_change_to_a_project_edited_since_is_refused_and_nothing_is_applied(
    kultur_teil2, coordinator, projects
):
    ticket, antrag, _archive = projects
    fresh = propose(kultur_teil2, coordinator, antrag, "status", Project.Status.IMPLEMENTATION)
    stale = propose(kultur_teil2, coordinator, ticket, "status", Project.Status.PAUSED)
    for item in (fresh, stale):
        services.change_decide(item=item, actor=coordinator, accept=True)
    project_services.project_update(
        project=ticket, actor=coordinator, version=ticket.version, title="Kulturticket 2.0"
    )

    with pytest.raises(services.StaleChanges, match=r"Kulturticket 2\.0"):
        services.change_list_apply(workshop=kultur_teil2, actor=coordinator)

    antrag.refresh_from_db()
    assert antrag.status == Project.Status.PLANNING  # atomic: the fresh one was not applied
    assert set(ChangeItem.objects.values_list("state", flat=True)) == {"angenommen"}
    services.change_refresh(item=stale, actor=coordinator)
    stale.refresh_from_db()
    assert stale.state == "vorgeschlagen"
    services.change_decide(item=stale, actor=coordinator, accept=True)
    services.change_list_apply(workshop=kultur_teil2, actor=coordinator)
    ticket.refresh_from_db()
    assert (ticket.title, ticket.status) == ("Kulturticket 2.0", "pausiert")


def test_hostile_values_are_refused(kultur_teil2, coordinator, projects, soziales_project):
    ticket = projects[0]
    for field, value in [
        ("status", "<script>"),
        ("financing", "gratis"),
        ("priority_rank", -3),
        ("goals", ["x"]),
        ("title", "Neu"),
    ]:
        with pytest.raises(ValidationError):
            propose(kultur_teil2, coordinator, ticket, field, value)
    with pytest.raises(ValidationError):  # another department's project
        propose(kultur_teil2, coordinator, soziales_project, "status", "pausiert")
    with pytest.raises(ValidationError):  # unchanged
        propose(kultur_teil2, coordinator, ticket, "status", ticket.status)
    assert not ChangeItem.objects.exists()


def test_only_the_coordination_decides_and_applies(kultur_teil2, coordinator, staff, projects):
    item = propose(kultur_teil2, coordinator, projects[0], "status", "pausiert")
    with pytest.raises(PermissionDenied):
        services.change_decide(item=item, actor=staff, accept=True)
    with pytest.raises(PermissionDenied):
        services.change_list_apply(workshop=kultur_teil2, actor=staff)


def test_the_priority_list_ranks_open_projects_and_becomes_the_workspace_order(
    kultur_teil3, coordinator, projects, kultur
):
    ticket, antrag, archive = projects
    ProjectFactory(department=kultur, title="Erledigt", status=Project.Status.COMPLETED)
    ranked = services.priorities_sync(workshop=kultur_teil3)
    assert [entry.project for entry in ranked] == [ticket, antrag, archive]

    services.priority_move(
        workshop=kultur_teil3, actor=coordinator, project_id=archive.pk, direction="up"
    )
    ranked = services.priority_move(
        workshop=kultur_teil3, actor=coordinator, project_id=archive.pk, direction="up"
    )
    assert [entry.project for entry in ranked] == [archive, ticket, antrag]
    services.priority_move(  # the top stays the top
        workshop=kultur_teil3, actor=coordinator, project_id=archive.pk, direction="up"
    )

    assert services.priorities_apply(workshop=kultur_teil3, actor=coordinator) == 3
    order = Project.objects.filter(department=kultur, priority_rank__isnull=False).order_by(
        "priority_rank"
    )
    assert [p.title for p in order] == [
        "Archiv digitalisieren",
        "Digitales Kulturticket",
        "Online-Förderantrag",
    ]
    assert archive.history.latest().history_change_reason in (
        "geändert in Workshop Teil 3, Staffel 3",
        "changed in workshop Part 3, cohort 3",
    )


def test_the_priority_list_belongs_to_part_3(kultur_teil2, coordinator, projects):
    with pytest.raises(ValidationError):
        services.priority_move(
            workshop=kultur_teil2, actor=coordinator, project_id=projects[0].pk, direction="up"
        )


def test_released_minutes_freeze_the_results(kultur_teil2, coordinator, staff, projects):
    services.workshop_mark_held(workshop=kultur_teil2, actor=coordinator)
    workshop = services.minutes_save(
        workshop=kultur_teil2, actor=coordinator, version=kultur_teil2.version + 1, minutes="# P"
    )
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    with pytest.raises(ValidationError, match=r"object until|Einwände"):
        services.minutes_release(workshop=workshop, actor=coordinator)  # the period runs
    services.minutes_release(workshop=end_review(workshop), actor=coordinator)
    workshop.refresh_from_db()
    assert workshop.status == "protokoll_freigegeben"
    assert workshop.released_by == coordinator
    assert workshop.released_at
    with pytest.raises(ValidationError):
        services.decision_add(workshop=workshop, actor=coordinator, text="Nachtrag")


def test_an_open_objection_holds_the_release(kultur_teil2, coordinator, rds_user):
    workshop = services.workshop_mark_held(workshop=kultur_teil2, actor=coordinator)
    workshop = services.minutes_save(
        workshop=workshop, actor=coordinator, version=workshop.version, minutes="Entwurf"
    )
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    workshop.participants.add(rds_user)
    thread = services.objection_raise(workshop=workshop, actor=rds_user, body="Punkt 2 fehlt.")
    workshop = end_review(workshop)
    with pytest.raises(ValidationError):
        services.minutes_release(workshop=workshop, actor=coordinator)
    services.objection_answer(thread=thread, actor=coordinator, body="Ergänzt.", resolve=True)
    services.minutes_release(workshop=workshop, actor=coordinator)
    with pytest.raises(ValidationError):  # released: the thread stays closed
        services.objection_answer(thread=thread, actor=rds_user, body="Doch nicht.")


def test_changed_minutes_are_shared_again_before_release(kultur_teil2, coordinator):
    workshop = services.workshop_mark_held(workshop=kultur_teil2, actor=coordinator)
    workshop = services.minutes_save(
        workshop=workshop, actor=coordinator, version=workshop.version, minutes="Entwurf"
    )
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    workshop = services.minutes_save(
        workshop=workshop, actor=coordinator, version=workshop.version, minutes="Anders"
    )
    assert workshop.review_opened_at is None
    with pytest.raises(ValidationError):
        services.minutes_release(workshop=workshop, actor=coordinator)


def test_the_change_list_freezes_with_the_minutes(kultur_teil2, coordinator, projects):
    item = propose(kultur_teil2, coordinator, projects[0], "status", "pausiert")
    workshop = services.workshop_mark_held(workshop=kultur_teil2, actor=coordinator)
    workshop = services.minutes_save(
        workshop=workshop, actor=coordinator, version=workshop.version, minutes="P"
    )
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    services.minutes_release(workshop=end_review(workshop), actor=coordinator)
    item.refresh_from_db()
    for action in (
        lambda: services.change_decide(item=item, actor=coordinator, accept=True),
        lambda: services.change_refresh(item=item, actor=coordinator),
        lambda: services.change_list_apply(workshop=item.workshop, actor=coordinator),
    ):
        with pytest.raises(ValidationError):
            action()


def test_an_accepted_change_is_removed_only_by_the_coordination(
    kultur_teil2, coordinator, rds_user, projects
):
    office = UserFactory()
    kultur_teil2.cohort.supporters.add(office)
    item = propose(kultur_teil2, office, projects[0], "status", "pausiert")
    services.change_decide(item=item, actor=coordinator, accept=True)
    with pytest.raises(PermissionDenied):
        services.remove(item=item, actor=office)
    with pytest.raises(PermissionDenied):
        services.change_refresh(item=item, actor=office)
    services.remove(item=item, actor=coordinator)


def test_applying_the_priority_list_clears_the_ranks_of_closed_projects(
    kultur_teil3, coordinator, projects, kultur
):
    done = ProjectFactory(
        department=kultur, title="Erledigt", status=Project.Status.COMPLETED, priority_rank=1
    )
    services.priorities_apply(workshop=kultur_teil3, actor=coordinator)
    done.refresh_from_db()
    assert done.priority_rank is None
    ranks = Project.objects.filter(department=kultur).exclude(pk=done.pk)
    assert sorted(ranks.values_list("priority_rank", flat=True)) == [1, 2, 3]


def test_only_participants_object(kultur_teil2, coordinator, staff):
    workshop = services.workshop_mark_held(workshop=kultur_teil2, actor=coordinator)
    workshop = services.minutes_save(
        workshop=workshop, actor=coordinator, version=workshop.version, minutes="Entwurf"
    )
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.objection_raise(workshop=workshop, actor=staff, body="Ich war nicht dabei.")
