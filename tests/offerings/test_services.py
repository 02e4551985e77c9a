"""The offerings' services: the central unit keeps the catalogue and answers requests, editors
of a project link it to offerings, a department's staff ask for one. Everyone else is
refused, and nothing changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from offerings import services
from offerings.models import Offering, OfferingRequest
from projects import services as project_services
from tests.factories import OfferingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(db):
    return OfferingFactory(title="Urbane Datenplattform", slug="datenplattform")


# The catalogue ------------------------------------------------------------------------------------


def test_the_central_unit_adds_an_offering_with_its_history(rds_user):
    offering = services.offering_create(
        actor=rds_user, title="Städtische App", slug="app", contact="Team App"
    )
    assert offering.status == Offering.Status.AVAILABLE
    assert offering.history.get().history_user == rds_user


@pytest.mark.parametrize("role", ["coordinator", "staff", "leadership_user", "partner"])
def test_nobody_else_adds_an_offering(request, role):
    with pytest.raises(PermissionDenied):
        services.offering_create(actor=request.getfixturevalue(role), title="X", slug="x")
    assert not Offering.objects.exists()


@pytest.mark.parametrize("slug", ["neu", "anfragen"])
def test_a_key_of_the_catalogues_own_pages_is_refused(rds_user, slug):
    with pytest.raises(ValidationError) as error:
        services.offering_create(actor=rds_user, title="X", slug=slug)
    assert "slug" in error.value.error_dict


def test_an_edit_based_on_the_current_version_is_saved(rds_user, offering):
    saved = services.offering_update(
        offering=offering, actor=rds_user, version=1, title="Datenplattform der Stadt"
    )
    assert (saved.title, saved.version) == ("Datenplattform der Stadt", 2)


def test_a_stale_edit_is_refused_and_nothing_is_saved(rds_user, offering):
    services.offering_update(offering=offering, actor=rds_user, version=1, contact="Team A")
    with pytest.raises(services.StaleEditError) as stale:
        services.offering_update(offering=offering, actor=rds_user, version=1, contact="Team B")
    assert stale.value.current.contact == "Team A"
    assert Offering.objects.get().contact == "Team A"


def test_an_edit_without_a_version_is_a_conflict(rds_user, offering):
    with pytest.raises(services.StaleEditError):
        services.offering_update(offering=offering, actor=rds_user, version=None, title="X")


def test_the_coordination_may_not_edit_an_offering(coordinator, offering):
    with pytest.raises(PermissionDenied):
        services.offering_update(offering=offering, actor=coordinator, version=1, title="X")


# Projects using offerings -------------------------------------------------------------------------


def test_an_editor_of_the_project_links_it_to_an_offering(coordinator, kultur_project, offering):
    services.project_offering_link(project=kultur_project, offering=offering, actor=coordinator)
    assert list(kultur_project.offerings.all()) == [offering]


def test_linking_twice_changes_nothing(coordinator, kultur_project, offering):
    for _ in range(2):
        services.project_offering_link(project=kultur_project, offering=offering, actor=coordinator)
    assert offering.projects.count() == 1


def test_the_link_is_removed_again(coordinator, kultur_project, offering):
    offering.projects.add(kultur_project)
    services.project_offering_unlink(project=kultur_project, offering=offering, actor=coordinator)
    assert not offering.projects.exists()


@pytest.mark.parametrize("role", ["staff", "leadership_user", "partner", "outsider"])
def test_who_may_not_edit_the_project_does_not_link_it(request, role, kultur_project, offering):
    with pytest.raises(PermissionDenied):
        services.project_offering_link(
            project=kultur_project, offering=offering, actor=request.getfixturevalue(role)
        )
    assert not offering.projects.exists()


def test_a_contributing_partner_does_not_link_offerings_they_never_see(
    partner_contributor, kultur_project, offering
):
    with pytest.raises(PermissionDenied):
        services.project_offering_link(
            project=kultur_project, offering=offering, actor=partner_contributor
        )
    assert not offering.projects.exists()


def test_a_discontinued_offering_takes_no_new_project(coordinator, kultur_project):
    offering = OfferingFactory(status=Offering.Status.DISCONTINUED)
    with pytest.raises(ValidationError):
        services.project_offering_link(project=kultur_project, offering=offering, actor=coordinator)
    assert not offering.projects.exists()


def test_an_archived_project_is_not_linked(coordinator, kultur_project, offering):
    project_services.project_archive(project=kultur_project, actor=coordinator)
    with pytest.raises(ValidationError):
        services.project_offering_link(project=kultur_project, offering=offering, actor=coordinator)


# Requests -----------------------------------------------------------------------------------------


def test_the_coordination_asks_for_an_offering_for_its_department(coordinator, kultur, offering):
    asked = services.offering_request_create(
        actor=coordinator, offering=offering, department=kultur, note="Für das Ticketing"
    )
    assert (asked.status, asked.requested_by, asked.department) == ("offen", coordinator, kultur)


def test_staff_ask_for_their_own_department(staff, soziales, offering):
    services.offering_request_create(
        actor=staff, offering=offering, department=soziales, note="Bitte beraten"
    )
    assert OfferingRequest.objects.filter(department=soziales).count() == 1


@pytest.mark.parametrize(
    "role", ["staff", "leadership_user", "partner", "partner_contributor", "outsider"]
)
def test_nobody_asks_on_behalf_of_a_department_they_may_not_edit(request, role, kultur, offering):
    with pytest.raises(PermissionDenied):
        services.offering_request_create(
            actor=request.getfixturevalue(role), offering=offering, department=kultur, note="X"
        )
    assert not OfferingRequest.objects.exists()


def test_a_request_says_what_is_needed(coordinator, kultur, offering):
    with pytest.raises(ValidationError):
        services.offering_request_create(
            actor=coordinator, offering=offering, department=kultur, note="  "
        )


def test_a_discontinued_offering_cannot_be_requested(coordinator, kultur):
    offering = OfferingFactory(status=Offering.Status.DISCONTINUED)
    with pytest.raises(ValidationError):
        services.offering_request_create(
            actor=coordinator, offering=offering, department=kultur, note="X"
        )


@pytest.fixture
def asked(coordinator, kultur, offering):
    return services.offering_request_create(
        actor=coordinator, offering=offering, department=kultur, note="Für das Ticketing"
    )


def test_the_central_unit_answers_and_closes_a_request(rds_user, asked):
    done = services.offering_request_answer(
        offering_request=asked, actor=rds_user, version=1, status="erledigt", answer="Erledigt."
    )
    assert (done.status, done.answer, done.answered_by) == ("erledigt", "Erledigt.", rds_user)
    assert done.answered_at is not None


@pytest.mark.parametrize("status", ["erledigt", "abgelehnt"])
def test_a_request_is_closed_only_with_an_answer(rds_user, asked, status):
    with pytest.raises(ValidationError) as error:
        services.offering_request_answer(
            offering_request=asked, actor=rds_user, version=1, status=status, answer=""
        )
    assert "answer" in error.value.error_dict


def test_a_closed_request_is_reopened_for_clarification_not_to_open(rds_user, asked):
    declined = services.offering_request_answer(
        offering_request=asked, actor=rds_user, version=1, status="abgelehnt", answer="Nein."
    )
    with pytest.raises(ValidationError):
        services.offering_request_answer(
            offering_request=declined, actor=rds_user, version=2, status="offen", answer="x"
        )
    again = services.offering_request_answer(
        offering_request=declined, actor=rds_user, version=2, status="in_klaerung", answer="Doch."
    )
    assert again.status == "in_klaerung"


def test_a_status_outside_the_choices_is_refused(rds_user, asked):
    with pytest.raises(ValidationError):
        services.offering_request_answer(
            offering_request=asked, actor=rds_user, version=1, status="fertig", answer="x"
        )


def test_a_stale_answer_is_refused(rds_user, asked):
    services.offering_request_answer(
        offering_request=asked, actor=rds_user, version=1, status="in_klaerung", answer="A"
    )
    with pytest.raises(services.StaleEditError):
        services.offering_request_answer(
            offering_request=asked, actor=rds_user, version=1, status="erledigt", answer="B"
        )
    assert OfferingRequest.objects.get().answer == "A"


@pytest.mark.parametrize("role", ["coordinator", "leadership_user", "staff"])
def test_only_the_central_unit_answers(request, role, asked):
    with pytest.raises(PermissionDenied):
        services.offering_request_answer(
            offering_request=asked,
            actor=request.getfixturevalue(role),
            version=1,
            status="erledigt",
            answer="Selbst erledigt.",
        )
    assert OfferingRequest.objects.get().status == "offen"
