import pytest

from handbook import services


@pytest.fixture
def handbook_page(rds_user):
    return services.page_create(
        actor=rds_user,
        title="Workshop Teil 1",
        slug="workshop-teil-1",
        step="teil-1",
        body="# Was passiert\n\nSichtung.\n\n## Im Detail\n\nMehr.\n\n# Ergebnisse\n\nListe.",
        change_note="Erste Fassung",
    )
