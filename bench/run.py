"""`make bench`: the main pages at city scale on SQLite and PostgreSQL, in one table.

For each database a fresh database is seeded at 100, 5,000 and 50,000 projects (8
departments, 60 offices, about ten status updates per project) and every page is requested
30 times after warm-up. The table shows median and 95th percentile server time and the
number of queries. Targets: lists and details p95 <= 80 ms at 5,000 projects; the pages that
count (dashboards, reports, the agenda, the start pages) p95 <= 150 ms at 5,000 and <= 300 ms
at 50,000; a reporting round of 50,000 projects frozen in under 30 s; and no page may need more
queries at 5,000 or 50,000 than at 100 projects.
Results go to bench/results/latest.md (and .json) so runs can be compared.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# p95 targets: pages that count (dashboards, the agenda, the start page; a dashboard also as
# the first reader after a write to one department) at most 150 ms at 5,000 projects and 300 ms
# at 50,000; lists and details 80 ms at 5,000. Freezing a round of 50,000 projects: under 30 s.
DASHBOARDS = {
    "Start", "Start Mitarbeit", "Agenda", "Dezernate", "Arbeitsraum Kultur",
    "Arbeitsraum Kultur Partner", "Arbeitsraum Kultur Berichtsrunde", "Lagebericht Kultur",
    "Gesamtübersicht", "Gesamtübersicht Leitung", "Gesamtübersicht Berichtsrunde",
    "Lagebericht Stadt", "Berichtsrunde", "Arbeitsraum Kultur nach Änderung",
    "Gesamtübersicht nach Änderung in Kultur",
}  # fmt: skip
DASHBOARD_MS = {5000: 150, 50000: 300}
LIST_AND_DETAIL_MS = {5000: 80}
# The edit form; the city dashboard right after an import into every department, when every
# count is made afresh once (the dashboards keep their counts by department between writes).
NO_TARGET = {"Vorhaben bearbeiten", "Gesamtübersicht nach Import (alles neu gezählt)"}
FREEZE_SECONDS = 30


def target_for(page: str, scale: int) -> int | None:
    if page in NO_TARGET:
        return None
    return (DASHBOARD_MS if page in DASHBOARDS else LIST_AND_DETAIL_MS).get(scale)


def run_pages(database_url: str, projects: int, requests: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, str(ROOT / "bench" / "pages.py"), "--projects", str(projects),
               "--requests", str(requests), "--database-url", database_url, "--json", str(out),
               "--output", os.devnull]  # fmt: skip
    print(f"-- {database_url.split(':')[0]}: {projects} projects", flush=True)
    subprocess.run(command, check=True, cwd=ROOT)
    data = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return data


def fresh_postgres(name: str) -> str:
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", name], check=True)
    return f"postgres:///{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="100,5000,50000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--databases", default="sqlite,postgres")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    databases = args.databases.split(",")
    if "postgres" in databases and not shutil.which("createdb"):
        sys.exit("PostgreSQL client tools not found; run with --databases sqlite")

    results = {}
    for database in databases:
        for scale in scales:
            if database == "sqlite":
                url = f"sqlite:///{ROOT / 'bench' / f'bench-{scale}.sqlite3'}"
            else:
                url = fresh_postgres(f"leipzig_digital_bench_{scale}")
            results[(database, scale)] = run_pages(url, scale, args.requests)
            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
            else:
                subprocess.run(["dropdb", "--if-exists", url.rsplit("/", 1)[1]], check=True)

    lines = [f"# Benchmark {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC", ""]
    failures = []
    for database in databases:
        for scale in scales:
            data = results[(database, scale)]
            lines += [
                f"## {database}: {data['projects']:,} projects, {data['status_updates']:,} "
                f"status updates, {data['departments']} departments, {data['offices']} offices",
                "",
                f"Seeded in {data['seconds_to_seed']} s; a reporting round of all projects "
                f"frozen in {data.get('seconds_to_freeze', '–')} s (in process).",
                "",
                "| page | median ms | p95 ms | queries | target p95 |",
                "|---|---:|---:|---:|---|",
            ]
            base = {p["page"]: p["queries"] for p in results[(database, scales[0])]["pages"]}
            if scale == 50000 and data.get("seconds_to_freeze", 0) > FREEZE_SECONDS:
                failures.append(f"{database}: freezing took {data['seconds_to_freeze']} s")
            for page in data["pages"]:
                target = target_for(page["page"], scale)
                verdict = ""
                if target is not None:
                    ok = page["p95_ms"] <= target
                    verdict = f"{target} ms {'ok' if ok else 'MISSED'}"
                    if not ok:
                        failures.append(f"{database} {page['page']}: p95 {page['p95_ms']:.1f} ms")
                if page["queries"] > base[page["page"]]:
                    failures.append(
                        f"{database} {page['page']}: {page['queries']} queries at {scale} "
                        f"projects, {base[page['page']]} at {scales[0]}"
                    )
                lines.append(
                    f"| {page['page']} | {page['median_ms']:.1f} | {page['p95_ms']:.1f} | "
                    f"{page['queries']} | {verdict} |"
                )
            lines.append("")
    lines += ["## Verdict", ""]
    lines += [f"- {f}" for f in failures] or ["All targets met; query counts do not grow."]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    serialisable = {f"{db}-{scale}": data for (db, scale), data in results.items()}
    (RESULTS / "latest.json").write_text(json.dumps(serialisable, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
