"""A department's projects and processes (Vorhaben) and their dated status updates."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.rights import access_for
from access.scope import WorkspaceScopedQuerySet
from agenda.models import Goal
from core.text import LongTextField, NameField, NameKeyField, NameKeyMixin
from organisation.models import OrgUnit
from projects import rules


def readable(queryset, user, *, project: str = "pk"):
    """The rows of ``queryset`` that stand for projects ``user`` may read; ``project`` names
    the project's id (another model keeping projects' department and confidentiality, such
    as a reporting round's frozen rows and links, applies the same rule)."""
    access = access_for(user)
    if not access.authenticated:
        return queryset.none()
    if access.sees_all_confidential:
        return queryset
    if access.is_partner_only:
        return queryset.filter(
            Q(department__in=access.partner_whole_department_ids)
            | Q(**{f"{project}__in": access.partner_project_ids}),
            confidential=False,
        )
    return queryset.filter(Q(confidential=False) | Q(department__in=access.internal_department_ids))


class ProjectQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "department"

    def visible_to(self, user):
        """The one read scope for projects: lists, details, counts, exports and choices."""
        return readable(self, user)

    def editable_q(self, access):
        """Projects the user may change (and add status updates to): their workspace's, and
        for a partner invited to chosen projects, those."""
        return super().editable_q(access) | Q(pk__in=access.editable_project_ids)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def stale(self, today=None):
        """Running projects without a status update for ``STALE_AFTER_DAYS`` days."""
        return self.filter(stale_q(today))

    def not_stale(self, today=None):
        return self.exclude(stale_q(today))

    def for_list(self):
        """What a list row shows, in one query. Long texts stay out: sorting thousands of
        rows is much cheaper without them."""
        return self.select_related("department", "lead_unit").defer(
            "description", "agenda_contribution", "external_partners", "funding_source",
            "contact_person", "department__description",
        )  # fmt: skip

    def for_detail(self):
        return self.select_related(
            "department", "lead_unit", "agenda_project", "created_by"
        ).prefetch_related(
            Prefetch("participating_units", OrgUnit.objects.select_related("department")),
            Prefetch("goals", Goal.objects.select_related("field")),
            "fields_of_action",
        )


# What the dashboards count of a project, in the order their scans filter and group by.
FACT_COLUMNS = [
    "archived_at", "department", "confidential", "status", "traffic_light", "financing",
    "kind", "last_reported_on", "created_at", "end_date", "budget",
]  # fmt: skip


class TrafficLight(models.TextChoices):
    ON_TRACK = "im_plan", _("On track")
    AT_RISK = "gefaehrdet", _("At risk")
    CRITICAL = "kritisch", _("Critical")


def _cutoff(days: int, today=None):
    return (today or timezone.localdate()) - timedelta(days=days)


def stale_cutoff(today=None):
    return _cutoff(settings.STALE_AFTER_DAYS, today)


def stale_cutoff_moment(today=None):
    """The start of the cutoff day in the app's time zone, for comparing creation times."""
    return timezone.make_aware(datetime.combine(stale_cutoff(today), time.min))


FINISHED_STATUSES = ("abgeschlossen", "eingestellt")
# Where projects without a priority rank sort (after every possible rank, see the index).
UNRANKED = 1000
# Statuses in which a project is expected to report regularly (not future, not finished).
RUNNING_STATUSES = ("planung", "umsetzung", "pausiert")
# Financing that leaves a gap: the budget of these projects is (partly) not covered.
FUNDING_GAP = ("nicht_finanziert", "teilfinanziert")


def _silent_for(days: int, today, prefix: str) -> Q:
    """The latest status update, or without one the creation, lies ``days`` back or more."""
    cutoff = _cutoff(days, today)
    return Q(**{f"{prefix}last_reported_on__lt": cutoff}) | Q(
        **{
            f"{prefix}last_reported_on__isnull": True,
            f"{prefix}created_at__lt": timezone.make_aware(datetime.combine(cutoff, time.min)),
        }
    )


def _heard_within(days: int, today, prefix: str) -> Q:
    """The opposite of :func:`_silent_for` (spelled out: a negated Q would mishandle the
    projects without any status update)."""
    cutoff = _cutoff(days, today)
    return Q(**{f"{prefix}last_reported_on__gte": cutoff}) | Q(
        **{
            f"{prefix}last_reported_on__isnull": True,
            f"{prefix}created_at__gte": timezone.make_aware(datetime.combine(cutoff, time.min)),
        }
    )


def stale_q(today=None, prefix: str = "") -> Q:
    """Condition for "veraltet": a running project whose latest status update, or without one
    its creation, lies ``STALE_AFTER_DAYS`` back. ``prefix`` lets aggregates over related
    projects use it."""
    return Q(**{f"{prefix}status__in": RUNNING_STATUSES}) & _silent_for(
        settings.STALE_AFTER_DAYS, today, prefix
    )


class Reporting(models.TextChoices):
    """How current a running project's reporting is (Aktualität der Statusmeldungen), by the
    city's thresholds: a status update is due after ``REPORT_DUE_AFTER_DAYS``, overdue after
    ``REPORT_OVERDUE_AFTER_DAYS``, and the project is stale after ``STALE_AFTER_DAYS``."""

    CURRENT = "aktuell", _("up to date")
    DUE = "faellig", _("status update due")
    OVERDUE = "ueberfaellig", _("status update overdue")
    STALE = "veraltet", _("stale")


def reporting_thresholds() -> tuple[int, int, int]:
    return (
        settings.REPORT_DUE_AFTER_DAYS,
        settings.REPORT_OVERDUE_AFTER_DAYS,
        settings.STALE_AFTER_DAYS,
    )


def reporting_q(band: str, today=None, prefix: str = "") -> Q:
    """Condition for one band of :class:`Reporting`; only running projects are in any band
    (others report no more or not yet)."""
    due, overdue, stale = reporting_thresholds()
    running = Q(**{f"{prefix}status__in": RUNNING_STATUSES})
    bands = {
        Reporting.CURRENT: _heard_within(due, today, prefix),
        Reporting.DUE: _silent_for(due, today, prefix) & _heard_within(overdue, today, prefix),
        Reporting.OVERDUE: _silent_for(overdue, today, prefix)
        & _heard_within(stale, today, prefix),
        Reporting.STALE: _silent_for(stale, today, prefix),
    }
    return running & bands[Reporting(band)]


def funding_gap_q(prefix: str = "") -> Q:
    """Condition for the funding gap (Finanzierungslücke): not or only partly financed."""
    return Q(**{f"{prefix}financing__in": FUNDING_GAP})


def overdue_end_q(today=None, prefix: str = "") -> Q:
    """Condition for an overdue end: the planned end has passed and the project is neither
    finished nor stopped."""
    return Q(**{f"{prefix}end_date__lt": today or timezone.localdate()}) & ~Q(
        **{f"{prefix}status__in": FINISHED_STATUSES}
    )


class Project(NameKeyMixin, models.Model):
    """A Vorhaben: a digitalisation project, or an existing process that is a candidate for
    digitalisation."""

    class Kind(models.TextChoices):
        PROJECT = "projekt", _("Project")
        PROCESS = "prozess", _("Process")

    class Status(models.TextChoices):
        FUTURE = "zukunft", _("Future project")
        PLANNING = "planung", _("In planning")
        IMPLEMENTATION = "umsetzung", _("In implementation")
        COMPLETED = "abgeschlossen", _("Completed")
        PAUSED = "pausiert", _("Paused")
        STOPPED = "eingestellt", _("Discontinued")

    class Financing(models.TextChoices):
        FINANCED = "finanziert", _("Financed")
        PARTLY = "teilfinanziert", _("Partly financed")
        NOT_FINANCED = "nicht_finanziert", _("Not financed")
        APPLIED = "antrag_gestellt", _("Funding applied for")

    class Influence(models.TextChoices):
        HIGH = "hoch", _("High")
        MEDIUM = "mittel", _("Medium")
        LOW = "gering", _("Low")

    class DecisionScope(models.TextChoices):
        OWN = "eigenstaendig", _("Department decides alone")
        DEPENDENT = "abhaengig", _("Depends on others")

    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    external_id = models.CharField(
        _("external ID"),
        max_length=64,
        blank=True,
        help_text=_("A stable key from another system or spreadsheet, used to match imports."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROJECT)
    title = NameField(_("title"), max_length=200)
    title_key = NameKeyField(max_length=200, source="title")
    description = LongTextField(_("description"), blank=True)
    lead_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("lead office"),
        on_delete=models.PROTECT,
        related_name="led_projects",
        null=True,
        blank=True,
    )
    participating_units = models.ManyToManyField(
        "organisation.OrgUnit",
        verbose_name=_("participating offices"),
        related_name="participating_projects",
        blank=True,
    )
    contact_person = NameField(_("contact person"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    financing = models.CharField(
        _("financing"), max_length=20, choices=Financing.choices, default=Financing.NOT_FINANCED
    )
    budget = models.DecimalField(
        _("budget (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    influence = models.CharField(
        _("influence on the agenda"),
        max_length=10,
        choices=Influence.choices,
        default=Influence.MEDIUM,
    )
    decision_scope = models.CharField(
        _("decision"),
        max_length=20,
        choices=DecisionScope.choices,
        default=DecisionScope.OWN,
    )
    priority_rank = models.PositiveSmallIntegerField(
        _("priority rank"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("1 is the department's most important project."),
    )
    goals = models.ManyToManyField(
        "agenda.Goal", verbose_name=_("goals"), related_name="projects", blank=True
    )
    fields_of_action = models.ManyToManyField(
        "agenda.FieldOfAction",
        verbose_name=_("fields of action"),
        related_name="projects",
        blank=True,
    )
    agenda_project = models.ForeignKey(
        "agenda.AgendaProject",
        verbose_name=_("contributes to agenda project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributing_projects",
    )
    agenda_contribution = models.CharField(
        _("contribution to the agenda project"), max_length=500, blank=True
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    reusable = models.BooleanField(
        _("reusable"), default=False, help_text=_("Other offices could reuse the solution.")
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the own department and the Referat Digitale Stadt can see it."),
    )
    external_partners = models.CharField(_("external partners"), max_length=500, blank=True)
    # Kept in step by the status-update service, so that lists can filter and sort by the
    # latest report without a subquery per row.
    last_reported_on = models.DateField(_("last status update"), null=True, blank=True)
    traffic_light = models.CharField(
        _("traffic light"), max_length=20, blank=True, choices=TrafficLight.choices
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at", "created_at", "created_by", "title_key"],
        m2m_fields=[participating_units, goals, fields_of_action],
    )

    class Meta:
        verbose_name = _("project or process")
        verbose_name_plural = _("projects and processes")
        ordering = ["department__name", models.F("priority_rank").asc(nulls_last=True), "title"]
        constraints = [
            # Titles differing only in case or invisible characters are the same title.
            models.UniqueConstraint(
                fields=["department", "title_key"],
                name="project_title_unique_per_department",
                violation_error_code="duplicate_title",
                violation_error_message=_(
                    "The department already has a project or process with this title "
                    "(capitals and small letters count as the same)."
                ),
            ),
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="project_external_id_unique_when_set",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="project_progress_0_100"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="project_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(priority_rank__isnull=True) | Q(priority_rank__gte=1),
                name="project_priority_rank_positive",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "archived_at"], name="project_dept_archived_idx"),
            models.Index(fields=["last_reported_on"], name="project_last_reported_idx"),
            models.Index(fields=["status"], name="project_status_idx"),
            models.Index(fields=["title"], name="project_title_idx"),
            models.Index(
                "department",
                Coalesce("priority_rank", models.Value(UNRANKED)),
                "title",
                "id",
                name="project_default_order_idx",
            ),
            # Covers every column the dashboards count (dashboards.figures.department_counts),
            # so counting 50,000 projects reads this index, not the wide rows.
            models.Index(fields=FACT_COLUMNS, name="project_facts_idx"),
            # A workspace's latest status updates (its dashboard): read from the newest down.
            models.Index(
                fields=["department", "-last_reported_on", "-id"], name="project_latest_report_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"pk": self.pk})

    def clean(self):
        if errors := rules.project_problems(self):
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the department the project was read with: a save that moves it tells
        both departments (see :mod:`dashboards.hooks`) without asking the database."""
        instance = super().from_db(db, field_names, values)
        instance.loaded_department_id = instance.__dict__.get("department_id")
        return instance

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_stale(self) -> bool:
        if self.status not in RUNNING_STATUSES:
            return False
        if self.last_reported_on is not None:
            return self.last_reported_on < stale_cutoff()
        return self.created_at is not None and self.created_at < stale_cutoff_moment()


class StatusUpdateQuerySet(models.QuerySet):
    def current(self):
        """The reports that count: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class StatusUpdate(models.Model):
    """A dated monitoring entry with a traffic light. Its author may correct it for a short
    time (``STATUS_UPDATE_CORRECTION_MINUTES``); after that a wrong one is withdrawn, with a
    reason, and stays visible as withdrawn."""

    TrafficLight = TrafficLight

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="status_updates"
    )
    reported_on = models.DateField(_("date"), default=timezone.localdate)
    traffic_light = models.CharField(
        _("traffic light"),
        max_length=20,
        choices=TrafficLight.choices,
        default=TrafficLight.ON_TRACK,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    text = LongTextField(_("report"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    # The project's progress before this report set it: what the project falls back to when
    # every report is withdrawn.
    progress_before = models.PositiveSmallIntegerField(
        _("progress before (%)"), null=True, blank=True, editable=False
    )

    objects = StatusUpdateQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-reported_on", "-created_at"]
        get_latest_by = ["reported_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="status_update_progress_0_100"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "-reported_on"], name="status_update_project_idx"),
        ]

    def __str__(self):
        return f"{self.project} – {self.reported_on:%d.%m.%Y}"

    def clean(self):
        if errors := rules.status_update_problems(self):
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def correctable_until(self):
        """Until when its author may still correct it."""
        return self.created_at + timedelta(minutes=settings.STATUS_UPDATE_CORRECTION_MINUTES)

    def is_correctable_by(self, user) -> bool:
        return (
            not self.is_withdrawn
            and self.author_id is not None
            and self.author_id == user.pk
            and timezone.now() < self.correctable_until
        )
