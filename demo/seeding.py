"""Clearly fictional demo data: accounts for every role, projects and processes across all
departments, status updates over the last year. Deterministic for a given seed and day.

Each app adds its own demo data in a ``demo.py`` with a ``seed(run: DemoRun)`` function;
:data:`DEMO_MODULES` lists them in the order they run (later ones may use what earlier ones
made). A new capability adds its module here and nothing else changes. Each module draws its
random numbers from its own ``random.Random(run.seed)``, so adding one leaves the others'
data as it was.

Demo projects carry external IDs ``demo-000001`` …, so a second run with the same arguments
finds them and creates nothing new. ``reset=True`` removes them first.
"""

from dataclasses import dataclass, field
from datetime import date
from importlib import import_module

from django.db import connection, transaction
from django.utils import timezone

DEMO_MODULES = (
    "organisation.demo",  # fictional offices on demand (benchmarks at city scale)
    "accounts.demo",  # the six demo accounts and their roles
    "agenda.demo",  # example goals of the active agenda
    "projects.demo",  # projects, processes and their status updates
    "intake.demo",  # an accepted intake round for cohort 1, an open one for cohort 2
    "handbook.demo",  # the handbook's first version, as it ships
    "workshops.demo",  # cohort 1 completed with its results, cohort 2 running
    "offerings.demo",  # the RDS offerings, used by projects and asked for by departments
    "needs.demo",  # needs and gaps of every department, some answered by an offering
    "synergies.demo",  # the funding procedure reused across offices; the suggestions
    "reporting.demo",  # the last two quarters as reporting rounds, from the status updates
    "dashboards.demo",  # new generations of the counts after the bulk writes above
)


@dataclass
class DemoReport:
    accounts_created: int = 0
    projects_created: int = 0
    projects_existing: int = 0
    status_updates_created: int = 0
    goals_created: int = 0
    offices_created: int = 0


@dataclass
class DemoRun:
    """What one ``seed_demo`` run asks for, and what its modules report and hand on."""

    projects: int
    seed: int
    today: date
    reset: bool = False
    offices: int | None = None
    report: DemoReport = field(default_factory=DemoReport)
    users: dict = field(default_factory=dict)  # username -> demo account, from accounts.demo


@transaction.atomic
def demo_seed(
    *,
    projects: int,
    seed: int,
    today: date | None = None,
    reset: bool = False,
    offices: int | None = None,
) -> DemoReport:
    """Create ``projects`` demo projects (deterministic for ``seed``) and the demo accounts.
    ``offices`` tops the organisation up with fictional offices (for benchmarks at city
    scale)."""
    run = DemoRun(
        projects=projects,
        seed=seed,
        today=today or timezone.localdate(),
        reset=reset,
        offices=offices,
    )
    for name in DEMO_MODULES:
        import_module(name).seed(run)
    refresh_planner_statistics()
    return run.report


def refresh_planner_statistics() -> None:
    """After a bulk load, let the database re-learn its tables (SQLite keeps no statistics
    on its own; without them it picks slow plans for the project lists)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
