"""demo.seeding / seed_demo: deterministic, idempotent demo data and the six demo accounts."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from access.rights import access_for
from accounts.demo import DEMO_PASSWORD
from agenda.reference import reference_load
from demo.seeding import demo_seed
from organisation.models import Membership
from projects.models import Project, StatusUpdate
from workshops.models import Cohort

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
PROJECTS = 60


@pytest.fixture
def reference(db):
    reference_load()


def project_rows():
    return list(
        Project.objects.filter(external_id__startswith="demo-")
        .order_by("external_id")
        .values_list("external_id", "title", "status", "financing", "budget")
    )


def update_rows():
    return list(
        StatusUpdate.objects.order_by("project__external_id", "-reported_on", "text")
        .values_list(
            "project__external_id", "reported_on", "traffic_light", "progress", "text",
            "author__username",
        )
    )  # fmt: skip


@pytest.fixture
def seeded(reference):
    return demo_seed(projects=PROJECTS, seed=7, today=TODAY)


def user(username):
    return get_user_model().objects.get(username=username)


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_and_day_give_identical_projects(seeded):
    first = project_rows()
    demo_seed(projects=PROJECTS, seed=7, today=TODAY, reset=True)
    assert project_rows() == first


def test_same_seed_and_day_give_identical_status_updates(seeded):
    first = update_rows()
    demo_seed(projects=PROJECTS, seed=7, today=TODAY, reset=True)
    assert update_rows() == first


def test_different_seed_gives_different_projects(seeded):
    first = project_rows()
    demo_seed(projects=PROJECTS, seed=8, today=TODAY, reset=True)
    assert project_rows() != first


def test_seed_creates_the_requested_number_of_projects(seeded):
    assert Project.objects.filter(external_id__startswith="demo-").count() == PROJECTS


def test_seed_reports_the_projects_it_created(seeded):
    assert seeded.projects_created == PROJECTS


def test_demo_projects_spread_over_all_departments_with_offices(seeded):
    assert Project.objects.values("department").distinct().count() == 8


def test_second_run_creates_no_project(seeded):
    assert demo_seed(projects=PROJECTS, seed=7, today=TODAY).projects_created == 0


def test_second_run_reports_existing_projects(seeded):
    assert demo_seed(projects=PROJECTS, seed=7, today=TODAY).projects_existing == PROJECTS


def test_second_run_creates_no_status_update(seeded):
    count = StatusUpdate.objects.count()
    demo_seed(projects=PROJECTS, seed=7, today=TODAY)
    assert StatusUpdate.objects.count() == count


def test_second_run_creates_no_account(seeded):
    assert demo_seed(projects=PROJECTS, seed=7, today=TODAY).accounts_created == 0


def test_second_run_creates_no_goal(seeded):
    assert demo_seed(projects=PROJECTS, seed=7, today=TODAY).goals_created == 0


def test_larger_second_run_adds_only_the_missing_projects(seeded):
    report = demo_seed(projects=PROJECTS + 5, seed=7, today=TODAY)
    assert (report.projects_created, report.projects_existing) == (5, PROJECTS)


def test_reset_replaces_demo_projects(seeded):
    report = demo_seed(projects=PROJECTS, seed=7, today=TODAY, reset=True)
    assert report.projects_created == PROJECTS


# --- content ---------------------------------------------------------------------------------


def test_some_demo_projects_are_stale(seeded):
    assert Project.objects.stale(today=TODAY).exists()


def test_some_demo_projects_are_up_to_date(seeded):
    assert Project.objects.not_stale(today=TODAY).exists()


def test_some_demo_projects_are_not_financed(seeded):
    assert Project.objects.filter(financing=Project.Financing.NOT_FINANCED).exists()


def test_some_demo_projects_are_financed(seeded):
    assert Project.objects.filter(financing=Project.Financing.FINANCED).exists()


def test_demo_projects_carry_their_latest_status_update(seeded):
    mismatched = [
        project.external_id
        for project in Project.objects.filter(last_reported_on__isnull=False)
        if project.status_updates.order_by("-reported_on").first().reported_on
        != project.last_reported_on
    ]
    assert mismatched == []


def test_demo_status_updates_lie_within_the_last_year(seeded):
    dates = StatusUpdate.objects.values_list("reported_on", flat=True)
    assert all(TODAY.replace(year=TODAY.year - 1) <= day <= TODAY for day in dates)


def test_demo_projects_are_valid(seeded):
    for project in Project.objects.all():
        project.full_clean()
    assert Project.objects.count() == PROJECTS


def test_seed_creates_first_cohort_with_kultur_and_soziales(seeded):
    slugs = set(Cohort.objects.get(number=1).departments.values_list("slug", flat=True))
    assert slugs == {"kultur", "soziales-gesundheit-vielfalt"}


def test_seed_without_reference_data_is_refused(db):
    with pytest.raises(ValueError, match="load_reference"):
        demo_seed(projects=5, seed=1, today=TODAY)


# --- demo accounts ---------------------------------------------------------------------------


DEMO_USERNAMES = (
    "admin",
    "rds",
    "koordination-kultur",
    "mitarbeit-soziales",
    "partner-kultur",
    "leitung",
)


def test_seed_creates_the_six_demo_accounts(seeded):
    assert set(
        get_user_model()
        .objects.filter(username__in=DEMO_USERNAMES)
        .values_list("username", flat=True)
    ) == set(DEMO_USERNAMES)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_demo_account_has_the_published_password(seeded, username):
    assert user(username).check_password(DEMO_PASSWORD)


def test_demo_password_is_demo_leipzig_2026():
    assert DEMO_PASSWORD == "demo-leipzig-2026"


def test_demo_admin_is_superuser_in_administration(seeded):
    admin = user("admin")
    assert (admin.is_superuser, admin.is_staff, access_for(admin).is_admin) == (True, True, True)


def test_demo_rds_account_is_in_rds_group(seeded):
    assert list(user("rds").groups.values_list("name", flat=True)) == ["Referat Digitale Stadt"]


def test_demo_leitung_account_is_in_leadership_group(seeded):
    assert list(user("leitung").groups.values_list("name", flat=True)) == ["Leitung"]


def test_demo_coordinator_coordinates_kultur(seeded):
    membership = Membership.objects.get(user__username="koordination-kultur")
    assert (membership.department.slug, membership.role) == ("kultur", "koordination")


def test_demo_staff_works_in_soziales(seeded):
    membership = Membership.objects.get(user__username="mitarbeit-soziales")
    assert (membership.department.slug, membership.role) == (
        "soziales-gesundheit-vielfalt",
        "mitarbeit",
    )


def test_demo_partner_is_invited_to_kultur_only(seeded):
    memberships = Membership.objects.filter(user__username="partner-kultur")
    assert list(memberships.values_list("department__slug", "role")) == [
        ("kultur", "partner_lesen")
    ]


def test_demo_partner_invitation_expires_in_the_future(seeded):
    membership = Membership.objects.get(user__username="partner-kultur")
    assert membership in Membership.objects.active()


def test_demo_partner_invitation_has_an_expiry(seeded):
    assert Membership.objects.get(user__username="partner-kultur").expires_at is not None


@pytest.mark.parametrize("username", ["rds", "koordination-kultur", "mitarbeit-soziales"])
def test_demo_internal_accounts_are_not_superusers(seeded, username):
    assert user(username).is_superuser is False


def test_second_run_keeps_changed_demo_password(seeded):
    account = user("rds")
    account.set_password("geändert-2026")
    account.save()
    demo_seed(projects=PROJECTS, seed=7, today=TODAY)
    assert user("rds").check_password("geändert-2026")


# --- command -----------------------------------------------------------------------------------


def test_seed_demo_command_creates_projects(reference):
    call_command("seed_demo", "--projects", "12", "--seed", "3", stdout=StringIO())
    assert Project.objects.filter(external_id__startswith="demo-").count() == 12


def test_seed_demo_command_prints_the_demo_accounts(reference):
    out = StringIO()
    call_command("seed_demo", "--projects", "2", "--seed", "3", stdout=out)
    assert all(username in out.getvalue() for username in DEMO_USERNAMES)


def test_seed_demo_command_refuses_negative_project_count(reference):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--projects", "-1", stdout=StringIO())


def test_seed_demo_command_without_reference_data_fails_cleanly(db):
    with pytest.raises(CommandError):
        call_command("seed_demo", "--projects", "2", stdout=StringIO())
