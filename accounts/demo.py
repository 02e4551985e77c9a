"""The six demo accounts, one for every role (see README). Their password is published:
never seed demo data in production."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from access.rights import (
    ADMIN_GROUP,
    EXTERNAL_GROUP,
    LEADERSHIP_GROUP,
    RDS_GROUP,
    role_group,
)
from organisation.models import Department, Membership

DEMO_PASSWORD = "demo-leipzig-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    group: str | None = None
    department_slug: str | None = None
    role: str | None = None
    superuser: bool = False
    description: str = ""
    office: str = ""  # the office (OrgUnit name) a staff member works in


DEMO_ACCOUNTS = (
    DemoAccount(
        "admin",
        "Anna",
        "Albers",
        group=ADMIN_GROUP,
        superuser=True,
        description="Administration (mit /admin/)",
    ),
    DemoAccount(
        "rds",
        "Rieke",
        "Dorn",
        group=RDS_GROUP,
        description="Referat Digitale Stadt (alle Arbeitsräume)",
    ),
    DemoAccount(
        "koordination-kultur",
        "Konrad",
        "Kühn",
        department_slug="kultur",
        role=Membership.Role.COORDINATOR,
        description="Koordination, Dezernat Kultur",
    ),
    DemoAccount(
        "mitarbeit-soziales",
        "Mira",
        "Sommer",
        department_slug="soziales-gesundheit-vielfalt",
        role=Membership.Role.STAFF,
        description="Mitarbeitende, Sozialamt (Dezernat Soziales, Gesundheit und Vielfalt)",
        office="Sozialamt",
    ),
    DemoAccount(
        "partner-kultur",
        "Paula",
        "Petersen",
        department_slug="kultur",
        role=Membership.Role.PARTNER_READER,
        description="Externer Partner, nur Arbeitsraum Kultur (lesen)",
    ),
    DemoAccount(
        "leitung", "Lena", "Thal", group=LEADERSHIP_GROUP, description="Leitung (nur lesen)"
    ),
)


def demo_accounts_ensure() -> int:
    """Create the six demo accounts with their roles. Returns how many were new."""
    User = get_user_model()
    created = 0
    departments = {d.slug: d for d in Department.objects.all()}
    for spec in DEMO_ACCOUNTS:
        user, is_new = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
            },
        )
        created += is_new
        if is_new:
            user.is_superuser = user.is_staff = spec.superuser
            user.set_password(DEMO_PASSWORD)
            user.save()
        if spec.group:
            user.groups.add(role_group(spec.group))
        if spec.role in Membership.PARTNER_ROLES:
            user.groups.add(role_group(EXTERNAL_GROUP))  # as an accepted invitation does
        department = departments.get(spec.department_slug) if spec.department_slug else None
        if department is not None:
            expires = None
            if spec.role in Membership.PARTNER_ROLES:
                expires = timezone.now() + timedelta(days=90)
            office = department.units.filter(name=spec.office).first() if spec.office else None
            Membership.objects.update_or_create(
                user=user,
                department=department,
                defaults={"role": spec.role, "expires_at": expires, "org_unit": office},
            )
    return created


def seed(run) -> None:
    run.report.accounts_created = demo_accounts_ensure()
    run.users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[account.username for account in DEMO_ACCOUNTS]
        )
    }
