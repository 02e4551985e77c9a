"""The cohort and workshop pages ask the database a fixed number of times, however many
results, projects and workshops there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import Project
from tests.factories import ProjectFactory, UserFactory
from tests.workshops.fixtures_series import *  # noqa: F403
from workshops import services


def _results(workshop, actor, kultur, n):
    for i in range(n):
        project = ProjectFactory(department=kultur, title=f"Abfrage {n}-{i}")
        services.decision_add(workshop=workshop, actor=actor, text=f"Beschluss {i}")
        services.question_add(workshop=workshop, actor=actor, text=f"Frage {i}")
        services.discussed_add(workshop=workshop, actor=actor, project=project)
        services.change_propose(
            workshop=workshop, actor=actor, project=project, field="status",
            value=Project.Status.PAUSED,
        )  # fmt: skip
        services.finding_add(
            workshop=workshop, actor=actor, kind="bedarf", title=f"Bedarf {i}", projects=[project]
        )
        workshop.guests.create(name=f"Gast {i}")
        workshop.participants.add(UserFactory())


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["workshop", "cohort", "priorities", "workshops", "cohorts"])
def test_pages_do_a_constant_number_of_queries(client, rds_user, cohort, kultur, page):
    workshop = cohort.workshops.get(department=kultur, part=3)
    urls = {
        "workshop": workshop.get_absolute_url(),
        "cohort": cohort.get_absolute_url(),
        "priorities": f"/workshops/{workshop.pk}/prioritaeten/",
        "workshops": "/workshops/",
        "cohorts": "/staffeln/",
    }
    client.force_login(rds_user)
    _results(workshop, rds_user, kultur, 2)
    client.get(urls[page])  # warm caches (sessions, content types)
    few = _count(client, urls[page])
    _results(workshop, rds_user, kultur, 12)
    for number in range(4, 8):
        services.cohort_create(actor=rds_user, number=number, departments=[kultur])
    assert _count(client, urls[page]) == few
