"""Fixtures for the protocol, calendar and invitation tests: published templates for the
three parts, a cohort of Kultur and Soziales, and Kultur's Teil 1 planned with a date, a
place, a video link, the coordinator as participant and a guest.

Import them into a test module with ``from tests.workshops.fixtures_protocol import *``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from workshops import services
from workshops.models import AgendaItem, TemplateVersion, Workshop, WorkshopTemplate

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
    # The objection period as if it had ended yesterday.
    Workshop.objects.filter(pk=workshop.pk).update(
        review_until=timezone.localdate() - timedelta(days=1)
    )
    workshop.refresh_from_db()
    return services.minutes_release(workshop=workshop, actor=coordinator)


def showcase_workshop(actor, department):
    """A recorded Teil 1 for page checks on the demo data (browser tests, screenshots):
    templates published where the data has none, a new cohort of ``department``, a date,
    participants, a guest, minutes and results."""
    from django.contrib.auth import get_user_model

    if not TemplateVersion.objects.published().exists():
        publish_templates()
    cohort = services.cohort_create(
        actor=actor, number=services.next_cohort_number(), departments=[department]
    )
    workshop = cohort.workshops.get(department=department, part=1)
    members = services.participant_choices(workshop)[:3]
    workshop = plan(
        workshop, actor, starts_at=STARTS_AT, location="Neues Rathaus, Raum 101",
        video_link="https://video.example/raum-101", participants=list(members),
    )  # fmt: skip
    services.guest_add(workshop=workshop, actor=actor, name="Gitte Gast", email="g@partner.example",
                       organisation="Partner GmbH")  # fmt: skip
    workshop = services.workshop_mark_held(workshop=workshop, actor=actor)
    workshop = services.minutes_save(
        workshop=workshop, actor=actor, version=workshop.version,
        minutes="## Ergebnisse\n\n- Die Ausleihe wird digital.\n- Ein Pilot startet im Mai.\n\n"
        "| Thema | Ergebnis |\n|---|---|\n| Ausleihe | Pilot |",
    )  # fmt: skip
    services.decision_add(workshop=workshop, actor=actor, text="Der Pilot startet im Mai.")
    owner = get_user_model().objects.filter(pk__in=[m.pk for m in members]).first()
    services.question_add(workshop=workshop, actor=actor, text="Wer betreibt die Plattform?",
                          owner=owner, due_on=STARTS_AT.date())  # fmt: skip
    project = department.projects.filter(archived_at__isnull=True).order_by("pk").first()
    if project is not None:
        services.discussed_add(workshop=workshop, actor=actor, project=project, note="Vorgestellt")
        value = "pausiert" if project.status != "pausiert" else "umsetzung"
        services.change_propose(
            workshop=workshop, actor=actor, project=project, field="status", value=value,
            note="Im Workshop beschlossen",
        )  # fmt: skip
    services.finding_add(workshop=workshop, actor=actor, kind="bedarf", title="Mehr Personal",
                         description="Für den Betrieb fehlt eine Stelle.")  # fmt: skip
    workshop.refresh_from_db()
    return workshop
