"""Pages do a fixed number of queries whatever the data size: measured at 20 and at 500
projects (realistic demo data with goals, offices, status updates and two reporting rounds),
every page counted cold (no cached choice list, no dashboard count kept)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from access.rights import access_for
from agenda.reference import reference_load
from demo.seeding import demo_seed
from projects.models import Project
from reporting.models import ReportingRound


def _pages(user):
    project = Project.objects.visible_to(user).order_by("pk").first()
    field = project.fields_of_action.first()
    pages = {
        "home": reverse("dashboards:home"),
        "agenda": reverse("agenda:overview"),
        "field": reverse("agenda:field", args=[field.pk]),
        "departments": reverse("dashboards:department_list"),
        "workspace": reverse("dashboards:workspace", args=["kultur"]),
        "project list": reverse("projects:list"),
        "filtered list": reverse("projects:list") + "?status=umsetzung&o=-last_update",
        "workspace list": reverse("projects:workspace_list", args=["kultur"]),
        "project detail": reverse("projects:detail", args=[project.pk]),
    }
    editable = Project.objects.editable_by(user).order_by("pk").first()
    if editable is not None:
        pages["project edit"] = reverse("projects:edit", args=[editable.pk])
    workspace, city = pages["workspace"], reverse("dashboards:city")
    earlier, later = ReportingRound.objects.order_by("reference_date")
    pages |= {
        "workspace at a round": f"{workspace}?runde={later.pk}",
        "workspace report": reverse("dashboards:workspace_report", args=["kultur"]),
        "workspace excel": reverse("dashboards:workspace_export", args=["kultur"]),
        "round": later.get_absolute_url(),
        "comparison": f"{reverse('reporting:comparison')}?earlier={earlier.pk}&later={later.pk}",
    }
    access = access_for(user)
    if access.is_rds or access.is_leadership:
        pages |= {
            "city": city,
            "city at a round": f"{city}?runde={later.pk}",
            "city report": reverse("dashboards:city_report"),
            "city excel": reverse("dashboards:city_export"),
        }
    return pages


def _query_counts(client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    counts = {}
    for name, url in _pages(user).items():
        for cache in caches.all():  # the cold page: cached choices and counts hide queries
            cache.clear()
        ContentType.objects.clear_cache()  # as do content types another test looked up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["rds", "koordination-kultur", "leitung"])
def test_query_counts_do_not_grow_from_20_to_500_projects(client, username):
    reference_load()
    demo_seed(projects=20, seed=7)
    small = _query_counts(client, username)

    demo_seed(projects=500, seed=7)
    assert Project.objects.count() == 500
    large = _query_counts(client, username)

    assert large == small


@pytest.mark.django_db
def test_project_list_needs_at_most_twelve_queries(client):
    reference_load()
    demo_seed(projects=60, seed=3)
    counts = _query_counts(client, "rds")
    assert counts["project list"] <= 12, counts
    # With its synergies (links, which sides the reader may open, suggestions) and the RDS
    # offerings it uses; the same number whatever the data (test above).
    assert counts["project detail"] <= 17, counts
    assert counts["agenda"] <= 12, counts
