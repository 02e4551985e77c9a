import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from handbook import selectors, services
from handbook.models import HandbookPage


def test_an_edit_adds_a_version_and_keeps_the_old_ones(handbook_page, rds_user, admin_user):
    services.page_revise(
        page=handbook_page, actor=admin_user, body="Neu", change_note="Gekürzt", based_on=1
    )
    versions = list(handbook_page.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].body.startswith("# Was passiert")
    assert (versions[1].body, versions[1].change_note, versions[1].author) == (
        "Neu",
        "Gekürzt",
        admin_user,
    )
    assert selectors.current_version(handbook_page) == versions[1]


def test_a_new_title_is_kept_with_the_version(handbook_page, rds_user):
    services.page_revise(
        page=handbook_page, actor=rds_user, body="x", change_note="Titel", title="Teil 1"
    )
    handbook_page.refresh_from_db()
    assert handbook_page.title == "Teil 1"
    assert handbook_page.versions.get(number=1).title == "Workshop Teil 1"


def test_a_change_note_is_required(handbook_page, rds_user):
    with pytest.raises(ValidationError) as error:
        services.page_revise(page=handbook_page, actor=rds_user, body="Neu", change_note="")
    assert "change_note" in error.value.error_dict
    assert handbook_page.versions.count() == 1


def test_an_edit_without_changes_is_refused(handbook_page, rds_user):
    body = handbook_page.versions.get().body.replace("\n", "\r\n")
    with pytest.raises(ValidationError):
        services.page_revise(page=handbook_page, actor=rds_user, body=body, change_note="x")


def test_a_stale_edit_is_refused(handbook_page, rds_user, admin_user):
    services.page_revise(page=handbook_page, actor=admin_user, body="A", change_note="a")
    with pytest.raises(services.StaleEditError) as stale:
        services.page_revise(
            page=handbook_page, actor=rds_user, body="B", change_note="b", based_on=1
        )
    assert stale.value.current.number == 2
    assert handbook_page.versions.count() == 2


@pytest.mark.parametrize("role", ["coordinator", "staff", "partner", "leadership_user", "outsider"])
def test_only_the_central_unit_writes(request, role, handbook_page):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.page_create(actor=user, title="x", slug="x", body="x", change_note="x")
    with pytest.raises(PermissionDenied):
        services.page_revise(page=handbook_page, actor=user, body="x", change_note="x")
    with pytest.raises(PermissionDenied):
        services.page_move(actor=user, page=handbook_page, up=False)
    assert HandbookPage.objects.count() == 1
    assert handbook_page.versions.count() == 1


def test_a_step_is_explained_by_one_page_only(handbook_page, rds_user):
    with pytest.raises(ValidationError):
        services.page_create(
            actor=rds_user, title="Noch einmal", slug="nochmal", step="teil-1", body="x",
            change_note="x",
        )  # fmt: skip
    services.page_create(actor=rds_user, title="A", slug="a", body="x", change_note="x")
    services.page_create(actor=rds_user, title="B", slug="b", body="x", change_note="x")
    assert HandbookPage.objects.filter(step="").count() == 2


def test_reserved_addresses_are_refused(rds_user):
    with pytest.raises(ValidationError):
        services.page_create(actor=rds_user, title="x", slug="neu", body="x", change_note="x")


def test_pages_move_up_and_down(handbook_page, rds_user):
    second = services.page_create(
        actor=rds_user, title="Zweite", slug="zweite", body="x", change_note="x"
    )
    services.page_move(actor=rds_user, page=second, up=True)
    assert [p.slug for p in HandbookPage.objects.all()] == ["zweite", "workshop-teil-1"]
    with pytest.raises(ValidationError):
        services.page_move(actor=rds_user, page=second, up=True)


def test_the_contents_list_pages_in_order_with_their_headings(handbook_page, rds_user):
    services.page_create(
        actor=rds_user, title="Zweite", slug="zweite", body="Ohne", change_note="x"
    )
    entries = selectors.handbook_toc()
    assert [e.title for e in entries] == ["Workshop Teil 1", "Zweite"]
    toc = entries[0].toc
    assert [(h.text, [c.text for c in children]) for h, children in toc] == [
        ("Was passiert", ["Im Detail"]),
        ("Ergebnisse", []),
    ]
    assert entries[1].toc == []


def test_the_contents_take_two_queries_however_many_pages(
    handbook_page, rds_user, django_assert_num_queries
):
    for number in range(5):
        services.page_create(
            actor=rds_user, title=f"S{number}", slug=f"s{number}", body="# A", change_note="x"
        )
    with django_assert_num_queries(2):
        assert len(selectors.handbook_toc()) == 6


def test_the_print_view_keeps_heading_ids_unique(handbook_page, rds_user):
    services.page_create(
        actor=rds_user, title="Zweite", slug="zweite", body="# Was passiert", change_note="x"
    )
    html = "".join(entry.html for entry in selectors.handbook_print())
    assert 'id="workshop-teil-1-was-passiert"' in html
    assert 'id="zweite-was-passiert"' in html


def test_the_diff_shows_added_and_removed_lines(handbook_page, rds_user):
    version = services.page_revise(
        page=handbook_page,
        actor=rds_user,
        body=handbook_page.versions.get().body.replace("Sichtung.", "Sichtung <b>neu</b>."),
        change_note="x",
    )
    diff = selectors.version_diff(version)
    assert ("removed", "Sichtung.") in diff
    assert ("added", "Sichtung <b>neu</b>.") in diff
    assert selectors.version_diff(handbook_page.versions.get(number=1)) is None
