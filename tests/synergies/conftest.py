import pytest

from projects.models import Project
from tests.factories import ProjectFactory
from tests.intake.conftest import (  # noqa: F401 (fixtures of the conversion tests)
    intake_round,
    sozialamt_response,
    soziales_intake,
    standard_version,
)


@pytest.fixture
def kultur_funding(kultur, kultur_office):
    return ProjectFactory(
        department=kultur,
        lead_unit=kultur_office,
        title="Digitale Antragstellung für Kulturförderung",
        description="Vereine stellen ihren Förderantrag online; Bescheid und Nachweise im Portal.",
    )


@pytest.fixture
def soziales_funding(soziales, soziales_office):
    return ProjectFactory(
        department=soziales,
        lead_unit=soziales_office,
        title="Förderanträge für soziale Träger online stellen",
        description="Träger beantragen Zuwendungen über ein Förderportal mit Nachweisen.",
    )


@pytest.fixture
def soziales_library(soziales):
    """Another office of Soziales (the Gesundheitsamt)."""
    return ProjectFactory(
        department=soziales,
        lead_unit=soziales.units.get(name="Gesundheitsamt"),
        title="Hygienekontrollen mobil erfassen",
        description="Kontrolleure erfassen Befunde auf dem Tablet.",
    )


def project(**fields) -> Project:
    return ProjectFactory(**fields)
