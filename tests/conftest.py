"""Shared fixtures: two departments with offices, one account per role, a small active agenda
and a few projects. Factories live in ``tests/factories.py``.

Who is who (all accounts have the password ``tests.factories.TEST_PASSWORD``):

- ``admin_user``       superuser in the group "Administration"
- ``rds_user``         group "Referat Digitale Stadt"
- ``leadership_user``  group "Leitung" (reads, changes nothing)
- ``coordinator``      membership "koordination" in ``kultur``
- ``staff``            membership "mitarbeit" in ``soziales``
- ``partner``          membership "partner_lesen" in ``kultur``, expires in 30 days
- ``partner_contributor``  membership "partner_mitarbeit" in ``kultur``, expires in 30 days
- ``expired_partner``  membership "partner_lesen" in ``kultur``, expired yesterday
- ``outsider``         an account with no group and no membership

Partners are in the group "Externe Partner", as an accepted invitation leaves them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from access.rights import (
    ADMIN_GROUP,
    EXTERNAL_GROUP,
    LEADERSHIP_GROUP,
    RDS_GROUP,
    role_group,
)
from agenda.models import Agenda
from organisation.models import Membership
from tests.factories import (
    AgendaFactory,
    DepartmentFactory,
    FieldOfActionFactory,
    GoalFactory,
    MembershipFactory,
    OrgUnitFactory,
    ProjectFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
IMMEDIATE_TASKS = {"default": {"BACKEND": IMMEDIATE, "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def _tasks_in_the_request(settings):
    """Background work runs in a separate worker process in production; tests run each task at
    once, inside the test's transaction. The tests of the worker itself start a real one."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def _german():
    """Each test starts in the default language: a request that switched to English in an
    earlier test of the same worker must not leave its messages English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached choice lists and dashboard counts must not leak from one test's database into
    the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


# --- Departments ---------------------------------------------------------------------------


@pytest.fixture
def kultur(db):
    """Dezernat Kultur with two offices (``kultur.units``)."""
    department = DepartmentFactory(
        number="IV", name="Dezernat Kultur", short_name="Kultur", slug="kultur"
    )
    OrgUnitFactory(department=department, name="Kulturamt", short_code="41")
    OrgUnitFactory(department=department, name="Leipziger Städtische Bibliotheken", short_code="")
    return department


@pytest.fixture
def soziales(db):
    """Dezernat Soziales with two offices (``soziales.units``)."""
    department = DepartmentFactory(
        number="V",
        name="Dezernat Soziales, Gesundheit und Vielfalt",
        short_name="Soziales",
        slug="soziales",
    )
    OrgUnitFactory(department=department, name="Sozialamt", short_code="50")
    OrgUnitFactory(department=department, name="Gesundheitsamt", short_code="53")
    return department


@pytest.fixture
def kultur_office(kultur):
    return kultur.units.get(name="Kulturamt")


@pytest.fixture
def soziales_office(soziales):
    return soziales.units.get(name="Sozialamt")


# --- Accounts, one per role ----------------------------------------------------------------


@pytest.fixture
def admin_user(db):
    """Overrides pytest-django's ``admin_user`` (so ``admin_client`` logs in as this one)."""
    return UserFactory(
        username="admin-test",
        is_superuser=True,
        is_staff=True,
        groups=[role_group(ADMIN_GROUP)],
    )


@pytest.fixture
def rds_user(db):
    return UserFactory(username="rds-test", groups=[role_group(RDS_GROUP)])


@pytest.fixture
def leadership_user(db):
    return UserFactory(username="leitung-test", groups=[role_group(LEADERSHIP_GROUP)])


@pytest.fixture
def coordinator(kultur):
    user = UserFactory(username="koordination-kultur-test")
    MembershipFactory(user=user, department=kultur, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def staff(soziales, soziales_office):
    """Staff of the Sozialamt (the office whose status-quo intake they fill in)."""
    user = UserFactory(username="mitarbeit-soziales-test")
    MembershipFactory(
        user=user, department=soziales, role=Membership.Role.STAFF, org_unit=soziales_office
    )
    return user


@pytest.fixture
def partner(kultur):
    user = UserFactory(username="partner-kultur-test", groups=[role_group(EXTERNAL_GROUP)])
    MembershipFactory(
        user=user,
        department=kultur,
        role=Membership.Role.PARTNER_READER,
        expires_at=timezone.now() + timedelta(days=30),
    )
    return user


@pytest.fixture
def partner_contributor(kultur):
    user = UserFactory(
        username="partner-mitarbeit-kultur-test", groups=[role_group(EXTERNAL_GROUP)]
    )
    MembershipFactory(
        user=user,
        department=kultur,
        role=Membership.Role.PARTNER_CONTRIBUTOR,
        expires_at=timezone.now() + timedelta(days=30),
    )
    return user


@pytest.fixture
def expired_partner(kultur):
    user = UserFactory(username="partner-abgelaufen-test", groups=[role_group(EXTERNAL_GROUP)])
    MembershipFactory(
        user=user,
        department=kultur,
        role=Membership.Role.PARTNER_READER,
        expires_at=timezone.now() - timedelta(days=1),
    )
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="ohne-rolle-test")


ROLE_FIXTURES = (
    "admin_user",
    "rds_user",
    "leadership_user",
    "coordinator",
    "staff",
    "partner",
    "partner_contributor",
    "expired_partner",
    "outsider",
)


@pytest.fixture(params=ROLE_FIXTURES)
def any_user(request):
    """Each role in turn: a test using it runs once per role."""
    return request.getfixturevalue(request.param)


# --- Strategy --------------------------------------------------------------------------------


@pytest.fixture
def agenda(db):
    """The active agenda with two fields of action, each with one goal."""
    active = AgendaFactory(title="Digitale Agenda Teststadt", status=Agenda.Status.ACTIVE)
    for order, name in enumerate(("Daten", "Netze"), start=1):
        field = FieldOfActionFactory(agenda=active, name=name, order=order)
        GoalFactory(field=field, title=f"Ziel im Handlungsfeld {name}")
    return active


# --- Projects --------------------------------------------------------------------------------


@pytest.fixture
def kultur_project(kultur, kultur_office):
    return ProjectFactory(department=kultur, title="Digitale Ausleihe", lead_unit=kultur_office)


@pytest.fixture
def confidential_kultur_project(kultur, kultur_office):
    return ProjectFactory(
        department=kultur,
        title="Vertrauliche Kulturplanung",
        lead_unit=kultur_office,
        confidential=True,
    )


@pytest.fixture
def soziales_project(soziales, soziales_office):
    return ProjectFactory(
        department=soziales, title="Online-Antrag Sozialpass", lead_unit=soziales_office
    )


@pytest.fixture
def confidential_soziales_project(soziales, soziales_office):
    return ProjectFactory(
        department=soziales,
        title="Vertrauliche Sozialplanung",
        lead_unit=soziales_office,
        confidential=True,
    )
