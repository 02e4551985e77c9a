"""The register's pages: a workspace's needs and the city-wide overview, what each reader sees
of a need (never a confidential project of another department, no offering for partners),
the forms with their stale-edit check, the exports, and a fixed number of queries."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from needs import services
from needs.models import Need
from tests.dashboards import kept
from tests.factories import NeedFactory, OfferingFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering(db):
    return OfferingFactory(title="Urbane Datenplattform", slug="datenplattform")


@pytest.fixture
def need(coordinator, kultur, kultur_project, confidential_kultur_project, offering):
    return services.need_create(
        actor=coordinator,
        department=kultur,
        category="daten",
        title="Daten ohne Schlüssel",
        severity="hoch",
        offering=offering,
        projects=[kultur_project, confidential_kultur_project],
    )


@pytest.fixture
def soziales_need(soziales):
    return NeedFactory(department=soziales, title="Zu wenig Personal", category="personal")


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _titles(response) -> list[str]:
    return [need.title for need in response.context["page"].object_list]


# Who sees what ------------------------------------------------------------------------------------


def test_the_register_shows_the_workspaces_needs_only(client, staff, need, soziales_need):
    response = _get(client, staff, reverse("needs:workspace_list", args=["kultur"]))
    assert _titles(response) == ["Daten ohne Schlüssel"]
    assert not response.context["can_create"]


def test_a_partner_reads_the_register_of_their_workspace_only(client, partner, need, soziales_need):
    response = _get(client, partner, reverse("needs:workspace_list", args=["kultur"]))
    assert _titles(response) == ["Daten ohne Schlüssel"]
    assert "Urbane Datenplattform" not in response.content.decode()  # no offerings
    assert (
        _get(client, partner, reverse("needs:workspace_list", args=["soziales"])).status_code == 404
    )
    assert _get(client, partner, soziales_need.get_absolute_url()).status_code == 404


def test_partners_get_no_city_wide_overview(client, partner, need):
    assert _get(client, partner, reverse("needs:overview")).status_code == 404
    assert _get(client, partner, reverse("needs:export")).status_code == 404


def test_a_need_shows_no_confidential_project_of_another_department(
    client, staff, leadership_user, need, confidential_kultur_project
):
    for reader in (staff, leadership_user):
        response = _get(client, reader, need.get_absolute_url())
        assert [p.title for p in response.context["projects"]] == ["Digitale Ausleihe"]
        assert confidential_kultur_project.title not in response.content.decode()


def test_the_department_sees_its_confidential_project_on_the_need(
    client, coordinator, need, confidential_kultur_project
):
    response = _get(client, coordinator, need.get_absolute_url())
    assert confidential_kultur_project.title in response.content.decode()


def test_a_partner_sees_the_need_without_offering_and_history(client, partner, need):
    response = _get(client, partner, need.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Urbane Datenplattform" not in page
    assert response.context["history"] is None
    assert "Vertrauliche Kulturplanung" not in page


def test_a_need_shows_its_history(client, coordinator, need):
    services.need_set_status(
        need=need, actor=coordinator, version=1, status="geloest", reason="Plattform genutzt"
    )
    response = _get(client, coordinator, need.get_absolute_url())
    assert "Plattform genutzt" in response.content.decode()
    assert len(response.context["history"]) == 2


def test_the_workspace_page_counts_open_needs_by_category(client, leadership_user, need, kultur):
    NeedFactory(department=kultur, category="daten", status="geloest", status_reason="x")
    NeedFactory(department=kultur, category="personal")
    page = _get(client, leadership_user, kultur.get_absolute_url()).content.decode()
    assert "Bedarfe und Lücken" in page
    assert "Daten: 1" in page
    assert "Personal: 1" in page


# The overview -------------------------------------------------------------------------------------


def test_the_overview_counts_by_category_and_by_offering(client, rds_user, need, soziales_need):
    response = _get(client, rds_user, reverse("needs:overview"))
    by_category = {row["label"]: row["total"] for row in response.context["by_category"]}
    assert by_category == {"Personal": 1, "Daten": 1}
    by_offering = {row["label"]: row["total"] for row in response.context["by_offering"]}
    assert by_offering == {"Urbane Datenplattform": 1, "ohne RDS-Angebot": 1}
    daten = next(row for row in response.context["by_category"] if row["category"] == "daten")
    assert {value: count for value, _label, count in daten["cells"]}["hoch"] == 1


def test_the_overview_follows_its_filters(client, rds_user, need, soziales_need, soziales):
    response = _get(client, rds_user, reverse("needs:overview") + f"?department={soziales.pk}")
    assert [row["category"] for row in response.context["by_category"]] == ["personal"]
    assert _titles(response) == ["Zu wenig Personal"]


def test_the_overviews_filters_update_the_counts_too(
    client, rds_user, need, soziales_need, soziales
):
    """htmx replaces the counts and the list together: the form aims at the region holding
    both, and a request aimed there gets the page the region is taken from."""
    page = _get(client, rds_user, reverse("needs:overview")).content.decode()
    assert 'hx-target="#need-overview" hx-select="#need-overview"' in page
    response = client.get(
        reverse("needs:overview") + f"?department={soziales.pk}",
        headers={"HX-Request": "true", "HX-Target": "need-overview"},
    )
    body = response.content.decode()
    assert '<div id="need-overview">' in body
    assert [row["category"] for row in response.context["by_category"]] == ["personal"]


def test_the_workspace_filters_update_the_list_alone(client, staff, need, kultur):
    page = _get(client, staff, reverse("needs:workspace_list", args=[kultur.slug]))
    assert 'hx-target="#need-results" hx-swap' in page.content.decode()


def test_a_count_leads_to_the_needs_it_counts(client, rds_user, need, soziales_need):
    page = _get(client, rds_user, reverse("needs:overview")).content.decode()
    assert "?severity=hoch&amp;category=daten#liste" in page
    response = client.get(reverse("needs:overview") + "?offering=ohne")
    assert _titles(response) == ["Zu wenig Personal"]


# Forms --------------------------------------------------------------------------------------------


def test_the_coordination_records_a_need(client, coordinator, kultur, kultur_project, offering):
    client.force_login(coordinator)
    response = client.post(
        reverse("needs:create", args=["kultur"]),
        {"title": "Kein WLAN", "category": "infrastruktur", "severity": "hoch",
         "source": "manuell", "projects": [kultur_project.pk], "offering": offering.pk},
    )  # fmt: skip
    need = Need.objects.get(title="Kein WLAN")
    assert response.status_code == 302
    assert response.url == need.get_absolute_url()
    assert (need.created_by, list(need.projects.all())) == (coordinator, [kultur_project])


def test_the_form_offers_only_what_the_editor_may_link(
    client, partner_contributor, need, soziales_project, confidential_kultur_project
):
    form = _get(client, partner_contributor, reverse("needs:edit", args=[need.pk])).context["form"]
    assert "offering" not in form.fields
    projects = set(form.fields["projects"].queryset)
    assert confidential_kultur_project not in projects
    assert soziales_project not in projects


def test_a_discontinued_offering_is_offered_only_to_the_need_that_has_it(
    client, coordinator, need, offering, kultur
):
    offering.status = "eingestellt"
    offering.save()
    edit = _get(client, coordinator, reverse("needs:edit", args=[need.pk])).context["form"]
    assert offering in edit.fields["offering"].queryset
    new = client.get(reverse("needs:create", args=[kultur.slug])).context["form"]
    assert offering not in new.fields["offering"].queryset


def test_a_stale_need_form_keeps_the_input_and_says_so(client, coordinator, rds_user, need):
    services.need_update(need=need, actor=rds_user, version=1, severity="kritisch")
    client.force_login(coordinator)
    response = client.post(
        reverse("needs:edit", args=[need.pk]),
        {"title": "Mein Titel", "category": "daten", "severity": "niedrig", "source": "manuell",
         "version": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "nachdem Sie das Formular geöffnet haben" in response.content.decode()
    assert response.context["form"]["title"].value() == "Mein Titel"
    assert response.context["conflict"].severity == "kritisch"
    assert Need.objects.get().title == "Daten ohne Schlüssel"


def test_the_status_form_asks_for_the_reason(client, coordinator, need):
    client.force_login(coordinator)
    url = reverse("needs:status", args=[need.pk])
    response = client.post(url, {"status": "nicht_loesbar", "reason": "", "version": 1})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"status": "nicht_loesbar", "reason": "Bundesrecht", "version": 1})
    assert response.status_code == 302
    assert Need.objects.get().status == "nicht_loesbar"


def test_the_status_form_offers_only_the_allowed_steps(client, coordinator, need):
    form = _get(client, coordinator, reverse("needs:status", args=[need.pk])).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == [
        "in_bearbeitung", "geloest", "nicht_loesbar",
    ]  # fmt: skip


# Exports ------------------------------------------------------------------------------------------


def _rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_register_exports_the_filtered_needs(client, rds_user, need, kultur):
    NeedFactory(department=kultur, title="Kein Personal", category="personal")
    url = reverse("needs:workspace_export", args=["kultur"]) + "?category=daten"
    rows = _rows(_get(client, rds_user, url))
    assert [(row["Titel"], row["Kategorie"], row["Schweregrad"]) for row in rows] == [
        ("Daten ohne Schlüssel", "Daten", "hoch")
    ]
    assert rows[0]["RDS-Angebot"] == "Urbane Datenplattform"
    assert rows[0]["Betroffene Vorhaben"] == "Digitale Ausleihe; Vertrauliche Kulturplanung"


def test_an_export_names_no_project_the_reader_may_not_see(client, staff, need):
    rows = _rows(_get(client, staff, reverse("needs:export")))
    assert rows[0]["Betroffene Vorhaben"] == "Digitale Ausleihe"


def test_a_partners_export_has_no_offering_column(client, partner, need):
    rows = _rows(_get(client, partner, reverse("needs:workspace_export", args=["kultur"])))
    assert "RDS-Angebot" not in rows[0]
    assert rows[0]["Titel"] == "Daten ohne Schlüssel"


# Queries ------------------------------------------------------------------------------------------


def _count(client, url) -> int:
    kept.forget()  # the workspace counted afresh, as for the first reader after a write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more(kultur, soziales, offering, n):
    for i in range(n):
        for department in (kultur, soziales):
            project = ProjectFactory(department=department, title=f"Mehr {n}-{i}")
            NeedFactory(
                department=department, title=f"Mehr {n}-{i}", projects=[project],
                offering=offering if i % 2 else None,
                category=Need.Category.values[i % 8], severity=Need.Severity.values[i % 4],
            )  # fmt: skip
        OfferingFactory()


@pytest.mark.parametrize("page", ["register", "overview", "detail", "edit", "workspace"])
@pytest.mark.parametrize("role", ["rds_user", "coordinator"])
def test_the_pages_ask_the_database_a_fixed_number_of_times(
    client, request, role, need, kultur, soziales, offering, page
):
    urls = {
        "register": reverse("needs:workspace_list", args=["kultur"]) + "?o=-severity",
        "overview": reverse("needs:overview"),
        "detail": need.get_absolute_url(),
        "edit": reverse("needs:edit", args=[need.pk]),
        "workspace": kultur.get_absolute_url(),
    }
    client.force_login(request.getfixturevalue(role))
    _more(kultur, soziales, offering, 2)
    client.get(urls[page])  # warm caches (sessions, content types)
    few = _count(client, urls[page])
    _more(kultur, soziales, offering, 14)
    assert _count(client, urls[page]) == few


def test_an_owner_who_left_stays_offered_until_someone_else_takes_over(client, coordinator, kultur):
    from organisation.models import Membership
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(department=kultur, role=Membership.Role.STAFF)
    need = services.need_create(
        actor=coordinator, department=kultur, category="daten", title="X", owner=colleague.user
    )
    colleague.delete()
    form = _get(client, coordinator, reverse("needs:edit", args=[need.pk])).context["form"]
    assert colleague.user in form.fields["owner"].queryset
    response = client.post(
        reverse("needs:edit", args=[need.pk]),
        {"title": "Y", "category": "daten", "severity": "mittel", "source": "manuell",
         "owner": colleague.user_id, "version": 1},
    )  # fmt: skip
    assert response.status_code == 302
    assert Need.objects.get().title == "Y"
