"""Fixtures for the protocol, calendar and invitation tests: published templates for the
three parts, a cohort of Kultur and Soziales, and Kultur's Teil 1 planned with a date, a
place, a video link, the coordinator as participant and a guest.

Import them into a test module with ``from tests.workshops.fixtures_protocol import *``."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from workshops import services
from workshops.models import AgendaItem, TemplateVersion, WorkshopTemplate

__all__ = ["cohort", "recorded", "teil_3", "templates", "workshop"]  # the fixtures

BERLIN = ZoneInfo("Europe/Berlin")
STARTS_AT = datetime(2027, 3, 15, 9, 30, tzinfo=BERLIN)
AGENDA = (("Begrüßung", 15, "Runde"), ("Bestandsaufnahme", 90, "Kartenabfrage"),
          ("Abschluss", 15, ""))  # fmt: skip
TITLES = {1: "Bestandsaufnahme", 2: "Vertiefung", 3: "Priorisierung"}


def publish_templates():
    """A published version of each part's template, with the agenda above (the items are
    added while the version is a draft: a published version is frozen)."""
    versions = {}
    for part, title in TITLES.items():
        template = WorkshopTemplate.objects.create(part=part)
        version = TemplateVersion.objects.create(template=template, number=1, title=title)
        for position, (item, minutes, method) in enumerate(AGENDA, start=1):
            AgendaItem.objects.create(
                version=version,
                position=position,
                title=item,
                duration_minutes=minutes,
                method=method,
            )
        version.state = TemplateVersion.State.PUBLISHED
        version.save()
        versions[part] = version
    return versions


@pytest.fixture
def templates(db):
    return publish_templates()


@pytest.fixture
def cohort(templates, rds_user, kultur, soziales):
    return services.cohort_create(actor=rds_user, number=7, departments=[kultur, soziales])


def plan(workshop, actor, **fields):
    workshop.refresh_from_db()
    return services.workshop_plan(
        workshop=workshop, actor=actor, version=workshop.version, **fields
    )


@pytest.fixture
def workshop(cohort, kultur, rds_user, coordinator):
    """Kultur's Teil 1 on 15.03.2027 at 9:30 (two hours), with a participant and a guest."""
    workshop = cohort.workshops.get(department=kultur, part=1)
    workshop = plan(
        workshop,
        rds_user,
        starts_at=STARTS_AT,
        location="Neues Rathaus, Raum 101",
        video_link="https://video.example/raum-101",
        participants=[coordinator],
    )
    services.guest_add(
        workshop=workshop,
        actor=rds_user,
        name="Gitte Gast",
        email="Gitte.Gast@Partner.example",
        organisation="Partner GmbH",
    )
    services.guest_add(workshop=workshop, actor=rds_user, name="Ohne Adresse")
    return workshop


@pytest.fixture
def teil_3(cohort, kultur):
    return cohort.workshops.get(department=kultur, part=3)


MINUTES = """=1+1 Ergebnis der Runde

<script>alert("x")</script>

<img src="x" onerror="alert('y')">

**Wichtig:** die Ausleihe wird digital."""


@pytest.fixture
def recorded(workshop, rds_user, coordinator, kultur_project, soziales_project,
             confidential_soziales_project):  # fmt: skip
    """``workshop`` held, with minutes (a formula-looking line, a script and an image with
    an event handler), a decision, an open question, a project discussed, a change and a
    synergy that names a project of Soziales and a confidential one there."""
    from datetime import date

    workshop = services.workshop_mark_held(workshop=workshop, actor=rds_user)
    workshop = services.minutes_save(
        workshop=workshop, actor=rds_user, version=workshop.version, minutes=MINUTES
    )
    services.decision_add(workshop=workshop, actor=rds_user, text="=1+1")
    services.decision_add(workshop=workshop, actor=rds_user, text="Ausleihe wird Pilot")
    services.question_add(
        workshop=workshop,
        actor=rds_user,
        text="Wer betreibt die Plattform?",
        owner=coordinator,
        due_on=date(2027, 4, 1),
    )
    services.discussed_add(
        workshop=workshop, actor=rds_user, project=kultur_project, note="Gut vorbereitet"
    )
    services.change_propose(
        workshop=workshop, actor=rds_user, project=kultur_project, field="status",
        value="umsetzung", note="Start im Mai",
    )  # fmt: skip
    services.finding_add(
        workshop=workshop, actor=rds_user, kind="synergie", title="Gemeinsame Ausleihe",
        description="Bibliothek und Sozialamt", projects=[soziales_project,
                                                          confidential_soziales_project],
    )  # fmt: skip
    workshop.refresh_from_db()
    return workshop


def release(workshop, coordinator):
    workshop = services.minutes_open_review(workshop=workshop, actor=coordinator)
    return services.minutes_release(workshop=workshop, actor=coordinator)
