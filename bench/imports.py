"""`make bench` (second part): spreadsheet import and export at city scale.

On SQLite and PostgreSQL: a database with 5,000 projects (8 departments, 60 offices, goals and
fields of action) is exported; all projects are deleted and the file imported again (5,000 new
rows with goals and offices), then imported once more (5,000 unchanged rows). The same is done
with django-import-export's plain default ModelResource on the same projects in its own format.
Finally a 50,000-row file (the 5,000 rows ten times, with new titles) is imported, to show that
memory does not grow with the number of rows. Our imports run as the web page runs them: the
file is stored as an upload, then applied from the database. Each step runs in its own
process; the table shows wall time and peak resident memory of that process (Python and
Django included).

Targets: import of 5,000 rows <= 10 s, >= 3x faster than the plain resource, peak memory
< 300 MB; export of 5,000 projects < 5 s. Results: bench/results/imports.md (and .json).
"""

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def step(url: str, name: str, *extra: str) -> dict:
    command = [sys.executable, str(ROOT / "bench" / "import_worker.py"), "--database-url", url,
               name, *extra]  # fmt: skip
    output = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
    result = json.loads(output.stdout.strip().splitlines()[-1])
    print(f"   {name:13} {result['seconds']:7.2f} s  {result['peak_mb']:6.1f} MB  {result}",
          flush=True)  # fmt: skip
    return result


def ours(url: str, path: Path) -> dict:
    """Our import of ``path`` as the web runs it: stored as an upload, then applied (measured)."""
    stored = step(url, "store", str(path))
    return step(url, "apply-stored", str(stored["run"]))


def multiply(source: Path, target: Path, times: int) -> int:
    """The export's rows ``times`` over, each copy with its own title and external ID."""
    book = openpyxl.load_workbook(io.BytesIO(source.read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    title, external = header.index("Titel"), header.index("Externe ID")
    out = openpyxl.Workbook(write_only=True)
    sheet = out.create_sheet("Vorhaben")
    sheet.append(header)
    count = 0
    for copy in range(times):
        for row in body:
            row = list(row)
            row[title] = f"{row[title]} ({copy + 1})"
            row[external] = f"{row[external] or 'x'}-{copy + 1}"
            sheet.append(row)
            count += 1
    out.save(target)
    return count


def measure(database: str, url: str, work: Path, projects: int) -> dict:
    print(f"-- {database}", flush=True)
    mine, plain = work / f"{database}-vorhaben.xlsx", work / f"{database}-plain.xlsx"
    step(url, "setup", "--projects", str(projects))
    results = {"export": step(url, "export", str(mine))}
    step(url, "plain-export", str(plain))
    step(url, "wipe")
    results["ours_new"] = ours(url, mine)
    results["ours_again"] = ours(url, mine)
    step(url, "wipe")
    results["plain_new"] = step(url, "plain", str(plain))
    results["plain_again"] = step(url, "plain", str(plain))
    big = work / f"{database}-50000.xlsx"
    rows = multiply(mine, big, 10)
    step(url, "wipe")
    results["ours_50000"] = ours(url, big)
    results["ours_50000"]["file_mb"] = round(big.stat().st_size / 1024 / 1024, 1)
    results["rows_50000"] = rows
    return results


def fresh_postgres(name: str) -> str:
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", name], check=True)
    return f"postgres:///{name}"


def report(results: dict, projects: int) -> str:
    lines = [
        f"# Import and export benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"{projects:,} projects exported and imported; each step in its own process "
        "(wall time, peak resident memory incl. Python and Django).",
        "",
        "| step | " + " | ".join(results) + " | target |",
        "|---|" + "---:|" * len(results) + "---|",
    ]

    def row(label, key, target=""):
        cells = [f"{r[key]['seconds']:.2f} s, {r[key]['peak_mb']:.0f} MB" for r in results.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} |")

    row("export 5,000 projects (xlsx)", "export", "< 5 s")
    row("import 5,000 new rows (ours)", "ours_new", "<= 10 s, < 300 MB")
    row("import 5,000 unchanged rows (ours)", "ours_again", "")
    row("import 5,000 new rows (plain ModelResource)", "plain_new", "")
    row("import 5,000 unchanged rows (plain ModelResource)", "plain_again", "")
    row("import 50,000 new rows (ours)", "ours_50000", "memory flat")
    speedups = [
        f"{r['plain_new']['seconds'] / r['ours_new']['seconds']:.1f}x new, "
        f"{r['plain_again']['seconds'] / r['ours_again']['seconds']:.1f}x unchanged"
        for r in results.values()
    ]
    lines.append("| speed-up over the plain resource | " + " | ".join(speedups) + " | >= 3x |")
    growth = [
        f"{round(r['ours_50000']['peak_mb'] - r['ours_new']['peak_mb']):+d} MB for 10x the rows "
        f"({r['ours_50000']['file_mb']} MB file)"
        for r in results.values()
    ]
    lines.append("| memory 50,000 vs 5,000 rows | " + " | ".join(growth) + " | flat |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--projects", type=int, default=5000)
    args = parser.parse_args()
    databases = args.databases.split(",")
    if "postgres" in databases and not shutil.which("createdb"):
        sys.exit("PostgreSQL client tools not found; run with --databases sqlite")
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for database in databases:
            if database == "sqlite":
                path = Path(work) / "bench-import.sqlite3"
                url = f"sqlite:///{path}"
            else:
                url = fresh_postgres("leipzig_digital_bench_import")
            results[database] = measure(database, url, Path(work), args.projects)
            if database == "postgres":
                subprocess.run(["dropdb", "--if-exists", "leipzig_digital_bench_import"],
                               check=True)  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    text = report(results, args.projects)
    (RESULTS / "imports.md").write_text(text, encoding="utf-8")
    (RESULTS / "imports.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
