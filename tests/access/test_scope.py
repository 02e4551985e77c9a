"""access.scope and access.decorators: the workspace scope base, the one "may edit" rule and
the page gates."""

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from access.decorators import central_required, city_wide_required
from access.rights import access_for
from access.scope import WorkspaceScopedQuerySet, may_edit
from organisation.models import Department
from projects.models import Project, StatusUpdate
from tests.factories import ProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_staff_may_add_projects_to_their_own_workspace_only(coordinator, kultur, soziales):
    assert may_edit(coordinator, Project(department=kultur))
    assert not may_edit(coordinator, Project(department=soziales))


def test_partner_invited_to_chosen_projects_may_edit_those_and_add_none(
    partner_contributor, kultur, kultur_project
):
    other = ProjectFactory(department=kultur, title="Nicht eingeladen")
    partner_contributor.memberships.get().projects.set([kultur_project])
    assert may_edit(partner_contributor, kultur_project)
    assert not may_edit(partner_contributor, other)
    assert not may_edit(partner_contributor, Project(department=kultur))


def test_may_edit_agrees_with_the_edit_scope(
    any_user, kultur_project, confidential_kultur_project, soziales
):
    projects = [kultur_project, confidential_kultur_project, ProjectFactory(department=soziales)]
    editable = set(Project.objects.editable_by(any_user).values_list("pk", flat=True))
    assert {p.pk for p in projects if may_edit(any_user, p)} == editable & {p.pk for p in projects}


def test_may_read_agrees_with_the_read_scope(
    any_user, kultur_project, confidential_kultur_project, soziales
):
    projects = [
        kultur_project,
        confidential_kultur_project,
        ProjectFactory(department=soziales),
        ProjectFactory(department=soziales, confidential=True),
    ]
    access = access_for(any_user)
    readable = set(Project.objects.visible_to(any_user).values_list("pk", flat=True))
    assert {p.pk for p in projects if access.may_read(p)} == readable & {p.pk for p in projects}


def test_may_read_follows_a_partners_chosen_projects(
    partner_contributor, kultur, kultur_project, confidential_kultur_project
):
    other = ProjectFactory(department=kultur, title="Nicht eingeladen")
    invitation = partner_contributor.memberships.get()
    invitation.projects.set([kultur_project, confidential_kultur_project])
    access = access_for(partner_contributor)
    assert access.may_read(kultur_project)
    assert not access.may_read(confidential_kultur_project)
    assert not access.may_read(other)


def test_the_central_unit_may_edit_without_a_query(
    rds_user, confidential_kultur_project, django_assert_num_queries
):
    rds_user.groups.all()  # rights are read once per request, then cached on the user
    may_edit(rds_user, confidential_kultur_project)
    with django_assert_num_queries(0):
        assert may_edit(rds_user, confidential_kultur_project)


class StatusUpdateScope(WorkspaceScopedQuerySet):
    """A model whose workspace lies two steps away."""

    workspace_field = "project__department"


def test_a_model_declares_where_its_workspace_is(kultur, kultur_project):
    update = StatusUpdateFactory(project=kultur_project)
    assert Department.objects.workspace_id_of(kultur) == kultur.pk
    assert Project.objects.workspace_id_of(kultur_project) == kultur.pk
    assert StatusUpdateScope(model=StatusUpdate).workspace_id_of(update) == kultur.pk


def test_a_declared_scope_shows_partners_their_workspace_only(partner, kultur, soziales):
    mine = StatusUpdateFactory(project=ProjectFactory(department=kultur))
    StatusUpdateFactory(project=ProjectFactory(department=soziales))
    assert list(StatusUpdateScope(model=StatusUpdate).visible_to(partner)) == [mine]
    assert not StatusUpdateScope(model=StatusUpdate).editable_by(partner).exists()


def test_department_scope_for_partners_is_their_workspaces(partner, kultur, soziales):
    assert list(Department.objects.visible_to(partner)) == [kultur]


def _view(request):
    return HttpResponse("ok")


@pytest.mark.parametrize(
    ("gate", "role", "opens"),
    [
        (central_required, "rds_user", True),
        (central_required, "admin_user", True),
        (central_required, "coordinator", False),
        (central_required, "leadership_user", False),
        (city_wide_required, "staff", True),
        (city_wide_required, "leadership_user", True),
        (city_wide_required, "partner", False),
    ],
)
def test_page_gates_answer_404_to_whoever_may_not_open_the_page(request, gate, role, opens):
    http_request = RequestFactory().get("/")
    http_request.user = request.getfixturevalue(role)
    if opens:
        assert gate(_view)(http_request).status_code == 200
    else:
        with pytest.raises(Http404):
            gate(_view)(http_request)
