"""Reporting rounds (Berichtsrunden): the state of every project frozen at a reference date
(Stichtag), so that dashboards can be shown as they were and two rounds compared.

A round copies what the figures need into its own rows, names included: it survives later
changes and deletions of projects, offices, departments, goals and fields of action. The
rows keep the ids they had (no foreign keys that would cascade or block a deletion), and the
department as a foreign key without a database constraint, so the workspace scope still
applies to them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.scope import WorkspaceScopedQuerySet
from jobs.models import Job
from projects.models import FACT_COLUMNS, readable


class ReportingRound(Job):
    """A round is frozen by the worker (a task) when RDS asks for it on its page, or at once
    by ``manage.py freeze_reporting_round``; its rows appear in one transaction."""

    class Status(models.TextChoices):
        WAITING = "wartend", _("Waiting")
        RUNNING = "laufend", _("Being frozen")
        FROZEN = "eingefroren", _("Frozen")
        FAILED = "abgebrochen", _("Interrupted")

    WORKING_STATUSES = (Status.WAITING, Status.RUNNING)
    FAILED_STATUS = Status.FAILED

    title = models.CharField(_("title"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    reference_date = models.DateField(_("reference date"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    project_count = models.PositiveIntegerField(_("projects"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    seconds = models.FloatField(_("duration in seconds"), default=0)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-reference_date", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FROZEN

    def get_absolute_url(self):
        return reverse("reporting:round", args=[self.pk])


class SnapshotQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "department"

    def visible_to(self, user):
        """The rows the reader would see of the projects today's scope would show: the
        projects' own rule, on the frozen department and confidentiality."""
        return readable(self, user, project="project_id")


class ProjectSnapshot(models.Model):
    """One project as it was at the round's reference date. The field names are the
    project's, so the figures count a round the way they count today's projects."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE,
        related_name="projects",
    )  # fmt: skip
    project_id = models.PositiveBigIntegerField(_("project"))
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    department_name = models.CharField(_("department"), max_length=200)
    lead_unit_name = models.CharField(_("lead office"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10)
    status = models.CharField(_("status"), max_length=20)
    financing = models.CharField(_("financing"), max_length=20)
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2, null=True)
    influence = models.CharField(_("influence"), max_length=10, blank=True)
    priority_rank = models.PositiveSmallIntegerField(_("priority rank"), null=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    traffic_light = models.CharField(_("traffic light"), max_length=20, blank=True)
    last_reported_on = models.DateField(_("last status update"), null=True)
    start_date = models.DateField(_("start"), null=True)
    end_date = models.DateField(_("end"), null=True)
    created_at = models.DateTimeField(_("created at"))
    confidential = models.BooleanField(_("confidential"), default=False)
    reusable = models.BooleanField(_("reusable"), default=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("project in a reporting round")
        verbose_name_plural = _("projects in a reporting round")
        constraints = [
            models.UniqueConstraint(fields=["round", "project_id"], name="snapshot_once_per_round")
        ]
        indexes = [
            models.Index(fields=["round", "department"], name="snapshot_round_dept_idx"),
            # The dashboards count a round's rows from this index alone (as a project's).
            models.Index(
                fields=["round", *(c for c in FACT_COLUMNS if c != "archived_at")],
                name="snapshot_facts_idx",
            ),
        ]

    def __str__(self):
        return self.title


class SnapshotLink(models.Model):
    """A frozen link of a project to a goal or a field of action, with its name then. It
    carries its project's department and confidentiality, so it is read under the same rule
    as the project's frozen row."""

    class Kind(models.TextChoices):
        GOAL = "ziel", _("goal")
        FIELD = "handlungsfeld", _("field of action")

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="links")
    project_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    target_id = models.PositiveBigIntegerField()
    name = models.CharField(max_length=300)
    department = models.ForeignKey(
        "organisation.Department",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    confidential = models.BooleanField(default=False)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["round", "kind", "target_id"], name="snapshot_link_idx"),
            # Whether a frozen project has a link of a kind (a project without a field of
            # action, without a goal): looked up once per row of the round.
            models.Index(fields=["round", "project_id", "kind"], name="snapshot_link_project_idx"),
        ]

    def __str__(self):
        return self.name
