"""Freezing a reporting round and comparing two.

The freeze copies every current project (not archived) with the names of its department,
office, goals and fields of action into the round's own rows: one ``INSERT … SELECT`` per
table inside the database, so 50,000 projects take seconds, not a trip through Python each.
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django_tasks import task

from access.rights import access_for
from jobs import work
from projects.models import FUNDING_GAP, RUNNING_STATUSES, Project, StatusUpdate
from reporting.models import ProjectSnapshot, ReportingRound, SnapshotLink

# The snapshot's columns, each with what it copies of the project.
PROJECT_COLUMNS = {
    "project_id": F("pk"),
    "department_id": F("department_id"),
    "department_name": F("department__name"),
    "lead_unit_name": Coalesce(F("lead_unit__name"), Value("")),
    **{
        name: F(name)
        for name in (
            "title", "kind", "status", "financing", "budget", "influence", "priority_rank",
            "progress", "traffic_light", "last_reported_on", "start_date", "end_date",
            "created_at", "confidential", "reusable",
        )
    },
}  # fmt: skip


def may_freeze(user) -> bool:
    return access_for(user).is_central


def _insert_select(model, round_pk: int, columns: dict, queryset) -> int:
    """``INSERT INTO model (round_id, columns…) SELECT …`` from ``queryset``; returns the
    number of rows."""
    names = ["round_id", *columns]
    expressions = {"round_id": Value(round_pk), **columns}
    selected = queryset.annotate(
        **{f"snap_{name}": expression for name, expression in expressions.items()}
    ).values(*[f"snap_{name}" for name in names])
    sql, params = selected.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns_sql = ", ".join(quote(name) for name in names)  # the names are the columns
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns_sql}) {sql}", params)
        return cursor.rowcount


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": [_("Give the round a title.")]})
    if ReportingRound.objects.filter(title__iexact=title).exists():
        raise ValidationError({"title": [_("A reporting round with this title exists already.")]})
    return title


def _new_round(*, actor, title, reference_date, note) -> ReportingRound:
    if not may_freeze(actor):
        raise PermissionDenied(_("Only the Referat Digitale Stadt freezes reporting rounds."))
    return ReportingRound.objects.create(
        title=_checked_title(title), reference_date=reference_date, note=note, created_by=actor
    )


def _freeze_rows(frozen: ReportingRound) -> dict:
    """Copy every current project and its links into the round; returns the round's end."""
    started = time.perf_counter()
    current = Project.objects.filter(archived_at__isnull=True)
    count = _insert_select(ProjectSnapshot, frozen.pk, PROJECT_COLUMNS, current)
    for kind, through, target, name in (
        (SnapshotLink.Kind.GOAL, Project.goals.through, "goal", "title"),
        (SnapshotLink.Kind.FIELD, Project.fields_of_action.through, "fieldofaction", "name"),
    ):
        links = through.objects.filter(project__archived_at__isnull=True)
        _insert_select(
            SnapshotLink,
            frozen.pk,
            {
                "project_id": F("project_id"),
                "kind": Value(str(kind)),
                "target_id": F(f"{target}_id"),
                "name": F(f"{target}__{name}"),
                "department_id": F("project__department_id"),
                "confidential": F("project__confidential"),
            },
            links,
        )
    return {
        "status": ReportingRound.Status.FROZEN,
        "project_count": count,
        "rows_done": count,
        "seconds": round(time.perf_counter() - started, 2),
    }


@transaction.atomic
def round_freeze(*, actor, title: str, reference_date, note: str = "") -> ReportingRound:
    """Freeze every current project now, in the calling process (the command), under
    ``title`` with its reference date (Stichtag). Only the central unit freezes rounds."""
    frozen = _new_round(actor=actor, title=title, reference_date=reference_date, note=note)
    ReportingRound.objects.filter(pk=frozen.pk).update(**_freeze_rows(frozen))
    frozen.refresh_from_db()
    return frozen


@transaction.atomic
def round_reconstruct(*, actor, title: str, reference_date, note: str = "") -> ReportingRound:
    """A past round rebuilt from the status updates' history, for a city that starts using
    rounds late (and for the demo): every current project as it is, but with the traffic
    light, progress and date of its latest status update on or before ``reference_date``;
    projects without one by then are left out (they were not reported yet). What the
    history does not keep (status, financing, budget, links) is today's."""
    frozen = _new_round(actor=actor, title=title, reference_date=reference_date, note=note)
    started = time.perf_counter()
    ended = _freeze_rows(frozen)
    latest = (
        StatusUpdate.objects.current()
        .filter(project_id=OuterRef("project_id"), reported_on__lte=reference_date)
        .order_by("-reported_on", "-created_at")
    )
    rows = ProjectSnapshot.objects.filter(round=frozen)
    rows.update(
        last_reported_on=Subquery(latest.values("reported_on")[:1]),
        traffic_light=Coalesce(Subquery(latest.values("traffic_light")[:1]), Value("")),
        progress=Coalesce(Subquery(latest.values("progress")[:1]), Value(0)),
    )
    unreported = rows.filter(last_reported_on__isnull=True)
    SnapshotLink.objects.filter(
        round=frozen, project_id__in=unreported.values("project_id")
    ).delete()
    unreported.delete()
    count = rows.count()
    ended |= {"project_count": count, "rows_done": count,
              "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
    ReportingRound.objects.filter(pk=frozen.pk).update(**ended)
    frozen.refresh_from_db()
    return frozen


def round_start(*, actor, title: str, reference_date, note: str = "") -> ReportingRound:
    """The same by the worker: the round is recorded as waiting and frozen by a task, so the
    page answers at once and shows the progress."""
    with transaction.atomic():
        frozen = _new_round(actor=actor, title=title, reference_date=reference_date, note=note)
        frozen.rows_expected = Project.objects.filter(archived_at__isnull=True).count()
        frozen.save(update_fields=["rows_expected"])
    result = freeze_round.enqueue(frozen.pk)
    ReportingRound.objects.filter(pk=frozen.pk).update(task_id=str(result.id))
    frozen.refresh_from_db()
    return frozen


@task()
def freeze_round(round_id: int) -> None:
    """What the worker runs: the rows and the round's end in one transaction, so a round
    that stops half-way has no rows."""
    work.run(ReportingRound, round_id, _freeze_step)


def _freeze_step(round_id: int) -> None:
    frozen = ReportingRound.objects.get(pk=round_id)
    ReportingRound.objects.filter(pk=round_id).update(status=ReportingRound.Status.RUNNING)
    with transaction.atomic():
        ended = _freeze_rows(frozen)
        if not work.owned(ReportingRound, round_id, frozen.worker).update(**ended):
            raise work.JobLost(round_id)


def settle_abandoned() -> str:
    """For the daily upkeep: rounds whose worker died are marked interrupted."""
    return f"{work.settle(ReportingRound.objects.all())} reporting rounds ended as interrupted"


# Comparing two rounds -------------------------------------------------------------------------


@dataclass
class Change:
    project_id: int
    title: str
    department: str
    before: str = ""
    after: str = ""


@dataclass
class Comparison:
    """What changed from round ``earlier`` to round ``later`` among the projects the reader
    may see (in one department, or all)."""

    earlier: ReportingRound
    later: ReportingRound
    new: list[Change] = field(default_factory=list)
    gone: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)  # another status
    lights: list[Change] = field(default_factory=list)  # another traffic light
    stalled: list[Change] = field(default_factory=list)  # running, no status update since
    totals: dict = field(default_factory=dict)  # name: (earlier, later, delta)

    @property
    def labelled_totals(self) -> list[tuple]:
        """(label, earlier, later, delta) per figure, for the page and the file."""
        labels = {
            "projects": _("Projects and processes"),
            "running": _("Running projects"),
            "critical": _("Traffic light critical"),
            "budget": _("Budget in total (€)"),
            "gap_budget": _("Funding gap (€)"),
        }
        return [(labels[name], *self.totals[name]) for name in labels]


FIELDS = ("project_id", "title", "department_name", "status", "traffic_light", "financing",
          "budget", "last_reported_on")  # fmt: skip


def _rows(round_, user, department):
    rows = ProjectSnapshot.objects.visible_to(user).filter(round=round_)
    if department is not None:
        rows = rows.filter(department=department)
    return {row["project_id"]: row for row in rows.values(*FIELDS)}


def _totals(rows) -> dict:
    values = list(rows.values())
    return {
        "projects": len(values),
        "budget": sum((row["budget"] or Decimal(0) for row in values), Decimal(0)),
        "gap_budget": sum(
            (row["budget"] or Decimal(0) for row in values if row["financing"] in FUNDING_GAP),
            Decimal(0),
        ),
        "critical": sum(1 for row in values if row["traffic_light"] == "kritisch"),
        "running": sum(1 for row in values if row["status"] in RUNNING_STATUSES),
    }


def compare(*, user, earlier: ReportingRound, later: ReportingRound, department=None):
    """The projects new in ``later``, gone since ``earlier``, with another status or traffic
    light, and running ones that reported nothing between the two rounds."""
    if earlier.reference_date > later.reference_date:
        earlier, later = later, earlier
    before, after = _rows(earlier, user, department), _rows(later, user, department)
    result = Comparison(earlier=earlier, later=later)

    def change(row, **values):
        return Change(row["project_id"], row["title"], row["department_name"], **values)

    for pk, row in sorted(after.items(), key=lambda item: item[1]["title"]):
        old = before.get(pk)
        if old is None:
            result.new.append(change(row, after=row["status"]))
            continue
        if old["status"] != row["status"]:
            result.moved.append(change(row, before=old["status"], after=row["status"]))
        if old["traffic_light"] != row["traffic_light"]:
            result.lights.append(
                change(row, before=old["traffic_light"], after=row["traffic_light"])
            )
        if row["status"] in RUNNING_STATUSES and old["last_reported_on"] == row["last_reported_on"]:
            result.stalled.append(change(row, before=row["status"], after=row["status"]))
    result.gone = [
        change(row, before=row["status"])
        for pk, row in sorted(before.items(), key=lambda item: item[1]["title"])
        if pk not in after
    ]
    earlier_totals, later_totals = _totals(before), _totals(after)
    result.totals = {
        name: (earlier_totals[name], later_totals[name], later_totals[name] - earlier_totals[name])
        for name in earlier_totals
    }
    return result
