"""`make bench` (intake part): the progress view of a round, the round-over-round comparison
and the round's exports at city scale.

A department of 60 offices answers a questionnaire of 84 questions (plus a list of projects,
three per office) in two rounds: about 5,000 answers and 180 projects per round. Between the
rounds a tenth of the answers change, and per office one project changes status and
financing, one is dropped and one is new. A department of 6 offices answers the same way, to
show that the number of queries does not grow with the number of offices.

Each page is requested in process through Django's test client (no network: the server's own
time for routing, middleware, queries, the comparison and the template or the workbook),
``--requests`` times after 3 warm-up requests; the table shows median and 95th percentile and
the queries of one request; "CPU" is the process's CPU time for the request, which a busy
machine inflates less than the wall time (the target is on the wall time). Target: the
progress view and the comparison page p95 <= 150 ms, and the same number of queries for 6
and for 60 offices.

    python -m bench.intake_compare                      # SQLite, and PostgreSQL when
                                                        # DATABASE_URL points to it
    python -m bench.intake_compare --databases sqlite,postgres

Answers and entries are written in bulk (the services would take minutes and are not what is
measured); the questionnaire and the rounds are made by the services. Results:
bench/results/intake-compare.md (and .json).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 150
TARGETED = ("Fortschritt", "Vergleich")  # the pages the issue sets the target for
QUESTIONS = 84  # with 60 offices: 5,040 answers per round
PROJECTS_PER_OFFICE = 3


def _questionnaire(actor):
    from intake import services
    from intake.models import Question

    version = services.questionnaire_create(actor=actor, title="Benchmark-Fragebogen")
    kinds = [Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.SINGLE_CHOICE,
             Question.Kind.MULTIPLE_CHOICE, Question.Kind.SCALE, Question.Kind.NUMBER,
             Question.Kind.YES_NO, Question.Kind.DATE]  # fmt: skip
    options = [{"key": f"o{n}", "label": f"Option {n}"} for n in range(1, 5)]
    section = None
    for number in range(QUESTIONS):
        if number % 12 == 0:
            section = services.section_save(
                actor=actor, version=version, title=f"Abschnitt {number // 12 + 1}"
            )
        kind = kinds[number % len(kinds)]
        services.question_save(
            actor=actor, section=section, key=f"frage-{number:03d}", kind=kind,
            text=f"Frage {number + 1}: Wie ist der Stand bei Thema {number + 1}?",
            required=number % 3 == 0, options=options if kind in Question.CHOICE_KINDS else [],
        )  # fmt: skip
    services.question_save(
        actor=actor,
        section=section,
        key="vorhaben",
        kind=Question.Kind.PROJECTS,
        text="Ihre wichtigsten Vorhaben",
    )
    return services.version_publish(actor=actor, version=version)


def _value(question, office: int, round_number: int):
    from intake.models import Question

    changed = round_number == 2 and (office + int(question.key[-3:])) % 10 == 0
    seed = office + int(question.key[-3:]) + (7 if changed else 0)
    kind = question.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        return f"Antwort {seed} der Organisationseinheit {office}: Fachverfahren, E-Akte."
    if kind == Question.Kind.SINGLE_CHOICE:
        return f"o{seed % 4 + 1}"
    if kind == Question.Kind.MULTIPLE_CHOICE:
        return [f"o{seed % 4 + 1}", f"o{(seed + 1) % 4 + 1}"]
    if kind == Question.Kind.SCALE:
        return seed % 5 + 1
    if kind == Question.Kind.NUMBER:
        return str(seed * 10)
    if kind == Question.Kind.YES_NO:
        return {"answer": "ja" if seed % 2 else "nein", "reason": f"Begründung {seed}"}
    return f"2026-{seed % 12 + 1:02d}-15"


def _fill(intake, questions, round_number: int) -> None:
    from intake.models import Answer, ProjectEntry, Response

    answers, entries = [], []
    for office, response in enumerate(intake.responses.order_by("unit__name")):
        for question in questions:
            if question.key != "vorhaben":
                value = _value(question, office, round_number)
                answers.append(Answer(response=response, key=question.key, value=value))
        # Round 1: projects a, b, c; round 2: a (status and financing changed), b, d (new).
        names = ("a", "b", "c") if round_number == 1 else ("a", "b", "d")
        for position, name in enumerate(names[:PROJECTS_PER_OFFICE]):
            moved = round_number == 2 and name == "a"
            snapshot = {
                "project_id": office * 10 + ord(name), "title": f"Vorhaben {name} von {office}",
                "kind": "projekt", "status": "umsetzung" if moved else "planung",
                "financing": "finanziert" if moved else "nicht_finanziert", "influence": "mittel",
                "goals": [], "fields_of_action": [], "external_partners": "",
            }  # fmt: skip
            entries.append(ProjectEntry(response=response, key="vorhaben", snapshot=snapshot,
                                        position=position + 1))  # fmt: skip
    Answer.objects.bulk_create(answers, batch_size=1000)
    ProjectEntry.objects.bulk_create(entries, batch_size=1000)
    # Answered and handed in, as the services would leave them (an office that has not
    # started the later round is not compared).
    intake.responses.update(state=Response.State.SUBMITTED)


def seed() -> dict:
    from django.contrib.auth import get_user_model

    from access.rights import RDS_GROUP, role_group
    from intake import services
    from organisation.models import Department, Membership, OrgUnit

    user_model = get_user_model()
    rds = user_model.objects.create_user("bench-rds", password=None)
    rds.groups.add(role_group(RDS_GROUP))
    version = _questionnaire(rds)
    questions = list(version.questions.all())
    out = {}
    for offices in (6, 60):
        department = Department.objects.create(
            name=f"Dezernat Benchmark {offices}", short_name=f"Bench {offices}",
            slug=f"bench-{offices}",
        )  # fmt: skip
        OrgUnit.objects.bulk_create(
            OrgUnit(department=department, name=f"Amt {n:02d}", short_code=str(100 + n))
            for n in range(offices)
        )
        coordinator = user_model.objects.create_user(f"bench-koordination-{offices}")
        Membership.objects.create(
            user=coordinator, department=department, role=Membership.Role.COORDINATOR
        )
        intakes = []
        for number in (1, 2):
            intake_round = services.round_open(
                actor=rds, title=f"Runde {number}", version=version, departments=[department],
                deadline=datetime.now(tz=UTC).date() + timedelta(days=14),
            )  # fmt: skip
            intake = intake_round.intakes.get()
            _fill(intake, questions, number)
            intakes.append(intake)
        out[offices] = {"department": department, "intakes": intakes, "coordinator": coordinator}
    out["rds"] = rds
    return out


def measure(client, url: str, requests: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up
        assert client.get(url).status_code == 200, url
    timings, cpu = [], []
    for _ in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    timings.sort()
    cpu.sort()
    at95 = max(0, round(0.95 * len(timings)) - 1)
    return statistics.median(timings), timings[at95], cpu[at95], len(captured)


def worker(database_url: str, requests: int, out: Path) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from intake.models import Answer

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    if not settings.DEBUG:  # production settings serve hashed static files
        call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    world = seed()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seeded = time.perf_counter() - started
    rows = []
    for offices in (6, 60):
        data = world[offices]
        earlier, later = data["intakes"]
        slug = data["department"].slug
        query = f"?frueher={earlier.pk}&spaeter={later.pk}"
        answers = Answer.objects.filter(response__intake=later).count()
        pages = [
            ("Fortschritt", "RDS", world["rds"], reverse("intake:round", args=[later.round_id])),
            ("Fortschritt", "Koordination", data["coordinator"],
             reverse("intake:round", args=[later.round_id])),
            ("Dezernat", "RDS", world["rds"], reverse("intake:intake", args=[later.pk])),
            ("Vergleich", "RDS", world["rds"], reverse("intake:compare", args=[slug]) + query),
            ("Vergleich", "Koordination", data["coordinator"],
             reverse("intake:compare", args=[slug]) + query),
            ("Vergleich Excel", "RDS", world["rds"],
             reverse("intake:compare_export", args=[slug]) + query),
            ("Runde Excel", "RDS", world["rds"],
             reverse("intake:round_export", args=[later.round_id])),
        ]  # fmt: skip
        for name, role, user, url in pages:
            client = Client()
            client.force_login(user)
            median, p95, cpu95, queries = measure(client, url, requests)
            rows.append({"page": name, "role": role, "offices": offices, "answers": answers,
                         "median_ms": median, "p95_ms": p95, "cpu_p95_ms": cpu95,
                         "queries": queries})  # fmt: skip
            print(
                f"   {name:16} {role:13} {offices:3} offices {answers:5} answers  "
                f"median {median:6.1f} ms  p95 {p95:6.1f} ms  {queries} queries",
                flush=True,
            )
    out.write_text(json.dumps({"database": connection.vendor, "seconds_to_seed": round(seeded, 1),
                               "rows": rows}), encoding="utf-8")  # fmt: skip


def fresh_postgres(name: str) -> str:
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", name], check=True)
    return f"postgres:///{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=30)
    default = (
        "sqlite,postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    parser.add_argument("--databases", default=default)
    parser.add_argument(
        "--worker", nargs=2, metavar=("DATABASE_URL", "JSON"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], args.requests, Path(args.worker[1]))
        return

    results, failures = {}, []
    for database in args.databases.split(","):
        if database == "sqlite":
            handle, path = tempfile.mkstemp(suffix=".sqlite3", prefix="bench-intake-")
            os.close(handle)
            url = f"sqlite:///{path}"
        else:
            url = fresh_postgres("leipzig_digital_bench_intake")
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = Path(handle.name)
        print(f"-- {database}", flush=True)
        command = [sys.executable, "-m", "bench.intake_compare", "--requests", str(args.requests),
                   "--worker", url, str(out)]  # fmt: skip
        try:
            subprocess.run(command, check=True, cwd=ROOT)
            results[database] = json.loads(out.read_text(encoding="utf-8"))
        finally:
            out.unlink(missing_ok=True)
            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
            else:
                subprocess.run(
                    ["dropdb", "--if-exists", "leipzig_digital_bench_intake"], check=True
                )

    when = f"{datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC"
    lines = [f"# Intake benchmark (progress view, comparison, exports) {when}", ""]
    for database, data in results.items():
        lines += [
            f"## {database}: two rounds, {QUESTIONS} questions + a list of "
            f"{PROJECTS_PER_OFFICE} projects per office",
            "",
            f"Seeded in {data['seconds_to_seed']} s. In process, 3 warm-up requests, then "
            f"{args.requests} measured.",
            "",
            "| page | as | offices | answers per round | median ms | p95 ms | CPU p95 ms | queries "
            "| target |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        by_page = {}
        for row in data["rows"]:
            by_page.setdefault((row["page"], row["role"]), {})[row["offices"]] = row["queries"]
            verdict = ""
            if row["page"] in TARGETED and row["offices"] == 60:
                ok = row["p95_ms"] <= TARGET_MS
                verdict = f"p95 <= {TARGET_MS} ms {'ok' if ok else 'MISSED'}"
                if not ok:
                    failures.append(f"{database} {row['page']} ({row['role']}): p95 "
                                    f"{row['p95_ms']:.1f} ms")  # fmt: skip
            lines.append(
                f"| {row['page']} | {row['role']} | {row['offices']} | {row['answers']:,} | "
                f"{row['median_ms']:.1f} | {row['p95_ms']:.1f} | {row['cpu_p95_ms']:.1f} | "
                f"{row['queries']} | {verdict} |"
            )
        for (page, role), counts in by_page.items():
            if counts[60] != counts[6]:
                failures.append(f"{database} {page} ({role}): {counts[6]} queries at 6 offices, "
                                f"{counts[60]} at 60")  # fmt: skip
        lines.append("")
    lines += ["## Verdict", ""]
    lines += [f"- {f}" for f in failures] or ["Target met; queries do not grow with the offices."]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "intake-compare.md").write_text(text, encoding="utf-8")
    (RESULTS / "intake-compare.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
