"""A cohort of Kultur and Soziales planned from three published templates. Import the
fixtures into a test module (``from tests.workshops.fixtures_series import *``)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from workshops import services
from workshops.models import AgendaItem, Part, TemplateVersion, Workshop, WorkshopTemplate

BERLIN = ZoneInfo("Europe/Berlin")
TITLES = {
    Part.ONE: "Bestandsaufnahme und Einordnung in die Agenda",
    Part.TWO: "Synergien, Bedarfe und Lücken",
    Part.THREE: "Priorisierung und Übergabe in den Arbeitsraum",
}


def publish_template(part, *, title=None, durations=(30, 90, 60)) -> TemplateVersion:
    template, _ = WorkshopTemplate.objects.get_or_create(part=part)
    number = template.versions.count() + 1
    version = TemplateVersion.objects.create(
        template=template, number=number, title=title or TITLES[part], goal="Ziel"
    )
    for position, minutes in enumerate(durations, start=1):
        AgendaItem.objects.create(
            version=version, position=position, title=f"Punkt {position}", duration_minutes=minutes
        )
    TemplateVersion.objects.filter(pk=version.pk).update(
        state=TemplateVersion.State.PUBLISHED, published_at=timezone.now()
    )
    version.refresh_from_db()
    return version


@pytest.fixture
def series_templates(db):
    return {part: publish_template(part) for part in Part}


@pytest.fixture
def cohort(series_templates, rds_user, kultur, soziales):
    return services.cohort_create(
        actor=rds_user, number=3, name="Herbst", departments=[kultur, soziales]
    )


def workshop_of(cohort, department, part):
    return cohort.workshops.get(department=department, part=part)


@pytest.fixture
def kultur_teil2(cohort, kultur):
    workshop = workshop_of(cohort, kultur, Part.TWO)
    workshop.starts_at = datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN)
    workshop.save()
    return workshop


@pytest.fixture
def kultur_teil3(cohort, kultur):
    return workshop_of(cohort, kultur, Part.THREE)


def end_review(workshop):
    """The objection period as if it had ended yesterday (releases come after it)."""
    Workshop.objects.filter(pk=workshop.pk).update(
        review_until=timezone.localdate() - timedelta(days=1)
    )
    workshop.refresh_from_db()
    return workshop
