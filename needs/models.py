"""The register of needs and gaps (Bedarfe und Lücken): what holds a department back (staff,
skills, budget, infrastructure, software, data, legal, processes), how severe it is, what is
being done about it, the projects it concerns and the RDS offering that could answer it.

A need belongs to its department's workspace and follows its scope; its status moves only
through :func:`needs.services.need_set_status` (see :mod:`needs.rules`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from access.rights import access_for
from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField, NameField, NameKeyField, NameKeyMixin
from needs import rules


class Category(models.TextChoices):
    """The keys are those of the intake questionnaire's question "bedarfe-bereiche"."""

    STAFF = "personal", pgettext_lazy("need category", "Staff")
    SKILLS = "kompetenzen", pgettext_lazy("need category", "Skills")
    BUDGET = "budget", pgettext_lazy("need category", "Budget")
    INFRASTRUCTURE = "infrastruktur", pgettext_lazy("need category", "Infrastructure")
    SOFTWARE = "software", pgettext_lazy("need category", "Software")
    DATA = "daten", pgettext_lazy("need category", "Data")
    LEGAL = "recht", pgettext_lazy("need category", "Legal")
    PROCESSES = "prozesse", pgettext_lazy("need category", "Processes")


class Severity(models.TextChoices):
    LOW = "niedrig", pgettext_lazy("need severity", "low")
    MEDIUM = "mittel", pgettext_lazy("need severity", "medium")
    HIGH = "hoch", pgettext_lazy("need severity", "high")
    CRITICAL = "kritisch", pgettext_lazy("need severity", "critical")


# Most severe first, for sorting.
SEVERITY_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


def severity_rank():
    """The severity as a number (critical 4 … low 1), for ordering in the database."""
    return Case(
        *(When(severity=value, then=Value(rank)) for value, rank in SEVERITY_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )


class NeedQuerySet(WorkspaceScopedQuerySet):
    """The workspace's scope: city staff read every department's needs, an external partner
    those of the workspaces they were invited to; the department's coordinators and staff
    (and partners contributing to the whole workspace) edit them, the central unit all."""

    workspace_field = "department"

    def visible_to(self, user):
        """External partners: the needs of the workspaces they were invited to as a whole,
        and of those invited to chosen projects the needs linked to these projects; never
        those taken over from the intake (an office's answers are not theirs to read)."""
        access = access_for(user)
        if not access.is_partner_only:
            return super().visible_to(user)
        linked = Need.projects.through.objects.filter(project__in=access.partner_project_ids)
        return self.filter(
            Q(department__in=access.partner_whole_department_ids)
            | Q(pk__in=linked.values("need_id"))
        ).exclude(source=Need.Source.INTAKE)

    def open(self):
        return self.filter(status__in=Need.OPEN_STATUSES)

    def by_severity(self):
        """Most severe first, then by title."""
        return self.alias(severity_order=severity_rank()).order_by("-severity_order", "title", "pk")

    def for_list(self):
        return self.select_related("department", "owner", "offering").defer(
            "description", "status_reason", "department__description", "offering__description"
        )


class Need(NameKeyMixin, models.Model):
    """A Bedarf or a Lücke of a department."""

    Category = Category
    Severity = Severity

    class Status(models.TextChoices):
        OPEN = "offen", pgettext_lazy("need status", "open")
        IN_PROGRESS = "in_bearbeitung", pgettext_lazy("need status", "in progress")
        SOLVED = "geloest", pgettext_lazy("need status", "solved")
        UNSOLVABLE = "nicht_loesbar", pgettext_lazy("need status", "cannot be solved")

    class Source(models.TextChoices):
        INTAKE = "erfassung", pgettext_lazy("need source", "Status-quo intake")
        WORKSHOP = "workshop", pgettext_lazy("need source", "Workshop")
        MANUAL = "manuell", pgettext_lazy("need source", "entered manually")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)
    CLOSED_STATUSES = (Status.SOLVED, Status.UNSOLVABLE)

    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="needs",
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = NameField(_("title"), max_length=200)
    title_key = NameKeyField(max_length=200, source="title")
    description = LongTextField(
        _("description"),
        blank=True,
        help_text=_("What is missing, what follows from it, and how urgent it is."),
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_reason = models.CharField(
        _("reason for the status"),
        max_length=1000,
        blank=True,
        help_text=_("Why the need was solved, cannot be solved, or was reopened."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_needs",
        help_text=_("Who takes care of it: a member of the department or of the Referat."),
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("projects concerned"),
        related_name="needs",
        blank=True,
    )
    offering = models.ForeignKey(
        "offerings.Offering",
        verbose_name=_("RDS offering that could answer it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
    )
    source = models.CharField(
        _("found in"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        help_text=_("The workshop of the department in which the need was found."),
    )
    source_ref = models.CharField(
        _("key of the source"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where the need was taken over from (an intake answer, a workshop result): taking "
            "it over again finds this need instead of adding another."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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

    objects = NeedQuerySet.as_manager()
    # The links to projects stay out of the history: it would name confidential projects to
    # readers who may not see them.
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at", "created_by", "title_key", "source_ref"]
    )

    class Meta:
        verbose_name = _("need or gap")
        verbose_name_plural = _("needs and gaps")
        ordering = ["department__name", "title"]
        constraints = [
            # Titles differing only in case or invisible characters are the same title.
            models.UniqueConstraint(
                fields=["department", "title_key"],
                name="need_title_unique_per_department",
                violation_error_code="duplicate_title",
                violation_error_message=_(
                    "The department already has a need of this title (capitals and small "
                    "letters count as the same)."
                ),
            ),
            models.UniqueConstraint(
                fields=["department", "source_ref"],
                condition=~Q(source_ref=""),
                name="need_source_ref_unique_per_department",
                violation_error_message=_(
                    "The department already has a need taken over from this source."
                ),
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="need_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="need_severity_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["geloest", "nicht_loesbar"]) | ~Q(status_reason=""),
                name="need_closed_with_reason",
                violation_error_message=_("Say why the need is solved or cannot be solved."),
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="need_dept_status_idx"),
            models.Index(fields=["offering", "status"], name="need_offering_status_idx"),
            models.Index(fields=["category", "status"], name="need_category_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("needs:detail", args=[self.pk])

    def clean(self):
        if errors := rules.need_problems(self):
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    @property
    def severity_rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)
