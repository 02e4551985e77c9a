"""The counts the dashboards keep by department (dashboards.sources): read again by the next
reader, counted afresh after every write that touches them, never shared between readers who
may see different projects."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.rights import EXTERNAL_GROUP, role_group
from agenda.models import Goal
from dashboards.city import city_figures
from dashboards.figures import department_figures
from dashboards.models import Generation, renew
from organisation.models import Membership
from projects import services as project_services
from projects.models import Project
from reporting import services as reporting_services
from tests.dashboards import kept
from tests.dashboards.conftest import TODAY
from tests.factories import MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(figures, **kwargs) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        result = figures(**kwargs)
    return len(captured), result


def test_the_next_reader_gets_the_kept_counts_with_fewer_queries(rds_user, dataset):
    first, figures = _queries(city_figures, user=rds_user)
    again, kept_figures = _queries(city_figures, user=rds_user)
    assert again <= first - 4  # counts, goals and fields by department are not asked again
    assert kept_figures["totals"] == figures["totals"]
    assert kept_figures["matrix"]["rows"][0]["cells"] == figures["matrix"]["rows"][0]["cells"]


def _title(title):
    return Project.objects.get(title=title)


def _goal(name):
    return Goal.objects.get(field__name=name)


# Each a write as the app or the administration makes it; the kept counts must follow.
WRITES = {
    "a new project": lambda kultur, soziales, user: ProjectFactory(department=kultur),
    "a project's status": lambda kultur, soziales, user: project_services.project_update(
        project=(a := _title("A")), actor=user, version=a.version, status="abgeschlossen"
    ),
    "a project archived": lambda kultur, soziales, user: project_services.project_archive(
        project=_title("B"), actor=user
    ),
    "a project deleted": lambda kultur, soziales, user: _title("C").delete(),
    "a project moved": lambda kultur, soziales, user: Project.objects.get(title="A").__class__.save(
        _moved(_title("A"), soziales)
    ),
    "a goal added to a project": lambda kultur, soziales, user: _title("D").goals.add(
        _goal("Netze")
    ),
    "a project added to a goal": lambda kultur, soziales, user: _goal("Netze").projects.add(
        _title("D")
    ),
    "a goal's projects cleared": lambda kultur, soziales, user: _goal("Daten").projects.clear(),
    "a field's projects removed": lambda kultur, soziales, user: _title(
        "A"
    ).fields_of_action.clear(),
    "a goal deleted": lambda kultur, soziales, user: _goal("Daten").delete(),
    "a status update": lambda kultur, soziales, user: project_services.status_update_create(
        project=_title("D"),
        actor=user,
        reported_on=TODAY,
        traffic_light="kritisch",
        progress=40,
        text="Neu",
    ),
}


def _moved(project, department):
    project.department = department
    project.lead_unit = department.units.first()
    return project


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_counts_its_department_afresh(rds_user, kultur, soziales, dataset, write):
    before = kept.counted(rds_user)
    WRITES[write](kultur, soziales, rds_user)
    after = kept.counted(rds_user)
    assert kept.stale_counts(rds_user, after) == {}
    assert after != before


def test_a_project_moved_twice_renews_every_department_it_passed(
    rds_user, kultur, soziales, dataset
):
    third = ProjectFactory().department
    project = _title("A")
    project.save()  # read: its department is known without asking
    _moved(project, soziales).save()
    tokens = dict(Generation.objects.values_list("department", "token"))
    _moved(project, third)
    with CaptureQueriesContext(connection) as captured:
        project.save()
    renewed = dict(Generation.objects.values_list("department", "token"))
    assert renewed[soziales.pk] != tokens[soziales.pk]
    assert renewed[third.pk] != tokens[third.pk]
    assert renewed[kultur.pk] == tokens[kultur.pk]
    asked = 'SELECT "projects_project"."department_id"'
    assert not any(query["sql"].startswith(asked) for query in captured)
    assert kept.stale_counts(rds_user, kept.counted(rds_user)) == {}


def test_a_write_renews_only_its_own_department(rds_user, kultur, soziales, dataset):
    tokens = dict(Generation.objects.values_list("department", "token"))
    ProjectFactory(department=kultur, title="Neu")
    renewed = dict(Generation.objects.values_list("department", "token"))
    assert renewed[kultur.pk] != tokens[kultur.pk]
    assert renewed[soziales.pk] == tokens[soziales.pk]


def test_readers_of_different_projects_do_not_share_kept_counts(
    rds_user, leadership_user, kultur, dataset
):
    assert department_figures(user=rds_user, department=kultur)["totals"]["total"] == 7
    # Leadership may not see the confidential G: its count is another one.
    assert department_figures(user=leadership_user, department=kultur)["totals"]["total"] == 6
    assert department_figures(user=rds_user, department=kultur)["totals"]["total"] == 7


def test_a_partner_invited_to_the_workspace_shares_the_counts_of_what_is_not_confidential(
    partner, leadership_user, kultur, dataset
):
    assert department_figures(user=partner, department=kultur)["totals"]["total"] == 6
    with CaptureQueriesContext(connection) as captured:
        figures = department_figures(user=leadership_user, department=kultur)
    assert figures["totals"]["total"] == 6
    assert not any('AS "total"' in query["sql"] for query in captured)  # kept


def test_a_partner_invited_to_chosen_projects_is_counted_afresh_each_time(kultur, dataset):
    user = UserFactory(groups=[role_group(EXTERNAL_GROUP)])
    membership = MembershipFactory(
        user=user, department=kultur, role=Membership.Role.PARTNER_READER
    )
    membership.projects.add(_title("A"), _title("B"))
    assert department_figures(user=user, department=kultur)["totals"]["total"] == 2
    assert not caches["dashboards"]._cache  # nothing kept
    with CaptureQueriesContext(connection) as captured:
        department_figures(user=user, department=kultur)
    assert any('AS "total"' in query["sql"] for query in captured)


def test_counts_are_kept_for_the_day_they_were_counted(rds_user, kultur, dataset):
    today = department_figures(user=rds_user, department=kultur, today=TODAY)
    later = department_figures(user=rds_user, department=kultur, today=TODAY + timedelta(60))
    assert later["totals"]["stale"] > today["totals"]["stale"]


def test_a_department_without_a_generation_is_counted_each_time(rds_user, kultur, dataset):
    Generation.objects.filter(department=kultur).delete()
    department_figures(user=rds_user, department=kultur)
    with CaptureQueriesContext(connection) as captured:
        figures = department_figures(user=rds_user, department=kultur)
    assert any('COUNT("projects_project"."id") AS "total"' in q["sql"] for q in captured)
    assert figures["totals"]["total"] == 7
    renew([kultur.pk])  # the next write gives it one
    assert Generation.objects.filter(department=kultur).exists()


def test_a_rounds_counts_are_kept_for_the_round(rds_user, kultur, dataset):
    frozen = reporting_services.round_freeze(actor=rds_user, title="Q4", reference_date=TODAY)
    first, figures = _queries(city_figures, user=rds_user, round=frozen)
    ProjectFactory(department=kultur, title="Nach der Runde")  # today's, not the round's
    again, kept_figures = _queries(city_figures, user=rds_user, round=frozen)
    assert again < first
    assert kept_figures["totals"] == figures["totals"]
    assert figures["totals"]["total"] == 8
