import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from handbook import services
from handbook.models import HandbookPage

READERS = ["admin_user", "rds_user", "coordinator", "staff", "partner", "leadership_user"]
NOT_CENTRAL = ["coordinator", "staff", "partner", "leadership_user", "outsider"]


@pytest.mark.parametrize("role", READERS)
def test_every_logged_in_user_reads_the_handbook(client, request, role, handbook_page):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("handbook:page", args=[handbook_page.slug]))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="was-passiert"' in text
    assert 'href="#was-passiert"' in text  # its own contents
    assert "Stand: Version 1 vom" in text
    assert "Erste Fassung" in text
    index = client.get(reverse("handbook:index")).content.decode()
    assert f'href="/handreichung/{handbook_page.slug}/#im-detail"' in index


def test_a_page_links_to_the_pages_before_and_after(client, rds_user, handbook_page):
    services.page_create(actor=rds_user, title="Danach", slug="danach", body="x", change_note="x")
    client.force_login(rds_user)
    text = client.get(reverse("handbook:page", args=["danach"])).content.decode()
    assert 'rel="prev" href="/handreichung/workshop-teil-1/"' in text
    assert 'rel="next"' not in text


def test_markup_in_a_page_is_not_run(client, rds_user, handbook_page):
    services.page_revise(
        page=handbook_page,
        actor=rds_user,
        body=(
            '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
            "[a](javascript:alert(3))"
        ),
        change_note="Test",
    )
    client.force_login(rds_user)
    for url in (
        reverse("handbook:page", args=[handbook_page.slug]),
        reverse("handbook:print"),
        reverse("handbook:version", args=[handbook_page.slug, 2]),
    ):
        text = client.get(url).content.decode()
        assert "<script>alert" not in text
        assert "<img" not in text
        assert "javascript:alert" not in text.replace("[a](javascript:alert(3))", "")


@pytest.mark.parametrize("role", NOT_CENTRAL)
def test_others_do_not_find_the_editor(client, request, role, handbook_page):
    client.force_login(request.getfixturevalue(role))
    data = {"title": "x", "body": "x", "change_note": "x", "based_on": 1}
    assert client.get(reverse("handbook:page_edit", args=[handbook_page.slug])).status_code == 404
    assert (
        client.post(reverse("handbook:page_edit", args=[handbook_page.slug]), data).status_code
        == 404
    )
    assert client.post(reverse("handbook:page_create"), data | {"slug": "x"}).status_code == 404
    assert (
        client.post(
            reverse("handbook:page_move", args=[handbook_page.slug]), {"direction": "down"}
        ).status_code
        == 404
    )
    assert handbook_page.versions.count() == 1
    assert HandbookPage.objects.count() == 1


def test_the_central_unit_edits_a_page(client, rds_user, handbook_page):
    client.force_login(rds_user)
    url = reverse("handbook:page_edit", args=[handbook_page.slug])
    response = client.post(
        url, {"title": "Teil 1", "body": "Neu", "change_note": "Gekürzt", "based_on": 1}
    )
    assert response.status_code == 302
    assert handbook_page.versions.count() == 2
    response = client.post(url, {"title": "Teil 1", "body": "Noch neuer", "based_on": 2})
    assert response.status_code == 200
    assert "change_note" in response.context["form"].errors
    assert handbook_page.versions.count() == 2


def test_a_stale_edit_is_refused_and_the_text_kept(client, rds_user, admin_user, handbook_page):
    client.force_login(rds_user)
    url = reverse("handbook:page_edit", args=[handbook_page.slug])
    form = client.get(url).context["form"]
    assert form.initial["based_on"] == 1
    services.page_revise(page=handbook_page, actor=admin_user, body="Von Admin", change_note="A")
    mine = {"title": "Teil 1", "body": "Mein Text", "change_note": "Meins", "based_on": 1}
    response = client.post(url, mine)
    assert response.status_code == 200
    text = response.content.decode()
    assert "neuere Fassung" in text or "newer version" in text
    assert "Mein Text" in text
    assert response.context["form"].data["based_on"] == 2  # saving again is a conscious choice
    assert handbook_page.versions.count() == 2
    assert client.post(url, mine | {"based_on": 2}).status_code == 302
    assert handbook_page.versions.order_by("-number").first().body == "Mein Text"


def test_the_central_unit_creates_and_moves_pages(client, rds_user, handbook_page):
    client.force_login(rds_user)
    response = client.post(
        reverse("handbook:page_create"),
        {"title": "Neu", "slug": "neue-seite", "step": "", "body": "# Text", "change_note": "x"},
    )
    assert response.status_code == 302
    client.post(reverse("handbook:page_move", args=["neue-seite"]), {"direction": "up"})
    assert [p.slug for p in HandbookPage.objects.all()] == ["neue-seite", "workshop-teil-1"]


def test_old_versions_are_listed_and_shown_with_their_changes(
    client, staff, rds_user, handbook_page
):
    services.page_revise(page=handbook_page, actor=rds_user, body="Neu <b>", change_note="Zwei")
    client.force_login(staff)
    listing = client.get(reverse("handbook:versions", args=[handbook_page.slug])).content.decode()
    assert "Zwei" in listing
    assert "Erste Fassung" in listing
    old = client.get(reverse("handbook:version", args=[handbook_page.slug, 1]))
    assert "Sichtung." in old.content.decode()
    new = client.get(reverse("handbook:version", args=[handbook_page.slug, 2])).content.decode()
    assert "Neu &lt;b&gt;" in new
    assert "handbook-diff__line--removed" in new
    assert client.get(reverse("handbook:version", args=[handbook_page.slug, 3])).status_code == 404


TAGS = Template(
    "{% load handbook %}"
    + "".join(f'{{% handbook_link "{step}" %}}' for step in ["teil-1", "teil-2", "staffel"] * 10)
)


def test_the_handbook_link_reads_the_pages_once_per_request(
    rds_user, handbook_page, django_assert_num_queries
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        html = TAGS.render(Context({"request": request}))
        html += TAGS.render(Context({"request": request}))  # a second template, same request
    assert html.count('href="/handreichung/workshop-teil-1/"') == 20
    assert "Handreichung: Workshop Teil 1" in html
    assert "teil-2" not in html


def test_the_handbook_link_shows_nothing_for_a_step_without_a_page(db):
    assert Template('{% load handbook %}{% handbook_link "teil-3" %}').render(Context()) == ""


def test_the_intake_page_links_to_the_handbook(client, rds_user, handbook_page):
    HandbookPage.objects.filter(pk=handbook_page.pk).update(step="status-quo")
    client.force_login(rds_user)
    text = client.get(reverse("intake:index")).content.decode()
    assert 'href="/handreichung/workshop-teil-1/"' in text
