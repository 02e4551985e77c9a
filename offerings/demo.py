"""The demo catalogue of RDS offerings, with demand: projects of several departments using
them and requests of several departments (some answered). Contacts are teams, not people.
Written through the services; deterministic for the run's seed, and a second run adds
nothing (offerings are recognised by their key)."""

import random

from django.contrib.auth import get_user_model

from offerings import services
from offerings.models import Offering, OfferingRequest
from organisation.models import Department
from projects.models import Project

DEMO_OFFERINGS = (
    {
        "slug": "beratung",
        "title": "Beratung zu Digitalisierungsvorhaben",
        "status": Offering.Status.AVAILABLE,
        "contact": "Team Digitalberatung",
        "contact_email": "digitalberatung@stadt.example",
        "description": (
            "Das Referat Digitale Stadt berät Ämter von der ersten Idee bis zur Ausschreibung: "
            "Bedarfsanalyse, Marktrecherche, Wirtschaftlichkeitsbetrachtung und Begleitung "
            "der Vergabe."
        ),
    },
    {
        "slug": "app",
        "title": "Städtische App",
        "status": Offering.Status.AVAILABLE,
        "contact": "Team App",
        "contact_email": "app@stadt.example",
        "link": "https://app.stadt.example/",
        "description": (
            "Die App der Stadt für Bürgerinnen und Bürger: Ämter können eigene Dienste, "
            "Termine und Meldungen einbinden, ohne eine eigene App zu entwickeln."
        ),
    },
    {
        "slug": "datenplattform",
        "title": "Urbane Datenplattform",
        "status": Offering.Status.AVAILABLE,
        "contact": "Team Datenplattform",
        "contact_email": "datenplattform@stadt.example",
        "link": "https://daten.stadt.example/",
        "description": (
            "Gemeinsame Plattform für Daten der Stadt: Sensordaten, Fachdaten und offene Daten "
            "an einem Ort, mit Schnittstellen, Dashboards und Unterstützung bei der "
            "Datenaufbereitung."
        ),
    },
    {
        "slug": "stadtentwicklung",
        "title": "Digitale Werkzeuge der Stadtentwicklung",
        "status": Offering.Status.PLANNED,
        "contact": "Team Stadtentwicklung digital",
        "contact_email": "stadtentwicklung-digital@stadt.example",
        "description": (
            "Digitaler Zwilling, 3D-Stadtmodell und Werkzeuge für die Beteiligung an "
            "Planungsverfahren; derzeit im Aufbau, erste Pilotämter gesucht."
        ),
    },
    {
        "slug": "qualifizierung",
        "title": "Qualifizierungsangebote",
        "status": Offering.Status.AVAILABLE,
        "contact": "Team Qualifizierung",
        "contact_email": "qualifizierung@stadt.example",
        "description": (
            "Schulungen, Lernpfade und Austauschformate zu digitalen Kompetenzen: von "
            "Grundlagen der E-Akte bis zu Projektmanagement und Datenkompetenz."
        ),
    },
)
SLUGS = tuple(offering["slug"] for offering in DEMO_OFFERINGS)
REQUEST_NOTES = (
    "Wir möchten prüfen, ob das Angebot für unser nächstes Vorhaben passt, und bitten um "
    "einen Termin.",
    "Für die Umstellung eines Antragsverfahrens brauchen wir Unterstützung im ersten Halbjahr.",
    "Mehrere Ämter des Dezernats haben Interesse; bitte stellen Sie das Angebot in unserer "
    "Amtsleiterrunde vor.",
)
ANSWERS = {
    OfferingRequest.Status.CLARIFYING: "Wir melden uns mit Terminvorschlägen.",
    OfferingRequest.Status.DONE: "Termin hat stattgefunden; die Unterlagen sind versandt.",
    OfferingRequest.Status.DECLINED: "Das Angebot passt nicht; wir empfehlen die Beratung.",
}
# Department (slug) -> the demo account that asks on its behalf; the others ask through RDS.
REQUESTERS = {"kultur": "koordination-kultur", "soziales-gesundheit-vielfalt": "mitarbeit-soziales"}


def seed(run) -> None:
    users = run.users or {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["rds", *REQUESTERS.values()])
    }
    rds = users.get("rds")
    if rds is None:
        return
    if run.reset:
        Offering.objects.filter(slug__in=SLUGS).delete()
    rng = random.Random(run.seed)
    departments = list(Department.objects.order_by("name"))
    existing = set(Offering.objects.filter(slug__in=SLUGS).values_list("slug", flat=True))
    for number, fields in enumerate(DEMO_OFFERINGS):
        if fields["slug"] in existing:
            continue
        offering = services.offering_create(actor=rds, **fields)
        _link_projects(offering, rng, rds)
        if departments and offering.status == Offering.Status.AVAILABLE:
            _requests(offering, rng, departments, users, rds, number)


def _link_projects(offering, rng, rds) -> None:
    """Three to six running demo projects of different departments use the offering."""
    candidates = list(
        Project.objects.filter(external_id__startswith="demo-", archived_at__isnull=True)
        .exclude(status__in=("abgeschlossen", "eingestellt"))
        .order_by("pk")
        .values_list("pk", flat=True)[:600]
    )
    chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(3, 6)))
    for project in Project.objects.filter(pk__in=chosen).order_by("pk"):
        services.project_offering_link(project=project, offering=offering, actor=rds)


def _requests(offering, rng, departments, users, rds, number) -> None:
    """Requests of two or three departments; the older ones answered."""
    asking = rng.sample(departments, k=min(len(departments), rng.randint(2, 3)))
    statuses = (
        OfferingRequest.Status.OPEN,
        OfferingRequest.Status.CLARIFYING,
        OfferingRequest.Status.DONE,
        OfferingRequest.Status.DECLINED,
    )
    for index, department in enumerate(asking):
        actor = users.get(REQUESTERS.get(department.slug, ""), rds)
        request = services.offering_request_create(
            actor=actor,
            offering=offering,
            department=department,
            note=REQUEST_NOTES[(number + index) % len(REQUEST_NOTES)],
        )
        status = statuses[(number + index) % len(statuses)]
        if status != OfferingRequest.Status.OPEN:
            services.offering_request_answer(
                offering_request=request,
                actor=rds,
                version=request.version,
                status=status,
                answer=ANSWERS[status],
            )
