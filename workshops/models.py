"""The process run by the central unit: cohorts (Staffeln) in which two departments work
through the three-part workshop series in parallel, the versioned workshop templates the
series is planned from, and each workshop's structured results.

A workshop belongs to its department's workspace and follows its scope; the results change
the workspace itself (a reviewed change list written through the project services, the
priority list of Teil 3), they are not a document beside it.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from access.rights import access_for
from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField, NameField


class Part(models.IntegerChoices):
    ONE = 1, _("Part 1")
    TWO = 2, _("Part 2")
    THREE = 3, _("Part 3")


class FrozenTemplateError(ValidationError):
    """A change to a published template version."""

    def __init__(self):
        super().__init__(
            _(
                "This version of the template is published and cannot be changed. Start a "
                "new draft from it."
            ),
            code="frozen",
        )


# Cohorts -------------------------------------------------------------------------------------


class CohortQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leadership see every cohort; an external account only those it
        supports (the contracted office)."""
        access = access_for(user)
        if access.sees_all_departments:
            return self
        if not access.authenticated:
            return self.none()
        return self.filter(supporters=user)


class Cohort(models.Model):
    class Status(models.TextChoices):
        PLANNED = "geplant", _("Planned")
        RUNNING = "laufend", _("Running")
        COMPLETED = "abgeschlossen", _("Completed")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name = NameField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Optional, for example the season or the theme of the cohort."),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    departments = models.ManyToManyField(
        "organisation.Department",
        verbose_name=_("departments"),
        related_name="cohorts",
        blank=True,
    )
    intake_round = models.ForeignKey(
        "intake.Round",
        verbose_name=_("intake round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text=_("The status-quo intake that prepares the workshops."),
    )
    supporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supported by"),
        related_name="supported_cohorts",
        blank=True,
        help_text=_("Staff of the central unit and the contracted office (invited partners)."),
    )
    notes = LongTextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[departments, supporters])
    objects = CohortQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="cohort_number_positive"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="cohort_end_after_start",
            ),
        ]

    def __str__(self):
        label = _("Cohort %(number)s") % {"number": self.number}
        return f"{label}: {self.name}" if self.name else label

    def get_absolute_url(self):
        return reverse("workshops:cohort", args=[self.pk])


# Templates -----------------------------------------------------------------------------------


class WorkshopTemplate(models.Model):
    """The standard for one part of the series; its content lives in versions."""

    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, unique=True)

    class Meta:
        verbose_name = _("workshop template")
        verbose_name_plural = _("workshop templates")
        ordering = ["part"]

    def __str__(self):
        return _("Template for %(part)s") % {"part": self.get_part_display()}

    def get_absolute_url(self):
        return reverse("workshops:template", args=[self.pk])


class TemplateVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=TemplateVersion.State.PUBLISHED)

    def current(self):
        """The newest published version of each template."""
        return self.published().order_by("template__part", "-number").distinct()


class TemplateVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "entwurf", _("Draft")
        PUBLISHED = "veroeffentlicht", _("Published")

    template = models.ForeignKey(
        WorkshopTemplate,
        verbose_name=_("workshop template"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    title = NameField(_("title"), max_length=200)
    goal = LongTextField(_("goal"), blank=True)
    methods = LongTextField(_("methods"), blank=True)
    guiding_questions = LongTextField(
        _("guiding questions"), blank=True, help_text=_("One question per line.")
    )
    expected_results = LongTextField(_("expected results"), blank=True)
    materials = LongTextField(_("materials"), blank=True)
    change_note = models.CharField(
        _("what changed"),
        max_length=500,
        blank=True,
        help_text=_("A sentence on what is new in this version, shown in the version list."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = TemplateVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="workshop_template_version_unique"
            ),
            models.UniqueConstraint(
                fields=["template"],
                condition=Q(state="entwurf"),
                name="workshop_template_one_draft",
                violation_error_message=_("This template has a draft already."),
            ),
        ]

    def __str__(self):
        return _("%(title)s, version %(number)s") % {"title": self.title, "number": self.number}

    def save(self, *args, **kwargs):
        """A published version stays as it was published (publishing itself saves a draft)."""
        if self.pk is not None:
            stored = TemplateVersion.objects.filter(pk=self.pk).values_list("state", flat=True)
            if stored.first() == self.State.PUBLISHED:
                raise FrozenTemplateError()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workshops:template_version", args=[self.pk])

    def delete(self, *args, **kwargs):
        stored = TemplateVersion.objects.filter(pk=self.pk).values_list("state", flat=True)
        if self.is_published or stored.first() == self.State.PUBLISHED:
            raise FrozenTemplateError()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def question_lines(self) -> list[str]:
        return [line.strip() for line in self.guiding_questions.splitlines() if line.strip()]

    @property
    def total_minutes(self) -> int:
        return sum(item.duration_minutes for item in self.agenda_items.all())


class AgendaItem(models.Model):
    """One item of a template's agenda; its time slot follows from the workshop's start and
    the durations before it."""

    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = NameField(_("title"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        help_text=_("Between 5 and 480 minutes."),
    )
    method = models.CharField(_("method"), max_length=200, blank=True)
    description = LongTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="agenda_item_duration_5_480",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._ensure_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_draft()
        return super().delete(*args, **kwargs)

    def _ensure_draft(self):
        """Neither the version it goes to nor (when it moves) the one it comes from may be
        published."""
        versions = {self.version_id}
        if self.pk is not None:
            versions |= set(AgendaItem.objects.filter(pk=self.pk).values_list("version", flat=True))
        published = TemplateVersion.objects.filter(
            pk__in=versions, state=TemplateVersion.State.PUBLISHED
        )
        if published.exists():
            raise FrozenTemplateError()


def time_slots(items, start):
    """``(item, begins, ends)`` for agenda items in order from ``start`` (a datetime, or None:
    then the offsets from 0:00 as timedeltas)."""
    moment = start if start is not None else timedelta(0)
    slots = []
    for item in items:
        end = moment + timedelta(minutes=item.duration_minutes)
        slots.append((item, moment, end))
        moment = end
    return slots


# Workshops -----------------------------------------------------------------------------------


class WorkshopQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "department"

    def visible_to(self, user):
        """The workspace's scope: city staff see every workshop. An external partner sees
        the workshops of a workspace they were invited to as a whole, and those they were
        invited to in person (as a participant, or as the cohort's contracted office), never
        another department's otherwise."""
        access = access_for(user)
        if access.sees_all_departments:
            return self
        if not access.authenticated:
            return self.none()
        # Taking part counts while the partner's invitation to the workspace lasts.
        taking_part = Workshop.participants.through.objects.filter(user=user).values("workshop")
        return self.filter(
            Q(department__in=access.partner_whole_department_ids)
            | Q(pk__in=taking_part, department__in=access.member_department_ids)
            | Q(cohort__in=Cohort.supporters.through.objects.filter(user=user).values("cohort"))
        )


class Workshop(models.Model):
    class Status(models.TextChoices):
        PLANNED = "geplant", _("Planned")
        HELD = "durchgefuehrt", _("Held")
        RELEASED = "protokoll_freigegeben", _("Minutes released")
        CANCELLED = "abgesagt", _("Cancelled")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="workshops"
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="workshops",
    )
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices)
    template_version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participants"),
        related_name="workshops",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.PLANNED
    )
    minutes = LongTextField(_("minutes"), blank=True, help_text=_("Markdown."))
    review_until = models.DateField(
        _("objections until"),
        null=True,
        blank=True,
        help_text=_("Participants can object to the draft minutes until this day."),
    )
    review_opened_at = models.DateTimeField(_("minutes shared at"), null=True, blank=True)
    released_at = models.DateTimeField(_("minutes released at"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes released by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    priorities_applied_at = models.DateTimeField(
        _("priority list applied at"), null=True, blank=True
    )
    # The calendar entry: its UID never changes, its sequence rises with every change that
    # is sent (RFC 5545), so calendars update the entry instead of adding another.
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    invited_at = models.DateTimeField(_("invitation sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(
        excluded_fields=["calendar_uid", "calendar_sequence", "minutes"],
        m2m_fields=[participants],
    )
    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["cohort__number", "department__name", "part"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "department", "part"], name="workshop_one_per_part"
            ),
        ]

    def __str__(self):
        return _("Workshop %(part)s, cohort %(number)s") % {
            "part": self.get_part_display(),
            "number": self.cohort.number,
        }

    def get_absolute_url(self):
        return reverse("workshops:workshop", args=[self.pk])

    @property
    def change_reason(self) -> str:
        """What a project's history says a change from this workshop came from."""
        return _("changed in workshop %(part)s, cohort %(number)s") % {
            "part": self.get_part_display(),
            "number": self.cohort.number,
        }

    @property
    def handbook_step(self) -> str:
        """The handbook's step that explains this part (see handbook.models)."""
        return f"teil-{self.part}"

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def ends_at(self):
        if self.starts_at is None:
            return None
        return self.starts_at + timedelta(minutes=self.template_version.total_minutes or 60)


class WorkshopGuest(models.Model):
    """Someone without an account who takes part (invited by e-mail)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="guests"
    )
    name = NameField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class _ResultQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "workshop__department"

    def visible_to(self, user):
        return self.filter(workshop__in=Workshop.objects.visible_to(user).values("pk"))


class _Result(models.Model):
    """Something a workshop produced; it is part of the workshop and follows its scope."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = _ResultQuerySet.as_manager()

    class Meta:
        abstract = True


class Decision(_Result):
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="decisions"
    )
    text = LongTextField(pgettext_lazy("workshop", "decision"), max_length=2000)

    class Meta:
        verbose_name = pgettext_lazy("workshop", "decision")
        verbose_name_plural = _("decisions")
        ordering = ["workshop", "pk"]

    def __str__(self):
        return self.text[:80]


class OpenQuestionQuerySet(_ResultQuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)


class OpenQuestion(_Result):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="open_questions",
    )
    text = LongTextField(_("open question"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_questions",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OpenQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("open question")
        verbose_name_plural = _("open questions")
        ordering = ["workshop", models.F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self):
        return self.text[:80]


class DiscussedProject(_Result):
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="discussed",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project or process"),
        on_delete=models.CASCADE,
        related_name="discussed_in",
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("project discussed")
        verbose_name_plural = _("projects discussed")
        ordering = ["workshop", "project__title"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "project"], name="discussed_once"),
        ]

    def __str__(self):
        return str(self.project)


class ChangeField(models.TextChoices):
    """What a workshop may decide to change on a project (the change list's items)."""

    STATUS = "status", _("Status")
    PRIORITY = "priority_rank", _("Priority rank")
    FINANCING = "financing", _("Financing")
    GOALS = "goals", _("Goals")
    FIELDS = "fields_of_action", _("Fields of action")


class ChangeItem(_Result):
    """One change decided for a project, waiting for the coordinator's review. ``previous``
    is the value when it was proposed and ``base_version`` the project's version then: if the
    project changed meanwhile, the item is stale and is not applied."""

    class State(models.TextChoices):
        PROPOSED = "vorgeschlagen", _("Proposed")
        ACCEPTED = "angenommen", _("Accepted")
        REJECTED = "abgelehnt", _("Rejected")
        APPLIED = "uebernommen", _("Applied")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="changes"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project or process"),
        on_delete=models.CASCADE,
        related_name="workshop_changes",
    )
    field = models.CharField(_("what changes"), max_length=30, choices=ChangeField.choices)
    value = models.JSONField(_("new value"), null=True, blank=True)
    previous = models.JSONField(_("value before"), null=True, blank=True)
    base_version = models.PositiveIntegerField(_("project version"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change list item")
        verbose_name_plural = _("change list")
        ordering = ["workshop", "project__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "project", "field"],
                condition=Q(state__in=["vorgeschlagen", "angenommen"]),
                name="change_item_one_pending_per_field",
                violation_error_message=_(
                    "The change list already has a change of this field for this project."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.project}: {self.get_field_display()}"


class ResultItem(_Result):
    """A synergy or a need found in a workshop, kept as a result until the registers of
    synergies and needs exist; then converted there (``converted_at``)."""

    class Kind(models.TextChoices):
        SYNERGY = "synergie", _("Synergy")
        NEED = "bedarf", _("Need or gap")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = NameField(_("title"), max_length=200)
    description = LongTextField(_("description"), max_length=4000, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects concerned"), related_name="+", blank=True
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("synergy or need found")
        verbose_name_plural = _("synergies and needs found")
        ordering = ["workshop", "kind", "pk"]

    def __str__(self):
        return self.title


class PriorityEntry(models.Model):
    """One place in Teil 3's ranked list of the department's open projects."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="priorities",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project or process"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("priority list entry")
        verbose_name_plural = _("priority list")
        ordering = ["workshop", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "project"], name="priority_once"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.project}"


class InvitationMail(models.Model):
    """One invitation, update or cancellation e-mailed for a workshop: to whom, which version
    of the calendar entry (sequence) and when. An address gets each version of the entry once,
    also when two runs overlap (the second one's insert fails and it skips the address)."""

    class Method(models.TextChoices):
        REQUEST = "REQUEST", _("Invitation")
        CANCEL = "CANCEL", _("Cancellation")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="invitation_mails",
    )
    method = models.CharField(_("kind"), max_length=10, choices=Method.choices)
    sequence = models.PositiveIntegerField(_("version of the calendar entry"))
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")
        ordering = ["workshop", "sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "method", "sequence", "email"],
                name="invitation_mail_once_per_version",
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.email} ({self.sequence})"
