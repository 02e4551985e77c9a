"""Turn locust's CSV summary into the table of bench/results/load.md."""

import csv
import sys
from datetime import UTC, datetime


def main(path: str, users: str, duration: str) -> None:
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    print(f"# Load test {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC")
    print()
    print(f"{users} users, {duration}, gunicorn + whitenoise + PostgreSQL on 127.0.0.1, "
          "5,000 projects, think time 2-6 s; statistics reset once all users have "
          "started. Target: no errors, p95 < 300 ms.")  # fmt: skip
    print()
    print("| request | count | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        name = "**all**" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
