"""Reporting rounds: the freeze copies every current project with its names and links, and
keeps them through later changes and deletions; the comparison of two rounds; who may
freeze; what each reader sees of a round."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from agenda.reference import reference_load
from demo.seeding import demo_seed
from projects.models import Project
from reporting import services
from reporting.models import ProjectSnapshot, ReportingRound, SnapshotLink
from tests.factories import ProjectFactory, StatusUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(kultur, soziales, kultur_office, agenda):
    goal = agenda.fields.get(name="Daten").goals.get()
    first = ProjectFactory(
        department=kultur, lead_unit=kultur_office, title="Ausleihe", status="umsetzung",
        budget=Decimal(100), financing="teilfinanziert", traffic_light="im_plan",
        last_reported_on=timezone.localdate(),
    )  # fmt: skip
    first.goals.add(goal)
    first.fields_of_action.add(goal.field)
    secret = ProjectFactory(department=kultur, title="Vertraulich", confidential=True)
    other = ProjectFactory(department=soziales, title="Sozialpass", status="planung")
    ProjectFactory(department=kultur, title="Archiviert", archived_at=timezone.now())
    return first, secret, other


def _freeze(user, title="Q1", day=date(2026, 3, 31)):
    return services.round_freeze(actor=user, title=title, reference_date=day)


def test_a_round_copies_every_current_project_with_its_names(rds_user, projects, kultur_office):
    first, _secret, _other = projects
    frozen = _freeze(rds_user)
    assert frozen.project_count == 3  # not the archived one
    row = ProjectSnapshot.objects.get(round=frozen, project_id=first.pk)
    assert (row.title, row.department_name, row.lead_unit_name) == (
        "Ausleihe", "Dezernat Kultur", kultur_office.name)  # fmt: skip
    assert (row.status, row.financing, row.budget, row.traffic_light) == (
        "umsetzung", "teilfinanziert", Decimal(100), "im_plan")  # fmt: skip
    assert row.last_reported_on == timezone.localdate()
    links = set(SnapshotLink.objects.filter(round=frozen).values_list("kind", "name"))
    assert links == {("ziel", "Ziel im Handlungsfeld Daten"), ("handlungsfeld", "Daten")}


def test_a_round_survives_later_changes_and_deletions(rds_user, projects, agenda):
    first, _secret, other = projects
    frozen = _freeze(rds_user)
    Project.objects.filter(pk=first.pk).update(title="Umbenannt", status="abgeschlossen")
    other_pk = other.pk
    other.delete()
    agenda.fields.get(name="Daten").goals.all().delete()
    rows = dict(ProjectSnapshot.objects.filter(round=frozen).values_list("project_id", "title"))
    assert rows[first.pk] == "Ausleihe"
    assert rows[other_pk] == "Sozialpass"
    assert SnapshotLink.objects.filter(round=frozen, kind="ziel").count() == 1


def test_only_the_central_unit_freezes(coordinator, leadership_user, projects):
    for user in (coordinator, leadership_user):
        with pytest.raises(PermissionDenied):
            _freeze(user)


def test_a_title_is_required_and_unique(rds_user, projects):
    _freeze(rds_user, title="Q1 2026")
    for title in ("  ", "q1  2026"):
        with pytest.raises(ValidationError) as error:
            _freeze(rds_user, title=title)
        assert "title" in error.value.error_dict


def test_each_reader_sees_a_rounds_rows_as_today_s_scope_would(
    rds_user, leadership_user, staff, partner, projects
):
    frozen = _freeze(rds_user)

    def titles(user):
        rows = ProjectSnapshot.objects.visible_to(user).filter(round=frozen)
        return sorted(rows.values_list("title", flat=True))

    assert titles(rds_user) == ["Ausleihe", "Sozialpass", "Vertraulich"]
    assert titles(leadership_user) == ["Ausleihe", "Sozialpass"]
    assert titles(staff) == ["Ausleihe", "Sozialpass"]  # staff of Soziales
    assert titles(partner) == ["Ausleihe"]  # invited to Kultur


def test_the_comparison_names_what_is_new_gone_moved_and_stalled(rds_user, kultur, projects):
    first, _secret, other = projects
    earlier = _freeze(rds_user, "Q1", date(2026, 3, 31))
    newcomer = ProjectFactory(department=kultur, title="Neu", budget=Decimal(50))
    reported = timezone.localdate() + timedelta(1)
    Project.objects.filter(pk=first.pk).update(
        status="pausiert", traffic_light="kritisch", last_reported_on=reported
    )
    other.delete()
    later = _freeze(rds_user, "Q2", date(2026, 6, 30))
    result = services.compare(user=rds_user, earlier=later, later=earlier)  # any order
    assert (result.earlier, result.later) == (earlier, later)
    assert [change.title for change in result.new] == ["Neu"]
    assert [change.title for change in result.gone] == ["Sozialpass"]
    assert [(c.title, c.before, c.after) for c in result.moved] == [
        ("Ausleihe", "umsetzung", "pausiert")]  # fmt: skip
    assert [(c.before, c.after) for c in result.lights] == [("im_plan", "kritisch")]
    assert [change.title for change in result.stalled] == ["Vertraulich"]  # reported nothing
    assert result.totals["projects"] == (3, 3, 0)
    assert result.totals["budget"][2] == Decimal(50) - (other.budget or 0)
    assert newcomer.pk in {change.project_id for change in result.new}


def test_the_comparison_counts_only_what_the_reader_may_see(leadership_user, rds_user, projects):
    earlier = _freeze(rds_user, "Q1", date(2026, 3, 31))
    later = _freeze(rds_user, "Q2", date(2026, 6, 30))
    result = services.compare(user=leadership_user, earlier=earlier, later=later)
    assert result.totals["projects"] == (2, 2, 0)
    assert "Vertraulich" not in [change.title for change in result.stalled]


def test_the_command_freezes_a_round_for_the_central_unit(rds_user, coordinator, projects):
    out = io.StringIO()
    call_command("freeze_reporting_round", "--title", "Q3", "--date", "2026-09-30",
                 "--user", rds_user.username, stdout=out)  # fmt: skip
    assert "Berichtsrunde „Q3“ eingefroren: 3 Vorhaben" in out.getvalue()
    assert ProjectSnapshot.objects.filter(round__title="Q3").count() == 3
    with pytest.raises(CommandError):
        call_command("freeze_reporting_round", "--title", "Q4", "--user", coordinator.username)


def test_the_worker_freezes_a_round_started_on_its_page(rds_user, projects):
    frozen = services.round_start(actor=rds_user, title="Q2", reference_date=date(2026, 6, 30))
    assert frozen.rows_expected == 3
    frozen.refresh_from_db()  # the task ran at once here (TASKS_IMMEDIATE)
    assert (frozen.status, frozen.project_count, frozen.rows_done) == ("eingefroren", 3, 3)
    assert ProjectSnapshot.objects.filter(round=frozen).count() == 3
    assert frozen.worker  # the worker that took it is recorded


def test_a_round_that_stops_half_way_keeps_no_rows(rds_user, projects, monkeypatch):
    def broken(_links, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_insert_select", broken)
    frozen = services.round_start(actor=rds_user, title="Q2", reference_date=date(2026, 6, 30))
    frozen.refresh_from_db()
    assert frozen.status == "abgebrochen"
    assert not ProjectSnapshot.objects.filter(round=frozen).exists()


def test_a_past_round_is_rebuilt_from_the_status_updates(rds_user, kultur, kultur_office):
    today = timezone.localdate()
    early = ProjectFactory(department=kultur, title="Früh gemeldet", status="umsetzung")
    StatusUpdateFactory(project=early, reported_on=today - timedelta(100),
                        traffic_light="im_plan", progress=10)  # fmt: skip
    StatusUpdateFactory(project=early, reported_on=today - timedelta(10),
                        traffic_light="kritisch", progress=50)  # fmt: skip
    late = ProjectFactory(department=kultur, title="Später gemeldet", status="planung")
    StatusUpdateFactory(project=late, reported_on=today - timedelta(5))
    frozen = services.round_reconstruct(
        actor=rds_user, title="Q2", reference_date=today - timedelta(50)
    )
    (row,) = ProjectSnapshot.objects.filter(round=frozen)
    assert row.title == "Früh gemeldet"
    assert (row.traffic_light, row.progress, row.last_reported_on) == (
        "im_plan", 10, today - timedelta(100)
    )  # fmt: skip
    assert frozen.project_count == 1
    assert not SnapshotLink.objects.filter(round=frozen, project_id=late.pk).exists()


def test_the_demo_has_two_past_rounds_that_differ(rds_user):
    reference_load()
    demo_seed(projects=60, seed=7, today=date(2026, 12, 2))
    rounds = list(ReportingRound.objects.order_by("reference_date"))
    assert [(r.title, r.reference_date) for r in rounds] == [
        ("Q2 2026", date(2026, 6, 30)), ("Q3 2026", date(2026, 9, 30))
    ]  # fmt: skip
    earlier, later = rounds
    assert 0 < earlier.project_count <= later.project_count
    user = get_user_model().objects.get(username="rds")
    result = services.compare(user=user, earlier=earlier, later=later)
    assert result.new or result.lights or result.moved  # the quarters differ
    demo_seed(projects=60, seed=7, today=date(2026, 12, 2))  # a second run adds none
    assert ReportingRound.objects.count() == 2
