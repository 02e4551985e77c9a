"""Demo intake rounds: cohort 1 (Kultur, Soziales) completed and accepted; cohort 2 open,
some offices submitted, some not started, one discussed with review comments; a year on,
Kultur's follow-up round under way (to compare with cohort 1)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from intake import answers, questionnaires, services
from intake.models import Response, Round
from organisation.models import Department
from projects.models import Project

FIRST_ROUND = "Staffel 1 – Status-quo-Erfassung"
SECOND_ROUND = "Staffel 2 – Status-quo-Erfassung"
FIRST_DEPARTMENTS = ("kultur", "soziales-gesundheit-vielfalt")
SECOND_DEPARTMENTS = ("stadtentwicklung-bau", "umwelt-klima-ordnung-sport")
FOLLOW_UP_ROUND = "Kultur – Fortschreibung der Status-quo-Erfassung"

TASKS = (
    "Kulturelle Bildung, Veranstaltungen und Förderung freier Träger",
    "Leistungen nach dem Sozialgesetzbuch, Beratung und Bescheide",
    "Genehmigungen, Planungen und Beteiligung der Öffentlichkeit",
    "Kontrollen, Anträge und Auskünfte für Bürgerinnen und Bürger",
)
NEEDS = (
    "Es fehlen Stellen für die Betreuung der Fachverfahren; Wissen hängt an einzelnen Personen.",
    "Die Daten liegen in Tabellen ohne gemeinsame Schlüssel; Auswertungen sind Handarbeit.",
    "Für die E-Akte fehlen Scanner und eine Schulung für alle Beschäftigten.",
    "Das Fachverfahren hat keine Schnittstelle zum Onlinezugang; Anträge werden abgetippt.",
)
EXPECTATIONS = (
    "Beratung bei der Auswahl von Software und bei Ausschreibungen.",
    "Ein gemeinsamer Austausch mit Ämtern, die ähnliche Verfahren digitalisieren.",
    "Unterstützung bei der Anbindung an die Urbane Datenplattform.",
)


def _answers(rng: random.Random, unit) -> dict:
    areas = rng.sample(["personal", "kompetenzen", "budget", "software", "daten", "prozesse"], 2)
    values = {
        "aufgaben": rng.choice(TASKS),
        "ansprechperson": f"Digitalisierungslotse {unit.short_code or unit.name}",
        "beschaeftigte": str(rng.randrange(20, 400)),
        "digitalisierungsgrad": rng.randint(1, 4),
        "online-leistungen": rng.choice(
            [
                {"answer": answers.YES, "reason": "Terminvergabe und Kontaktformular"},
                {"answer": answers.NO, "reason": "Das Fachverfahren bietet keinen Onlinezugang."},
            ]
        ),
        "einflussreichste": "Die Digitalisierung der Antragsverfahren entlastet am meisten.",
        "bedarfe-bereiche": areas,
        "bedarfe": rng.choice(NEEDS),
        "erwartungen": rng.choice(EXPECTATIONS),
    }
    if "kompetenzen" in areas:
        values["qualifizierung"] = rng.choice(["schulung", "austausch", "begleitung"])
    return values


def _fill(response: Response, actor, rng: random.Random, *, projects: int = 2) -> Response:
    values = _answers(rng, response.unit)
    response = services.response_save(
        actor=actor,
        response=response,
        version=response.version,
        values=values,
        loaded={key: answers.fingerprint(None) for key in values},
    )
    # The office's own projects; an office without one names projects of its department
    # (the demo's N projects stay N unless a department has none at all).
    candidates = Project.objects.filter(
        department=response.intake.department_id, archived_at=None
    ).order_by("pk")
    own = list(candidates.filter(lead_unit=response.unit)[:projects]) or list(
        candidates.filter(lead_unit=None)[:1] or candidates[:1]
    )
    for project in own:
        services.entry_save(
            actor=actor,
            response=response,
            key="vorhaben",
            project=project,
            project_version=project.version,
            fields={},
        )
    if not own:
        services.entry_save(
            actor=actor,
            response=response,
            key="vorhaben",
            fields={
                "title": f"Digitale Antragsstrecke {response.unit.name}",
                "kind": Project.Kind.PROCESS,
                "status": Project.Status.PLANNING,
                "financing": Project.Financing.NOT_FINANCED,
                "influence": Project.Influence.MEDIUM,
            },
        )
    return Response.objects.get(pk=response.pk)


def _actor_for(response: Response, users: dict, rds):
    department = response.intake.department
    if department.slug == "kultur" and "koordination-kultur" in users:
        return users["koordination-kultur"]
    if response.unit.name == "Sozialamt" and "mitarbeit-soziales" in users:
        return users["mitarbeit-soziales"]
    return rds


def seed(run) -> None:
    rng = random.Random(run.seed)
    users = run.users or {
        user.username: user for user in get_user_model().objects.filter(username__in=["rds"])
    }
    rds = users.get("rds")
    if rds is None:
        return
    version, _ = questionnaires.load()
    if run.reset:
        Round.objects.filter(title__in=[FIRST_ROUND, SECOND_ROUND, FOLLOW_UP_ROUND]).delete()
    departments = {
        d.slug: d
        for d in Department.objects.filter(Q(slug__in=FIRST_DEPARTMENTS + SECOND_DEPARTMENTS))
    }
    if not Round.objects.filter(title=FIRST_ROUND).exists():
        first = [departments[slug] for slug in FIRST_DEPARTMENTS if slug in departments]
        if first:
            _first_round(run, rng, version, first, users, rds)
    if not Round.objects.filter(title=SECOND_ROUND).exists():
        second = [departments[slug] for slug in SECOND_DEPARTMENTS if slug in departments]
        if second:
            _second_round(run, rng, version, second, users, rds)
    kultur = departments.get(FIRST_DEPARTMENTS[0])
    if kultur is not None and not Round.objects.filter(title=FOLLOW_UP_ROUND).exists():
        _follow_up(run, rng, version, kultur, users, rds)


def _first_round(run, rng, version, departments, users, rds) -> None:
    """Completed: every office submitted, the departments submitted, reviewed, accepted."""
    intake_round = services.round_open(
        actor=rds,
        title=FIRST_ROUND,
        version=version,
        deadline=run.today - timedelta(days=300),
        departments=departments,
    )
    for intake in intake_round.intakes.select_related("department"):
        for response in intake.responses.select_related("unit", "intake__department"):
            actor = _actor_for(response, users, rds)
            response = _fill(response, actor, rng)
            services.response_submit(actor=actor, response=response)
        intake = services.intake_submit(actor=rds, intake=intake)
        intake = services.intake_mark_reviewed(actor=rds, intake=intake)
        services.intake_accept(actor=rds, intake=intake)


def _second_round(run, rng, version, departments, users, rds) -> None:
    """In progress: in each department the first office submitted, the second is being
    filled in, the rest not started; the first office of the first department was
    discussed in the review."""
    intake_round = services.round_open(
        actor=rds,
        title=SECOND_ROUND,
        version=version,
        deadline=run.today + timedelta(days=14),
        departments=departments,
    )
    intakes = list(intake_round.intakes.select_related("department").order_by("department__name"))
    for number, intake in enumerate(intakes):
        responses = list(intake.responses.select_related("unit", "intake__department"))
        for index, response in enumerate(responses):
            if index == 0:
                response = _fill(response, rds, rng)
                response = services.response_submit(actor=rds, response=response)
                if number == 0:
                    thread = services.comment_start(
                        actor=rds,
                        response=response,
                        key="bedarfe",
                        body="Können Sie die fehlenden Stellen beziffern? Das hilft uns bei "
                        "der Planung der Workshops.",
                    )
                    services.comment_reply(
                        actor=rds,
                        response=response,
                        thread=thread,
                        body="Zwei Stellen im Sachgebiet IT-Koordination, eine davon befristet.",
                    )
            elif index == 1:
                values = _answers(rng, response.unit)
                partial = {key: values[key] for key in ("aufgaben", "ansprechperson", "bedarfe")}
                services.response_save(
                    actor=rds,
                    response=response,
                    version=response.version,
                    values=partial,
                    loaded={key: answers.fingerprint(None) for key in partial},
                )


NEXT_STATUS = {
    Project.Status.FUTURE: Project.Status.PLANNING,
    Project.Status.PLANNING: Project.Status.IMPLEMENTATION,
    Project.Status.IMPLEMENTATION: Project.Status.COMPLETED,
    Project.Status.PAUSED: Project.Status.IMPLEMENTATION,
}


def _follow_up(run, rng, version, department, users, rds) -> None:
    """A year on, Kultur updates its intake: every office has answered again and submitted
    (some answers changed, each office's first project moved on a step and is financed now,
    fewer projects listed); the coordinator can submit, and the comparison with cohort 1
    shows what moved."""
    intake_round = services.round_open(
        actor=rds,
        title=FOLLOW_UP_ROUND,
        version=version,
        deadline=run.today + timedelta(days=30),
        departments=[department],
    )
    actor = users.get("koordination-kultur", rds)
    for response in intake_round.intakes.get().responses.select_related(
        "unit", "intake__department"
    ):
        response = _fill(response, actor, rng, projects=1)
        entry = response.project_entries.select_related("project").first()
        project = entry.project if entry else None
        if project is not None and project.status in NEXT_STATUS:
            services.entry_save(
                actor=actor,
                response=response,
                key="vorhaben",
                entry=entry,
                project=project,
                project_version=project.version,
                fields={
                    "status": NEXT_STATUS[project.status],
                    "financing": Project.Financing.FINANCED,
                },
            )
        services.response_submit(actor=actor, response=Response.objects.get(pk=response.pk))
