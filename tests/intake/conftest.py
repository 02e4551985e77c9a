from datetime import timedelta

import pytest
from django.utils import timezone

from intake import questionnaires, services
from organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def standard_version(db):
    """The standard questionnaire as it ships, published."""
    version, _ = questionnaires.load()
    return version


@pytest.fixture
def intake_round(rds_user, standard_version, kultur, soziales):
    """An open round for Kultur and Soziales (two offices each)."""
    return services.round_open(
        actor=rds_user,
        title="Staffel 2",
        version=standard_version,
        deadline=timezone.localdate() + timedelta(days=14),
        departments=[kultur, soziales],
    )


@pytest.fixture
def soziales_intake(intake_round, soziales):
    return intake_round.intakes.get(department=soziales)


@pytest.fixture
def kultur_intake(intake_round, kultur):
    return intake_round.intakes.get(department=kultur)


@pytest.fixture
def sozialamt_response(soziales_intake, soziales_office):
    return soziales_intake.responses.get(unit=soziales_office)


@pytest.fixture
def soziales_coordinator(soziales):
    user = UserFactory(username="koordination-soziales-test")
    MembershipFactory(user=user, department=soziales, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def gesundheitsamt_staff(soziales):
    user = UserFactory(username="mitarbeit-gesundheitsamt-test")
    MembershipFactory(
        user=user,
        department=soziales,
        role=Membership.Role.STAFF,
        org_unit=soziales.units.get(name="Gesundheitsamt"),
    )
    return user


COMPLETE = {
    "aufgaben": "Hilfe zum Lebensunterhalt, Wohngeld",
    "ansprechperson": "Frau Beispiel, Sachgebietsleitung",
    "digitalisierungsgrad": 2,
    "online-leistungen": {"answer": "nein", "reason": "Fachverfahren ohne Schnittstelle"},
    "einflussreichste": "Der digitale Wohngeldantrag",
    "bedarfe-bereiche": ["personal", "software"],
    "bedarfe": "Zwei Stellen für das Fachverfahren",
    "erwartungen": "Beratung zur E-Akte",
}


def fill_in(response, actor, values=None, *, project_title="Digitaler Wohngeldantrag"):
    """Answer every required question (the projects question with one new project)."""
    from intake import answers

    values = values if values is not None else COMPLETE
    response = services.response_save(
        actor=actor,
        response=response,
        version=response.version,
        values=values,
        loaded={key: answers.fingerprint(None) for key in values},
    )
    if project_title:
        services.entry_save(
            actor=actor,
            response=response,
            key="vorhaben",
            fields={"title": project_title, "kind": "prozess", "status": "planung"},
        )
    response.refresh_from_db()
    return response
