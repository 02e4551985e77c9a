from django.core.management import call_command

from handbook import loader, services
from handbook.models import HandbookPage, Step


def test_the_first_version_ships_with_a_page_for_every_step(db):
    report = loader.load()
    assert len(report.created) == 7
    pages = list(HandbookPage.objects.all())
    assert {p.step for p in pages} == set(Step.values)
    assert [p.order for p in pages] == list(range(1, 8))
    for page in pages:
        version = page.versions.get()
        assert (version.number, version.change_note, version.author) == (1, "Erste Fassung", None)
        assert "# Was vorzubereiten ist" in version.body or page.step == "ueberblick"
        assert "Leipzig" not in version.body + page.title


def test_loading_again_changes_nothing(db):
    loader.load()
    before = list(HandbookPage.objects.values_list("pk", "order", "title"))
    report = loader.load()
    assert report.created == []
    assert len(report.kept) == 7
    assert list(HandbookPage.objects.values_list("pk", "order", "title")) == before


def test_loading_never_overwrites_a_page_the_central_unit_edited(db, rds_user):
    loader.load()
    page = HandbookPage.objects.get(step="teil-1")
    services.page_revise(page=page, actor=rds_user, body="Eigener Text", change_note="Eigenes")
    page.versions.filter(number=1).delete()  # even without its first version
    call_command("load_handbook")
    assert page.versions.get().body == "Eigener Text"


def test_loading_creates_missing_pages_only(db, rds_user):
    services.page_create(
        actor=rds_user, title="Eigene Staffelseite", slug="unsere-staffel", step="staffel",
        body="x", change_note="x",
    )  # fmt: skip
    loader.load()
    loader.load()
    assert HandbookPage.objects.count() == 8
    assert HandbookPage.objects.get(step="staffel").slug == "unsere-staffel"
    assert HandbookPage.objects.get(slug="staffel").step == ""
    HandbookPage.objects.filter(slug="workshop-teil-2").delete()
    assert loader.load().created == ["workshop-teil-2"]
