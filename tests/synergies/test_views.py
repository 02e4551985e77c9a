"""The synergy pages as their users meet them: suggestions on a project's page, accepting and
dismissing them, a link's page, the lists, the title hint and the reuse catalogue; what each
role sees of the other side; a fixed number of queries however much there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from synergies import services, suggestions
from synergies.models import Dismissal, Suggestion, Synergy
from tests.factories import ProjectFactory


@pytest.fixture
def suggested(kultur_funding, soziales_funding):
    suggestions.recompute_all()
    assert Suggestion.objects.filter(project=kultur_funding, other=soziales_funding).exists()
    return kultur_funding, soziales_funding


def test_the_project_page_shows_suggestions_with_their_reasons(client, coordinator, suggested):
    project, other = suggested
    client.force_login(coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Vorgeschlagen: ähnliche Vorhaben anderer Ämter" in page
    assert other.title in page
    assert "ähnliche Begriffe" in page
    assert "Als Synergie übernehmen" in page


def test_accepting_a_suggestion_proposes_a_synergy(client, coordinator, suggested):
    project, other = suggested
    client.force_login(coordinator)
    response = client.post(
        f"/vorhaben/{project.pk}/vorschlaege/{other.pk}/annehmen/", {"kind": "replikation"}
    )
    link = Synergy.objects.get()
    assert response.url == link.get_absolute_url()
    assert (link.kind, link.from_suggestion, link.proposed_by) == ("replikation", True, coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'href="/synergien/' in page


def test_dismissing_a_suggestion_keeps_it_away(client, coordinator, suggested):
    project, other = suggested
    client.force_login(coordinator)
    client.post(f"/vorhaben/{project.pk}/vorschlaege/{other.pk}/verwerfen/")
    assert Dismissal.objects.filter(first=min(project.pk, other.pk)).exists()
    suggestions.recompute_all()
    page = client.get(project.get_absolute_url()).content.decode()
    assert f'href="{other.get_absolute_url()}"' not in page


def test_an_archived_project_offers_no_link_forms(client, coordinator, rds_user, suggested):
    from projects.services import project_archive

    project, _other = suggested
    project_archive(project=project, actor=rds_user)
    client.force_login(coordinator)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Mit anderem Vorhaben verknüpfen" not in page
    assert "Als Synergie übernehmen" not in page


def test_readers_see_suggestions_but_no_buttons(client, leadership_user, suggested):
    project, other = suggested
    client.force_login(leadership_user)
    page = client.get(project.get_absolute_url()).content.decode()
    assert other.title in page
    assert "Als Synergie übernehmen" not in page


def test_partners_see_their_workspaces_links_and_only_the_title_of_the_other_side(
    client, partner, coordinator, kultur_project, soziales_project
):
    link = services.synergy_propose(
        actor=coordinator, project=kultur_project, other=soziales_project, kind="nachnutzung"
    )
    client.force_login(partner)
    page = client.get(link.get_absolute_url()).content.decode()
    assert soziales_project.title in page
    assert soziales_project.get_absolute_url() not in page
    assert "Dezernat Soziales" not in page
    listing = client.get("/synergien/").content.decode()
    assert soziales_project.title in listing
    # No suggestions for partners, not even of their own projects.
    suggestions.recompute_all()
    assert "Vorgeschlagen" not in client.get(kultur_project.get_absolute_url()).content.decode()


def test_a_link_to_a_confidential_project_is_unknown_to_those_who_may_not_see_it(
    client, staff, leadership_user, coordinator, rds_user, kultur_project, soziales_project,
    confidential_kultur_project,
):  # fmt: skip
    """Not even a placeholder: a list's search, sorting, department filter and counts would
    tell the confidential title, its department and its existence."""
    confidential_kultur_project.title = "GEHEIMPROJEKT Zeta"
    confidential_kultur_project.reusable = True
    confidential_kultur_project.save()
    soziales_project.reusable = True
    soziales_project.save()
    link = services.synergy_propose(
        actor=rds_user, project=soziales_project, other=confidential_kultur_project,
        kind="nachnutzung", outgoing=True,
    )  # fmt: skip
    services.synergy_decide(synergy=link, actor=rds_user, status="bestaetigt")
    for viewer in (staff, leadership_user):
        client.force_login(viewer)
        assert client.get(link.get_absolute_url()).status_code == 404
        for url in (
            "/synergien/",
            "/synergien/?q=GEHEIM",
            "/arbeitsraeume/kultur/synergien/",
            "/synergien/?reach=dezernatsuebergreifend",
        ):
            page = client.get(url)
            assert list(page.context["page"].object_list) == [], url
        assert "GEHEIM" not in client.get("/synergien/?format=xlsx").content.decode("latin-1")
        assert (
            link.get_absolute_url()
            not in client.get(soziales_project.get_absolute_url()).content.decode()
        )
        catalogue = client.get("/nachnutzung/").context["page"].object_list
        assert [p.reuses for p in catalogue if p.pk == soziales_project.pk] == [0]
    client.force_login(coordinator)  # Kultur's own staff see both sides
    assert client.get(link.get_absolute_url()).status_code == 200
    assert list(client.get("/synergien/?q=GEHEIM").context["page"].object_list) == [link]


def test_the_catalogue_counts_reuses_made_from_a_project_not_by_it(
    client, rds_user, staff, kultur_project, soziales_project
):
    kultur_project.reusable = soziales_project.reusable = True
    kultur_project.save()
    soziales_project.save()
    link = services.synergy_propose(  # Soziales reuses Kultur's solution
        actor=rds_user, project=kultur_project, other=soziales_project, kind="nachnutzung"
    )
    services.synergy_decide(synergy=link, actor=rds_user, status="bestaetigt")
    client.force_login(staff)
    reuses = {p.pk: p.reuses for p in client.get("/nachnutzung/").context["page"].object_list}
    assert reuses == {kultur_project.pk: 1, soziales_project.pk: 0}


def test_the_title_hint_refuses_bad_input_quietly(client, staff):
    client.force_login(staff)
    for query in ({"title": "Förder", "project": "²"}, {"title": "Förder\x00anträge"}):
        response = client.get("/vorhaben/aehnliche-titel/", query)
        assert response.status_code == 200
        assert response.content.strip() == b""


def test_the_list_filters_by_reach_and_exports(
    client, rds_user, kultur, kultur_project, soziales_project
):
    library = ProjectFactory(department=kultur, title="Bibliothek")
    across = services.synergy_propose(
        actor=rds_user, project=kultur_project, other=soziales_project, kind="nachnutzung"
    )
    within = services.synergy_propose(
        actor=rds_user, project=kultur_project, other=library, kind="abhaengigkeit"
    )
    client.force_login(rds_user)
    page = client.get("/synergien/?reach=dezernatsuebergreifend")
    assert list(page.context["page"].object_list) == [across]
    page = client.get("/synergien/?reach=im-dezernat")
    assert list(page.context["page"].object_list) == [within]
    export = client.get("/synergien/?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_link_is_proposed_from_the_project_page(
    client, coordinator, kultur_project, soziales_project
):
    client.force_login(coordinator)
    url = f"/vorhaben/{kultur_project.pk}/synergien/neu/"
    found = client.get(url, {"q": "Sozialpass"})
    assert soziales_project in found.context["found"]
    response = client.post(
        f"{url}?q=Sozialpass",
        {"other": soziales_project.pk, "kind": "nachnutzung", "direction": "eingehend",
         "description": "Das Sozialamt hat es schon"},
    )  # fmt: skip
    link = Synergy.objects.get()
    assert response.url == link.get_absolute_url()
    assert (link.source, link.target) == (soziales_project, kultur_project)


def test_the_search_says_how_many_more_projects_match(
    client, coordinator, kultur_project, soziales
):
    for number in range(23):
        ProjectFactory(department=soziales, title=f"Förderportal {number}")
    client.force_login(coordinator)
    found = client.get(f"/vorhaben/{kultur_project.pk}/synergien/neu/", {"q": "Förderportal"})
    assert (len(found.context["found"]), found.context["more"]) == (20, 3)
    assert "Die ersten 20 Treffer" in found.content.decode()


def test_the_central_unit_confirms_a_link_across_departments(
    client, rds_user, coordinator, kultur_project, soziales_project
):
    link = services.synergy_propose(
        actor=coordinator, project=kultur_project, other=soziales_project, kind="nachnutzung"
    )
    client.force_login(coordinator)
    assert "Bestätigen" not in client.get(link.get_absolute_url()).content.decode()
    client.force_login(rds_user)
    client.post(f"/synergien/{link.pk}/status/", {"version": 1, "status": "bestaetigt"})
    link.refresh_from_db()
    assert (link.status, link.decided_by) == ("bestaetigt", rds_user)


def test_the_title_hint_names_similar_projects_the_viewer_sees(
    client, staff, kultur, kultur_office, soziales_funding
):
    secret = ProjectFactory(
        department=kultur, lead_unit=kultur_office, confidential=True,
        title="Förderanträge online stellen (vertraulich)",
    )  # fmt: skip
    client.force_login(staff)
    hint = client.get("/vorhaben/aehnliche-titel/", {"title": "Förderanträge online"})
    page = hint.content.decode()
    assert soziales_funding.title in page
    assert secret.title not in page
    assert client.get("/vorhaben/aehnliche-titel/", {"title": "ab"}).content.strip() == b""


def test_the_reuse_catalogue_shows_reusable_projects_with_their_reuses(
    client, rds_user, staff, partner, kultur_project, soziales_project
):
    kultur_project.reusable = True
    kultur_project.save()
    link = services.synergy_propose(
        actor=rds_user, project=kultur_project, other=soziales_project, kind="nachnutzung"
    )
    services.synergy_decide(synergy=link, actor=rds_user, status="bestaetigt")
    client.force_login(staff)
    page = client.get("/nachnutzung/")
    assert list(page.context["page"].object_list) == [kultur_project]
    assert page.context["page"].object_list[0].reuses == 1
    assert soziales_project.title in page.content.decode()
    client.force_login(partner)
    assert client.get("/nachnutzung/").status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _links(rds_user, kultur, soziales, n):
    for i in range(n):
        a = ProjectFactory(department=kultur, title=f"Förderportal {n}-{i}", reusable=True)
        b = ProjectFactory(department=soziales, title=f"Förderantrag {n}-{i}")
        link = services.synergy_propose(actor=rds_user, project=a, other=b, kind="nachnutzung")
        services.synergy_decide(synergy=link, actor=rds_user, status="bestaetigt")
        services.synergy_propose(
            actor=rds_user, project=a, other=ProjectFactory(department=soziales),
            kind="gemeinsame_komponente",
        )  # fmt: skip


@pytest.mark.parametrize("page", ["list", "workspace", "catalogue", "project", "link"])
def test_pages_do_a_constant_number_of_queries(
    client, rds_user, kultur, soziales, kultur_funding, soziales_funding, page
):
    _links(rds_user, kultur, soziales, 2)
    link = services.synergy_propose(
        actor=rds_user, project=kultur_funding, other=soziales_funding, kind="nachnutzung"
    )
    urls = {
        "list": "/synergien/",
        "workspace": "/arbeitsraeume/kultur/synergien/",
        "catalogue": "/nachnutzung/",
        "project": kultur_funding.get_absolute_url(),
        "link": link.get_absolute_url(),
    }
    suggestions.recompute_all()
    client.force_login(rds_user)
    client.get(urls[page])
    few = _count(client, urls[page])
    _links(rds_user, kultur, soziales, 10)
    for other in ProjectFactory.create_batch(5, department=soziales):
        services.synergy_propose(
            actor=rds_user, project=kultur_funding, other=other, kind="gemeinsame_komponente"
        )
    suggestions.recompute_all()
    assert _count(client, urls[page]) == few
