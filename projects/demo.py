"""Demo projects and processes across all departments with offices, and their status updates
over the last year."""

import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import F

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal
from organisation.models import Department, OrgUnit
from projects.models import FINISHED_STATUSES, Project, StatusUpdate, TrafficLight

DEMO_PREFIX = "demo-"

PROJECT_ACTIONS = (
    "Einführung",
    "Digitalisierung",
    "Erneuerung",
    "Ausbau",
    "Pilotierung",
    "Automatisierung",
    "Umstellung",
    "Aufbau",
)
PROJECT_OBJECTS = (
    "der E-Akte",
    "des Online-Antragsverfahrens",
    "der Terminvergabe",
    "des Fachverfahrens",
    "der Bürgerkommunikation",
    "des Dokumentenmanagements",
    "der Raumbuchung",
    "des Förderantragsverfahrens",
    "der Datenbereitstellung",
    "des Beschwerdemanagements",
    "der Rechnungsbearbeitung",
    "des Wissensmanagements",
    "der Videokonferenztechnik",
    "der mobilen Datenerfassung",
    "des Ticketsystems",
    "der Personaleinsatzplanung",
    "des Besuchermanagements",
    "der Open-Data-Schnittstelle",
    "der Sensorik",
    "des Geoportals",
)
PROCESSES = (
    "Antragsbearbeitung Fördermittel",
    "Rechnungseingang und Freigabe",
    "Genehmigung von Veranstaltungen",
    "Ausleihe und Rückgabe",
    "Erstellung von Gebührenbescheiden",
    "Terminvereinbarung mit Bürgerinnen und Bürgern",
    "Aktenablage und Archivierung",
    "Beschaffung von Verbrauchsmaterial",
    "Urlaubs- und Dienstplanung",
    "Meldung von Schäden",
    "Anmeldung zu Kursen",
    "Vergabe von Zuschüssen",
    "Bearbeitung von Anfragen",
    "Erfassung von Statistikdaten",
    "Einarbeitung neuer Mitarbeitender",
)
FUNDING_SOURCES = (
    "Haushaltsmittel",
    "Digitalisierungsbudget",
    "Fördermittel Land",
    "Fördermittel Bund",
    "EU-Fördermittel",
)
CONTACTS = (
    "Alma Beispiel",
    "Bruno Muster",
    "Clara Fiktiv",
    "David Probe",
    "Edith Demo",
    "Felix Exempel",
    "Greta Platzhalter",
    "Hans Testmann",
)
REPORT_TEXTS = {
    TrafficLight.ON_TRACK: (
        "Meilenstein erreicht, Zeitplan wird gehalten.",
        "Abstimmung mit den Fachbereichen abgeschlossen.",
        "Testphase läuft planmäßig.",
    ),
    TrafficLight.AT_RISK: (
        "Verzögerung bei der Ausschreibung, Zeitplan wird geprüft.",
        "Personalengpass im Team, Aufgaben werden neu verteilt.",
    ),
    TrafficLight.CRITICAL: (
        "Finanzierung für das kommende Jahr ungeklärt.",
        "Schnittstelle zum Fachverfahren funktioniert nicht, Eskalation eingeleitet.",
    ),
}
STATUS_WEIGHTS = (
    (Project.Status.FUTURE, 12),
    (Project.Status.PLANNING, 25),
    (Project.Status.IMPLEMENTATION, 38),
    (Project.Status.COMPLETED, 12),
    (Project.Status.PAUSED, 8),
    (Project.Status.STOPPED, 5),
)
FINANCING_WEIGHTS = (
    (Project.Financing.FINANCED, 35),
    (Project.Financing.PARTLY, 20),
    (Project.Financing.NOT_FINANCED, 35),
    (Project.Financing.APPLIED, 10),
)


def _weighted(rng: random.Random, weights):
    values, w = zip(*weights, strict=True)
    return rng.choices(values, weights=w, k=1)[0]


def _dates_for(rng, status, today):
    if status == Project.Status.FUTURE:
        start = today + timedelta(days=rng.randint(60, 540))
    else:
        start = today - timedelta(days=rng.randint(90, 900))
    end = start + timedelta(days=rng.randint(120, 1100))
    return start, end


def _progress_for(rng, status):
    return {
        Project.Status.FUTURE: 0,
        Project.Status.PLANNING: rng.randint(0, 20),
        Project.Status.IMPLEMENTATION: rng.randint(20, 90),
        Project.Status.COMPLETED: 100,
        Project.Status.PAUSED: rng.randint(10, 60),
        Project.Status.STOPPED: rng.randint(0, 40),
    }[status]


def seed(run) -> None:
    """``run.projects`` demo projects, deterministic for ``run.seed`` and ``run.today``."""
    today = run.today
    rng = random.Random(run.seed)
    report = run.report
    if run.reset:
        Project.objects.filter(external_id__startswith=DEMO_PREFIX).delete()
    agenda = Agenda.objects.active().first()
    goals = (
        list(Goal.objects.filter(field__agenda=agenda).select_related("field")) if agenda else []
    )
    fields = list(
        FieldOfAction.objects.filter(agenda=agenda).order_by(
            F("order").asc(nulls_last=True), "name"
        )
    )
    goals_by_field = {f.pk: [g for g in goals if g.field_id == f.pk] for f in fields}
    agenda_projects = list(AgendaProject.objects.filter(agenda=agenda).order_by("pk"))
    departments = list(Department.objects.order_by("pk"))
    units_by_department = {d.pk: [] for d in departments}
    all_units = list(OrgUnit.objects.order_by("pk"))
    for unit in all_units:
        units_by_department[unit.department_id].append(unit)
    departments = [d for d in departments if units_by_department[d.pk]]
    if not departments:
        raise ValueError("No departments with offices: run load_reference first.")
    demo_users = run.users
    authors = [
        demo_users["koordination-kultur"],
        demo_users["mitarbeit-soziales"],
        demo_users["rds"],
    ]

    existing_ids = set(
        Project.objects.filter(external_id__startswith=DEMO_PREFIX).values_list(
            "external_id", flat=True
        )
    )
    taken_titles = set(Project.objects.values_list("department_id", "title"))
    rank_counter = {d.pk: 0 for d in departments}
    title_counter: dict[tuple[int, str], int] = {}

    new_projects, m2m, updates_by_index = [], [], {}
    for index in range(1, run.projects + 1):
        department = departments[(index - 1) % len(departments)]
        units = units_by_department[department.pk]
        lead = rng.choice(units)
        kind = Project.Kind.PROCESS if rng.random() < 0.25 else Project.Kind.PROJECT
        if kind == Project.Kind.PROCESS:
            base = f"{rng.choice(PROCESSES)} ({lead.name})"
        else:
            base = f"{rng.choice(PROJECT_ACTIONS)} {rng.choice(PROJECT_OBJECTS)} – {lead.name}"
        status = _weighted(rng, STATUS_WEIGHTS)
        financing = _weighted(rng, FINANCING_WEIGHTS)
        start, end = _dates_for(rng, status, today)
        progress = _progress_for(rng, status)
        rank_counter[department.pk] += 1
        rank = rank_counter[department.pk] if rank_counter[department.pk] <= 10 else None
        chosen_fields = rng.sample(fields, k=min(len(fields), rng.randint(1, 2))) if fields else []
        goal_pool = [g for f in chosen_fields for g in goals_by_field[f.pk]]
        chosen_goals = rng.sample(goal_pool, k=min(len(goal_pool), rng.randint(0, 2)))
        others = [u for u in all_units if u.pk != lead.pk]
        participants = rng.sample(others, k=rng.randint(0, 2))
        contributes = agenda_projects and rng.random() < 0.1
        budget = None
        if financing != Project.Financing.NOT_FINANCED or rng.random() < 0.5:
            budget = Decimal(rng.randrange(10_000, 2_000_000, 5_000))
        confidential = rng.random() < 0.08
        reusable = rng.random() < 0.2
        influence = rng.choice(Project.Influence.values)
        scope = rng.choice(Project.DecisionScope.values)
        funding = rng.choice(FUNDING_SOURCES) if financing != "nicht_finanziert" else ""
        contact = rng.choice(CONTACTS)
        agenda_project = rng.choice(agenda_projects) if contributes else None

        # Status updates: monthly over the last year; some projects fall silent: their next
        # update is due (about 35 days), overdue (about 70) or long stale (120, 200).
        updates = []
        if status != Project.Status.FUTURE:
            count = rng.randint(8, 20)
            spacing = rng.choice((18, 21, 28))
            silent_days = (
                rng.choice((0, 0, 0, 0, 0, 0, 35, 70, 120, 200))
                if status not in FINISHED_STATUSES
                else 0
            )
            last = today - timedelta(days=silent_days + rng.randint(0, 25))
            for step in range(count):
                day = last - timedelta(days=spacing * step + rng.randint(0, 5))
                if day < today - timedelta(days=365):
                    break
                light = _weighted(
                    rng,
                    (
                        (TrafficLight.ON_TRACK, 70),
                        (TrafficLight.AT_RISK, 22),
                        (TrafficLight.CRITICAL, 8),
                    ),
                )
                updates.append(
                    (
                        day,
                        light,
                        max(0, progress - step * 3),
                        rng.choice(REPORT_TEXTS[light]),
                        rng.choice(authors),
                    )
                )

        external_id = f"{DEMO_PREFIX}{index:06d}"
        if external_id in existing_ids:
            report.projects_existing += 1
            continue
        title = base
        while (department.pk, title) in taken_titles:
            n = title_counter.get((department.pk, base), 1) + 1
            title_counter[(department.pk, base)] = n
            title = f"{base} (Los {n})"
        taken_titles.add((department.pk, title))
        latest = updates[0] if updates else None
        new_projects.append(
            Project(
                external_id=external_id,
                department=department,
                kind=kind,
                title=title,
                description=(
                    f"Fiktives Demo-Vorhaben des {lead.name}. Es zeigt, wie ein Vorhaben im "
                    "Arbeitsraum erfasst, priorisiert und mit Statusmeldungen begleitet wird."
                ),
                lead_unit=lead,
                contact_person=contact,
                status=status,
                financing=financing,
                budget=budget,
                funding_source=funding,
                influence=influence,
                decision_scope=scope,
                priority_rank=rank,
                agenda_project=agenda_project,
                agenda_contribution="Liefert Daten und Erfahrungen zu." if agenda_project else "",
                start_date=start,
                end_date=end,
                progress=latest[2] if latest else progress,
                reusable=reusable,
                confidential=confidential,
                external_partners="Beispiel-Dienstleister GmbH (fiktiv)"
                if rng.random() < 0.15
                else "",
                last_reported_on=latest[0] if latest else None,
                traffic_light=latest[1] if latest else "",
                created_by=demo_users["rds"],
            )
        )
        m2m.append((chosen_fields, chosen_goals, participants))
        updates_by_index[len(new_projects) - 1] = updates

    Project.objects.bulk_create(new_projects, batch_size=500)
    Through = Project.fields_of_action.through
    GoalThrough = Project.goals.through
    UnitThrough = Project.participating_units.through
    Through.objects.bulk_create(
        [
            Through(project=p, fieldofaction=f)
            for p, (fs, _, _) in zip(new_projects, m2m, strict=True)
            for f in fs
        ],
        batch_size=2000,
    )
    GoalThrough.objects.bulk_create(
        [
            GoalThrough(project=p, goal=g)
            for p, (_, gs, _) in zip(new_projects, m2m, strict=True)
            for g in gs
        ],
        batch_size=2000,
    )
    UnitThrough.objects.bulk_create(
        [
            UnitThrough(project=p, orgunit=u)
            for p, (_, _, us) in zip(new_projects, m2m, strict=True)
            for u in us
        ],
        batch_size=2000,
    )
    status_updates = [
        StatusUpdate(
            project=project,
            reported_on=day,
            traffic_light=light,
            progress=value,
            text=text,
            author=author,
        )
        for i, project in enumerate(new_projects)
        for day, light, value, text, author in updates_by_index[i]
    ]
    StatusUpdate.objects.bulk_create(status_updates, batch_size=2000)
    report.projects_created = len(new_projects)
    report.status_updates_created = len(status_updates)
