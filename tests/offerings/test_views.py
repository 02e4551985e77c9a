"""The catalogue's pages: who sees what of an offering and its demand, the forms, the stale
edit, the export, and a fixed number of queries however large the demand."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from offerings.models import Offering, OfferingRequest
from tests.factories import (
    NeedFactory,
    OfferingFactory,
    OfferingRequestFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(kultur, soziales, kultur_project, confidential_kultur_project, soziales_project):
    """Used by an open and a confidential project of Kultur and a project of Soziales; two
    needs and a request of each department."""
    offering = OfferingFactory(
        title="Urbane Datenplattform",
        slug="datenplattform",
        projects=[kultur_project, confidential_kultur_project, soziales_project],
    )
    NeedFactory(department=kultur, title="Sensordaten fehlen", offering=offering)
    NeedFactory(
        department=soziales, title="Keine Schnittstelle", offering=offering, status="geloest",
        status_reason="Gelöst",
    )  # fmt: skip
    OfferingRequestFactory(offering=offering, department=kultur, note="Kultur fragt")
    OfferingRequestFactory(offering=offering, department=soziales, note="Soziales fragt")
    return offering


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_partners_see_no_offering_anywhere(client, partner, offering):
    for url in (
        reverse("offerings:list"),
        offering.get_absolute_url(),
        reverse("offerings:requests"),
        reverse("offerings:export"),
        OfferingRequest.objects.first().get_absolute_url(),
    ):
        assert _get(client, partner, url).status_code == 404, url


def test_the_catalogue_counts_the_demand_the_reader_may_see(
    client, leadership_user, rds_user, offering
):
    row = _get(client, rds_user, reverse("offerings:list")).context["page"].object_list[0]
    assert (row.project_count, row.need_count, row.open_need_count) == (3, 2, 1)
    assert (row.request_count, row.open_request_count) == (2, 2)
    # Leadership does not see Kultur's confidential project: it is not counted either.
    row = _get(client, leadership_user, reverse("offerings:list")).context["page"].object_list[0]
    assert row.project_count == 2


def test_an_archived_project_is_no_demand(client, rds_user, offering, soziales_project):
    Project = type(soziales_project)
    Project.objects.filter(pk=soziales_project.pk).update(archived_at=timezone.now())
    row = _get(client, rds_user, reverse("offerings:list")).context["page"].object_list[0]
    assert row.project_count == 2
    response = client.get(offering.get_absolute_url())
    assert soziales_project not in response.context["projects"]


def test_staff_see_their_own_departments_requests_only(client, staff, offering):
    response = _get(client, staff, offering.get_absolute_url())
    assert [r.note for r in response.context["requests"]] == ["Soziales fragt"]
    assert response.context["open_requests"] == 1
    listed = _get(client, staff, reverse("offerings:requests")).context["page"].object_list
    assert [r.note for r in listed] == ["Soziales fragt"]
    kultur_request = OfferingRequest.objects.get(note="Kultur fragt")
    assert _get(client, staff, kultur_request.get_absolute_url()).status_code == 404


def test_the_request_list_filters_by_the_departments_it_shows(
    client, staff, rds_user, offering, kultur, soziales
):
    form = _get(client, staff, reverse("offerings:requests")).context["filter"].form
    assert list(form.fields["department"].queryset) == [soziales]
    form = _get(client, rds_user, reverse("offerings:requests")).context["filter"].form
    assert list(form.fields["department"].queryset) == [kultur, soziales]


def test_equal_counts_keep_a_fixed_order(client, rds_user):
    for slug in ("c", "a", "b"):
        OfferingFactory(slug=slug, title="Gleich")
    response = _get(client, rds_user, reverse("offerings:list") + "?o=-needs")
    assert [row.slug for row in response.context["page"].object_list] == ["c", "a", "b"]


def test_the_demand_names_no_confidential_project_of_another_department(
    client, staff, offering, confidential_kultur_project
):
    response = _get(client, staff, offering.get_absolute_url())
    assert confidential_kultur_project not in response.context["projects"]
    assert confidential_kultur_project.title not in response.content.decode()
    assert len(response.context["projects"]) == 2


def test_the_demand_lists_needs_grouped_with_their_departments(client, leadership_user, offering):
    response = _get(client, leadership_user, offering.get_absolute_url())
    page = response.content.decode()
    assert "Nachfrage" in page
    assert "Sensordaten fehlen" in page
    assert "Keine Schnittstelle" in page
    assert response.context["open_needs"] == 1
    assert [d.short_name for d in response.context["departments"]] == ["Kultur", "Soziales"]


def test_the_coordination_asks_on_the_offerings_page(client, coordinator, kultur, offering):
    page = _get(client, coordinator, offering.get_absolute_url())
    assert list(page.context["request_form"].fields["department"].queryset) == [kultur]
    response = client.post(
        reverse("offerings:request_create", args=[offering.slug]),
        {"department": kultur.pk, "note": "Für die Ausleihe"},
    )
    created = OfferingRequest.objects.get(note="Für die Ausleihe")
    assert response.status_code == 302
    assert response.url == created.get_absolute_url()


def test_asking_for_another_department_is_refused_on_the_form(
    client, coordinator, soziales, offering
):
    response = _get(client, coordinator, offering.get_absolute_url())
    assert soziales not in response.context["request_form"].fields["department"].queryset
    response = client.post(
        reverse("offerings:request_create", args=[offering.slug]),
        {"department": soziales.pk, "note": "Fremd"},
    )
    assert response.status_code == 422
    assert not OfferingRequest.objects.filter(note="Fremd").exists()


def test_leadership_gets_no_request_form(client, leadership_user, offering):
    assert (
        _get(client, leadership_user, offering.get_absolute_url()).context["request_form"] is None
    )


def test_a_stale_offering_form_keeps_the_input_and_says_so(client, rds_user, offering):
    client.force_login(rds_user)
    url = reverse("offerings:edit", args=[offering.slug])
    Offering.objects.filter(pk=offering.pk).update(version=2, contact="Team Neu")
    response = client.post(
        url,
        {"title": "Mein Titel", "slug": offering.slug, "status": "aktiv", "contact": "Ich",
         "version": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "nachdem Sie das Formular geöffnet haben" in response.content.decode()
    assert response.context["form"]["title"].value() == "Mein Titel"
    assert response.context["conflict"].contact == "Team Neu"
    assert Offering.objects.get(pk=offering.pk).title == "Urbane Datenplattform"


def test_the_rds_answers_a_request_on_its_page(client, rds_user, offering):
    asked = OfferingRequest.objects.get(note="Kultur fragt")
    client.force_login(rds_user)
    response = client.post(
        reverse("offerings:request_answer", args=[asked.pk]),
        {"status": "abgelehnt", "answer": "Passt nicht.", "version": asked.version},
    )
    assert response.status_code == 302
    assert OfferingRequest.objects.get(pk=asked.pk).status == "abgelehnt"


def test_the_export_has_the_catalogue_with_its_demand(client, rds_user, offering):
    response = _get(client, rds_user, reverse("offerings:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)]
    values = dict(zip(header, row, strict=True))
    assert values["Kennung"] == "datenplattform"
    assert values["Titel"] == "Urbane Datenplattform"
    assert (values["Nutzende Vorhaben"], values["Bedarfe"], values["Offene Bedarfe"]) == (3, 2, 1)
    assert (values["Anfragen"], values["Offene Anfragen"]) == (2, 2)


def test_the_project_page_lets_its_editors_link_offerings(client, coordinator, kultur_project):
    other = OfferingFactory(title="Städtische App", slug="app")
    page = _get(client, coordinator, kultur_project.get_absolute_url()).content.decode()
    assert "Genutzte RDS-Angebote" in page
    assert "Städtische App" in page
    client.post(reverse("offerings:project_link", args=[kultur_project.pk]), {"offering": "app"})
    assert list(kultur_project.offerings.all()) == [other]
    client.post(reverse("offerings:project_unlink", args=[kultur_project.pk, "app"]))
    assert not kultur_project.offerings.exists()


def test_the_project_page_shows_no_offerings_to_partners(client, partner, kultur_project, offering):
    page = _get(client, partner, kultur_project.get_absolute_url()).content.decode()
    assert "Genutzte RDS-Angebote" not in page
    assert "Urbane Datenplattform" not in page


def test_readers_see_the_offerings_used_without_a_form(client, staff, kultur_project, offering):
    page = _get(client, staff, kultur_project.get_absolute_url()).content.decode()
    assert "Urbane Datenplattform" in page
    assert reverse("offerings:project_link", args=[kultur_project.pk]) not in page


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_demand(offering, kultur, soziales, n):
    for i in range(n):
        for department in (kultur, soziales):
            project = ProjectFactory(department=department, title=f"Mehr {n}-{i}")
            offering.projects.add(project)
            NeedFactory(department=department, title=f"Mehr {n}-{i}", offering=offering)
            OfferingRequestFactory(offering=offering, department=department)
        OfferingFactory(projects=[project])


@pytest.mark.parametrize("page", ["list", "detail", "requests", "request"])
def test_the_pages_ask_the_database_a_fixed_number_of_times(
    client, rds_user, offering, kultur, soziales, page
):
    urls = {
        "list": reverse("offerings:list"),
        "detail": offering.get_absolute_url(),
        "requests": reverse("offerings:requests"),
        "request": OfferingRequest.objects.first().get_absolute_url(),
    }
    client.force_login(rds_user)
    _more_demand(offering, kultur, soziales, 2)
    client.get(urls[page])  # warm caches (sessions, content types)
    few = _count(client, urls[page])
    _more_demand(offering, kultur, soziales, 12)
    assert _count(client, urls[page]) == few
