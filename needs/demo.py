"""Demo needs and gaps in every department: every category, every status (the closed ones
with their reasons, one reopened), some linked to RDS offerings and to the department's
projects, some found in the status-quo intake or a workshop of cohort 1. Written through the
services, so each need has its history; deterministic for the run's seed, and a second run
adds nothing (each demo need carries its key ``demo-…`` as ``source_ref``)."""

import random

from django.contrib.auth import get_user_model

from needs import services
from needs.models import Need
from offerings.models import Offering
from organisation.models import Department
from projects.models import Project
from workshops.models import Workshop

DEMO_PREFIX = "demo-"
# (category, title, description, offering key or None)
NEEDS = (
    (
        "personal",
        "Keine Stelle für die Betreuung der Fachverfahren",
        "Die Fachverfahren werden nebenbei betreut; Updates und Schnittstellen bleiben liegen.",
        None,
    ),
    (
        "kompetenzen",
        "Fehlende Kenntnisse in der Vergabe von Software",
        "Ausschreibungen für Software dauern lange, weil Erfahrung mit IT-Vergaben fehlt.",
        "beratung",
    ),
    (
        "budget",
        "Keine Mittel für den Betrieb nach der Förderung",
        "Die Förderung deckt die Einführung, nicht den Betrieb ab dem dritten Jahr.",
        None,
    ),
    (
        "infrastruktur",
        "Unzureichendes WLAN in den Außenstellen",
        "Mobiles Arbeiten und digitale Formulare scheitern in mehreren Außenstellen am Netz.",
        None,
    ),
    (
        "software",
        "Kein Werkzeug für Online-Terminvergabe",
        "Termine werden telefonisch vergeben; Wartezeiten und Ausfälle sind hoch.",
        "app",
    ),
    (
        "daten",
        "Daten liegen in Tabellen ohne gemeinsame Schlüssel",
        "Auswertungen über Ämter hinweg sind nur mit viel Handarbeit möglich.",
        "datenplattform",
    ),
    (
        "recht",
        "Unklare Rechtslage bei der elektronischen Signatur",
        "Es ist offen, welche Bescheide ohne Unterschrift auf Papier versandt werden dürfen.",
        None,
    ),
    (
        "prozesse",
        "Medienbrüche im Antragsverfahren",
        "Online eingegangene Anträge werden ausgedruckt und von Hand erfasst.",
        "beratung",
    ),
    (
        "kompetenzen",
        "Geringe Erfahrung mit agiler Projektarbeit",
        "Projektteams arbeiten nach Wasserfall; Rückmeldungen kommen spät.",
        "qualifizierung",
    ),
    (
        "daten",
        "Keine Sensordaten für die Planung",
        "Für Verkehrs- und Umweltplanung fehlen aktuelle Messwerte.",
        "stadtentwicklung",
    ),
    (
        "software",
        "Veraltetes Fachverfahren ohne Schnittstelle",
        "Das Fachverfahren bietet keine Schnittstelle zum Onlinezugang.",
        None,
    ),
    (
        "personal",
        "Zu wenige Ansprechpersonen für Digitalisierung in den Ämtern",
        "Digitalisierungsthemen laufen über wenige Personen, die dafür keine Zeit haben.",
        "qualifizierung",
    ),
)
NEEDS_PER_DEPARTMENT = 5
# Statuses in turn, so that every one appears; closed ones with a reason.
STATUSES = (
    (Need.Status.OPEN, ""),
    (Need.Status.IN_PROGRESS, "Arbeitsgruppe ist eingerichtet."),
    (Need.Status.SOLVED, "Mit dem Angebot des Referats Digitale Stadt gelöst."),
    (Need.Status.UNSOLVABLE, "Liegt außerhalb der Zuständigkeit der Stadt."),
    (Need.Status.OPEN, ""),
)
SEVERITIES = tuple(Need.Severity.values)
# Department (slug) -> the demo account that records its needs; the others through RDS.
RECORDERS = {"kultur": "koordination-kultur", "soziales-gesundheit-vielfalt": "mitarbeit-soziales"}


def seed(run) -> None:
    users = run.users or {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["rds", *RECORDERS.values()])
    }
    rds = users.get("rds")
    if rds is None:
        return
    if run.reset:
        Need.objects.filter(source_ref__startswith=DEMO_PREFIX).delete()
    rng = random.Random(run.seed)
    offerings = {offering.slug: offering for offering in Offering.objects.all()}
    existing = set(
        Need.objects.filter(source_ref__startswith=DEMO_PREFIX).values_list(
            "department_id", "source_ref"
        )
    )
    for index, department in enumerate(Department.objects.order_by("name")):
        actor = users.get(RECORDERS.get(department.slug, ""), rds)
        projects = list(
            Project.objects.visible_to(actor)
            .filter(department=department, archived_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:200]
        )
        workshop = (
            Workshop.objects.filter(department=department, part=2)
            .order_by("cohort__number")
            .first()
        )
        for number in range(NEEDS_PER_DEPARTMENT):
            key = f"{DEMO_PREFIX}{department.slug}-{number + 1}"
            if (department.pk, key) in existing:
                continue
            category, title, description, offering = NEEDS[
                (index * NEEDS_PER_DEPARTMENT + number) % len(NEEDS)
            ]
            need = services.need_create(
                actor=actor,
                department=department,
                category=category,
                title=title,
                description=description,
                severity=rng.choice(SEVERITIES),
                owner=actor if rng.random() < 0.7 else None,
                offering=offerings.get(offering),
                projects=rng.sample(projects, k=min(len(projects), rng.randint(0, 2))),
                **_source(number, workshop),
                source_ref=key,
            )
            _move(need, actor, (index + number) % len(STATUSES), reopened=index == number == 0)


def _source(number, workshop) -> dict:
    if number == 1 and workshop is not None:
        return {"source": Need.Source.WORKSHOP, "workshop": workshop}
    if number == 2:
        return {"source": Need.Source.INTAKE}
    return {"source": Need.Source.MANUAL}


def _move(need, actor, position, *, reopened: bool) -> None:
    """Along the transitions to the demo status; the very first need is solved and reopened."""
    status, reason = STATUSES[position]
    if reopened:
        need = services.need_set_status(
            need=need, actor=actor, version=need.version, status=Need.Status.SOLVED,
            reason="Übergangslösung gefunden.",
        )  # fmt: skip
        services.need_set_status(
            need=need, actor=actor, version=need.version, status=Need.Status.OPEN,
            reason="Die Übergangslösung trägt nicht mehr.",
        )  # fmt: skip
        return
    if status != Need.Status.OPEN:
        services.need_set_status(
            need=need, actor=actor, version=need.version, status=status, reason=reason
        )
