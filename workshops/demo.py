"""Demo cohorts: cohort 1 (Kultur, Soziales) completed, with all three workshops and their
results applied to the workspaces; cohort 2 (Stadtentwicklung und Bau; Umwelt, Klima,
Ordnung und Sport) running, with Teil 1 held and Teil 2 planned. Everything is written
through the services, so the projects' history names the workshops."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from intake.models import Round
from organisation.models import Department
from projects.models import Project
from workshops import services, standards
from workshops.models import ChangeField, Cohort, Part, ResultItem, Workshop

FIRST = ("kultur", "soziales-gesundheit-vielfalt")
SECOND = ("stadtentwicklung-bau", "umwelt-klima-ordnung-sport")
# The intake rounds that prepared each cohort (see intake/demo.py).
FIRST_ROUND = "Staffel 1 – Status-quo-Erfassung"
SECOND_ROUND = "Staffel 2 – Status-quo-Erfassung"

PLACES = ("Neues Rathaus, Raum 259", "Technisches Rathaus, Beratungsraum 3", "online")
MINUTES = {
    Part.ONE: """# Begrüßung und Ziel
Das Referat Digitale Stadt stellt den Ablauf der Workshopreihe vor. Grundlage ist die
Status-quo-Erfassung der Ämter.

# Bestandsaufnahme
Die Ämter stellen ihre wichtigsten Vorhaben und Prozesse vor. Mehrere Ämter arbeiten an
**Antragsverfahren**, die sich ähneln.

# Einordnung in die Agenda
Jedes Vorhaben wird einem Handlungsfeld zugeordnet; bei zwei Vorhaben fehlt ein Ziel.
""",
    Part.TWO: """# Synergien
Das Online-Antragsverfahren für Fördermittel eines Amtes kann von weiteren Ämtern
nachgenutzt werden.

# Bedarfe und Lücken
- Es fehlen Kompetenzen für Ausschreibungen von Software.
- Die Daten liegen in Tabellen ohne gemeinsame Schlüssel.
""",
    Part.THREE: """# Priorisierung
Die offenen Vorhaben werden nach Wirkung auf die Agenda und Umsetzbarkeit geordnet.

# Übergabe in den Arbeitsraum
Die Prioritätenliste wird zur Reihenfolge im Arbeitsraum; die Änderungsliste wird
übernommen. Statusmeldungen folgen quartalsweise.
""",
}
DECISIONS = {
    Part.ONE: "Alle Vorhaben werden bis zum nächsten Workshop einem Ziel zugeordnet.",
    Part.TWO: "Das Antragsverfahren für Fördermittel wird als Nachnutzung geprüft.",
    Part.THREE: "Die Prioritätenliste gilt ab sofort als Reihenfolge im Arbeitsraum.",
}
QUESTIONS = {
    Part.ONE: "Welche Fachverfahren haben eine Schnittstelle zum Onlinezugang?",
    Part.TWO: "Wer betreut die gemeinsame Komponente für die Terminvergabe?",
    Part.THREE: "Welche Finanzierung ist für das wichtigste Vorhaben im nächsten Haushalt möglich?",
}


def seed(run) -> None:
    standards.load_default_templates()
    users = run.users or {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=["rds", "koordination-kultur", "mitarbeit-soziales", "partner-kultur"]
        )
    }
    rds = users.get("rds")
    if rds is None:
        return
    if run.reset:
        Cohort.objects.filter(number__in=(1, 2)).delete()
    rng = random.Random(run.seed)
    departments = {d.slug: d for d in Department.objects.filter(slug__in=FIRST + SECOND)}
    if not Cohort.objects.filter(number=1).exists():
        first = [departments[slug] for slug in FIRST if slug in departments]
        if first:
            _first_cohort(run, rng, first, users, rds)
    if not Cohort.objects.filter(number=2).exists():
        second = [departments[slug] for slug in SECOND if slug in departments]
        if second:
            _second_cohort(run, rng, second, users, rds)


def _moment(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _participants(department, users, rds):
    people = [rds]
    for name, slug in (
        ("koordination-kultur", "kultur"),
        ("partner-kultur", "kultur"),
        ("mitarbeit-soziales", "soziales-gesundheit-vielfalt"),
    ):
        if department.slug == slug and name in users:
            people.append(users[name])
    return people


def _coordinator(department, users, rds):
    if department.slug == "kultur" and "koordination-kultur" in users:
        return users["koordination-kultur"]
    return rds


def _plan(workshop, rds, *, day, place, participants):
    return services.workshop_plan(
        workshop=workshop,
        actor=rds,
        version=workshop.version,
        starts_at=_moment(day),
        location=place,
        video_link="https://video.example.org/workshop" if place == "online" else "",
        participants=participants,
    )


def _open_projects(department):
    return list(services.open_projects(department)[:6])


def _record(workshop, actor, rng, users, *, owner=None, finished=True):
    """Minutes, a decision, an open question, projects discussed, findings."""
    workshop = services.workshop_mark_held(workshop=workshop, actor=actor)
    workshop = services.minutes_save(
        workshop=workshop, actor=actor, version=workshop.version, minutes=MINUTES[workshop.part]
    )
    services.decision_add(workshop=workshop, actor=actor, text=DECISIONS[workshop.part])
    question = services.question_add(
        workshop=workshop,
        actor=actor,
        text=QUESTIONS[workshop.part],
        owner=owner,
        due_on=timezone.localtime(workshop.starts_at).date() + timedelta(days=28),
    )
    if finished and workshop.part != Part.THREE:
        services.question_done(question=question, actor=actor)
    projects = _open_projects(workshop.department)
    for project in projects[:3]:
        services.discussed_add(workshop=workshop, actor=actor, project=project)
    if workshop.part == Part.TWO and projects:
        # Two of the department's funding procedures if it has them: the conversion proposes
        # them as a link.
        funding = list(
            services.open_projects(workshop.department).filter(title__icontains="Förder")[:2]
        )
        services.finding_add(
            workshop=workshop,
            actor=actor,
            kind=ResultItem.Kind.SYNERGY,
            title="Online-Antragsverfahren für kommunale Fördermittel nachnutzen",
            description="Das Verfahren eines Amtes passt auch für die Förderprogramme anderer "
            "Ämter; gleiche Antragsstrecke, eigene Förderrichtlinie.",
            projects=funding if len(funding) == 2 else projects[:2],
        )
        services.finding_add(
            workshop=workshop,
            actor=actor,
            kind=ResultItem.Kind.NEED,
            title=rng.choice(
                [
                    "Kompetenzen für Softwareausschreibungen fehlen",
                    "Daten ohne gemeinsame Schlüssel",
                    "Keine Schnittstelle zum Onlinezugang",
                ]
            ),
            description="Genannt von mehreren Ämtern in der Status-quo-Erfassung und im Workshop.",
            projects=projects[1:2],
        )
    return Workshop.objects.get(pk=workshop.pk), projects


def _changes(workshop, actor, decider, projects, *, apply: bool):
    """A status and a financing decided for the first two projects discussed."""
    items = []
    for project, field, value in (
        (projects[0], ChangeField.STATUS, Project.Status.IMPLEMENTATION),
        (projects[1], ChangeField.FINANCING, Project.Financing.APPLIED),
    ):
        if services.current_value(project, field) == value:
            continue
        items.append(
            services.change_propose(
                workshop=workshop, actor=actor, project=project, field=field, value=value
            )
        )
    if not apply:
        return items
    for item in items:
        services.change_decide(item=item, actor=decider, accept=True)
    if items:
        services.change_list_apply(workshop=workshop, actor=decider)
    return items


def _not_before_today(day):
    """A review period cannot end in the past, also when the demo is seeded for an earlier
    day (tests pass ``today``)."""
    return max(day, timezone.localdate())


def _release(workshop, actor, today):
    """Shared for objections, the period over (backdated: in the demo's story it ended a
    week after the workshop), released."""
    workshop = services.minutes_open_review(
        workshop=workshop, actor=actor, review_until=_not_before_today(today)
    )
    held_on = timezone.localtime(workshop.starts_at).date()
    Workshop.objects.filter(pk=workshop.pk).update(
        review_until=min(held_on + timedelta(days=7), timezone.localdate() - timedelta(days=1))
    )
    workshop.refresh_from_db()
    return services.minutes_release(workshop=workshop, actor=actor)


def _first_cohort(run, rng, departments, users, rds) -> None:
    start = run.today - timedelta(days=280)
    cohort = services.cohort_create(
        actor=rds,
        number=1,
        name="Kultur und Soziales",
        status=Cohort.Status.RUNNING,
        starts_on=start,
        ends_on=start + timedelta(days=120),
        intake_round=Round.objects.filter(title=FIRST_ROUND).first(),
        departments=departments,
        supporters=[rds],
        notes="Die erste Staffel: die Standards der Workshopreihe sind hier entstanden.",
    )
    for offset, department in enumerate(departments):
        coordinator = _coordinator(department, users, rds)
        people = _participants(department, users, rds)
        for part in Part:
            workshop = cohort.workshops.get(department=department, part=part)
            day = start + timedelta(days=30 * part + offset * 2)
            workshop = _plan(workshop, rds, day=day, place=PLACES[part % 2], participants=people)
            owner = coordinator if part == Part.THREE else people[-1]
            workshop, projects = _record(workshop, rds, rng, users, owner=owner)
            if part == Part.TWO and len(projects) >= 2:
                _changes(workshop, rds, coordinator, projects, apply=True)
            if part == Part.THREE:
                ranked = services.priorities_sync(workshop=workshop)
                if len(ranked) > 2:
                    services.priority_move(
                        workshop=workshop,
                        actor=coordinator,
                        project_id=ranked[-1].project_id,
                        direction="top",
                    )
                services.priorities_apply(workshop=workshop, actor=coordinator)
            _release(workshop, coordinator, run.today)
    Cohort.objects.filter(pk=cohort.pk).update(status=Cohort.Status.COMPLETED)


def _second_cohort(run, rng, departments, users, rds) -> None:
    start = run.today - timedelta(days=20)
    cohort = services.cohort_create(
        actor=rds,
        number=2,
        name="Bauen und Umwelt",
        status=Cohort.Status.RUNNING,
        starts_on=start,
        ends_on=start + timedelta(days=110),
        intake_round=Round.objects.filter(title=SECOND_ROUND).first(),
        departments=departments,
        supporters=[rds],
    )
    for offset, department in enumerate(departments):
        people = _participants(department, users, rds)
        teil1 = cohort.workshops.get(department=department, part=Part.ONE)
        day = run.today - timedelta(days=6 - offset)
        teil1 = _plan(teil1, rds, day=day, place=PLACES[offset], participants=people)
        teil1, projects = _record(teil1, rds, rng, users, owner=rds, finished=False)
        if offset == 0:
            if len(projects) >= 2:
                _changes(teil1, rds, rds, projects, apply=True)
            _release(teil1, rds, run.today)
        else:
            # Minutes shared for objections; a change list waiting for review.
            if len(projects) >= 2:
                _changes(teil1, rds, rds, projects, apply=False)
            services.minutes_open_review(
                workshop=teil1,
                actor=rds,
                review_until=_not_before_today(run.today + timedelta(days=5)),
            )
        teil2 = cohort.workshops.get(department=department, part=Part.TWO)
        _plan(
            teil2,
            rds,
            day=run.today + timedelta(days=14 + offset * 2),
            place=PLACES[2 - offset],
            participants=people,
        )
