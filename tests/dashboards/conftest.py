"""A small dataset counted by hand for the dashboard's tests: seven projects of Kultur (one
confidential), one of Soziales, one archived."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import ProjectFactory

TODAY = timezone.localdate()


def _project(department, title, **fields):
    goals = fields.pop("goals", [])
    fields_of_action = fields.pop("fields_of_action", [])
    project = ProjectFactory(department=department, title=title, **fields)
    project.goals.set(goals)
    project.fields_of_action.set(fields_of_action)
    return project


@pytest.fixture
def dataset(kultur, soziales, agenda):
    daten, netze = agenda.fields.order_by("order")
    daten_goal, netze_goal = daten.goals.get(), netze.goals.get()
    days = lambda n: TODAY - timedelta(n)  # noqa: E731
    _project(
        kultur,
        "A",
        status="umsetzung",
        financing="finanziert",
        budget=Decimal(100),
        traffic_light="im_plan",
        last_reported_on=days(5),
        priority_rank=1,
        influence="hoch",
        goals=[daten_goal],
        fields_of_action=[daten, netze],
    )
    _project(
        kultur,
        "B",
        status="umsetzung",
        financing="teilfinanziert",
        budget=Decimal(200),
        traffic_light="gefaehrdet",
        last_reported_on=days(45),
        priority_rank=2,
        goals=[daten_goal, netze_goal],
        fields_of_action=[daten],
    )
    _project(
        kultur,
        "C",
        status="planung",
        financing="nicht_finanziert",
        budget=Decimal(50),
        traffic_light="kritisch",
        last_reported_on=days(75),
        influence="hoch",
        start_date=days(400),
        end_date=days(1),
    )
    _project(
        kultur,
        "D",
        status="pausiert",
        financing="antrag_gestellt",
        budget=None,
        traffic_light="",
        last_reported_on=days(120),
    )
    _project(
        kultur,
        "E",
        status="abgeschlossen",
        financing="finanziert",
        budget=Decimal(10),
        traffic_light="im_plan",
        last_reported_on=days(200),
        start_date=days(400),
        end_date=days(30),
        priority_rank=3,
        influence="hoch",
    )
    _project(
        kultur,
        "F",
        status="zukunft",
        kind="prozess",
        financing="nicht_finanziert",
        budget=Decimal(1000),
    )
    _project(
        kultur,
        "G (vertraulich)",
        status="umsetzung",
        confidential=True,
        financing="nicht_finanziert",
        budget=Decimal(5000),
        traffic_light="kritisch",
        last_reported_on=days(1),
    )
    _project(kultur, "H (archiviert)", status="umsetzung", archived_at=timezone.now())
    _project(soziales, "Soziales", status="umsetzung", budget=Decimal(7))
    return agenda
