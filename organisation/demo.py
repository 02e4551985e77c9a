"""Fictional offices on demand, to measure the app at city scale."""

from organisation.models import Department, OrgUnit


def _fictional_offices(total: int) -> int:
    """Top up the departments with clearly fictional offices until there are ``total``."""
    departments = list(Department.objects.order_by("pk"))
    missing = total - OrgUnit.objects.count()
    if not departments or missing <= 0:
        return 0
    for number in range(1, missing + 1):
        department = departments[(number - 1) % len(departments)]
        OrgUnit.objects.get_or_create(
            department=department,
            name=f"Fiktives Amt {number} ({department.short_name})",
            defaults={"kind": OrgUnit.Kind.OFFICE},
        )
    return missing


def seed(run) -> None:
    if run.offices:
        run.report.offices_created = _fictional_offices(run.offices)
