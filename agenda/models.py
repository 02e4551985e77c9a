"""The city's digital strategy: agenda, guiding principles, fields of action, goals and the
agenda's own flagship projects. Maintained by the central digital unit (RDS)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import LongTextField, NameField, NameKeyField, NameKeyMixin


class AgendaQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Agenda.Status.ACTIVE)


class Agenda(models.Model):
    class Status(models.TextChoices):
        DRAFT = "entwurf", _("Draft")
        ACTIVE = "aktiv", _("Active")
        ARCHIVED = "archiviert", _("Archived")

    title = NameField(_("title"), max_length=200, unique=True)
    council_paper = models.CharField(
        _("council paper"), max_length=50, blank=True, help_text=_("e.g. VII-DS-07257")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    horizon = models.CharField(_("horizon"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="entwurf")
    summary = LongTextField(_("summary"), blank=True)
    authored_by = models.CharField(_("authored by"), max_length=200, blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = AgendaQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("digital agenda")
        verbose_name_plural = _("digital agendas")
        ordering = ["-adopted_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="aktiv"), name="agenda_only_one_active"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:overview")


class GuidingPrinciple(NameKeyMixin, models.Model):
    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="principles"
    )
    title = NameField(_("title"), max_length=200)
    title_key = NameKeyField(max_length=200, source="title")
    description = LongTextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["title_key"])

    class Meta:
        verbose_name = _("guiding principle")
        verbose_name_plural = _("guiding principles")
        ordering = ["agenda", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "title_key"],
                name="principle_title_unique_per_agenda",
                violation_error_code="duplicate_title",
                violation_error_message=_(
                    "The agenda has a guiding principle with this title already (capitals "
                    "and small letters count as the same)."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class FieldOfAction(NameKeyMixin, models.Model):
    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="fields"
    )
    name = NameField(_("name"), max_length=200)
    name_key = NameKeyField(max_length=200, source="name")
    short_name = NameField(_("short name"), max_length=80, blank=True)
    motto = models.CharField(_("motto"), max_length=300, blank=True)
    description = LongTextField(_("description"), blank=True)
    targets = LongTextField(
        _("targets"),
        blank=True,
        help_text=_("Measurable targets the agenda names for this field, one per line."),
    )
    order = models.PositiveSmallIntegerField(_("order"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("field of action")
        verbose_name_plural = _("fields of action")
        ordering = ["agenda", models.F("order").asc(nulls_last=True), "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "name_key"],
                name="field_name_unique_per_agenda",
                violation_error_code="duplicate_name",
                violation_error_message=_(
                    "The agenda has a field of action of this name already (capitals and "
                    "small letters count as the same)."
                ),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def target_list(self) -> list[str]:
        return [line.strip() for line in self.targets.splitlines() if line.strip()]


class Goal(NameKeyMixin, models.Model):
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    title = NameField(_("title"), max_length=300)
    title_key = NameKeyField(max_length=300, source="title")
    description = LongTextField(_("description"), blank=True)
    target = models.CharField(
        _("measurable target"),
        max_length=300,
        blank=True,
        help_text=_("Where the agenda names one."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["title_key"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["field__order", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "title_key"],
                name="goal_title_unique_per_field",
                violation_error_code="duplicate_title",
                violation_error_message=_(
                    "The field of action has a goal with this title already (capitals and "
                    "small letters count as the same)."
                ),
            ),
        ]

    def __str__(self):
        return self.title


class AgendaProject(NameKeyMixin, models.Model):
    """One of the agenda's own flagship projects (never assume how many there are)."""

    agenda = models.ForeignKey(
        Agenda, verbose_name=_("agenda"), on_delete=models.CASCADE, related_name="agenda_projects"
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = NameField(_("title"), max_length=300)
    title_key = NameKeyField(max_length=300, source="title")
    field = models.ForeignKey(
        FieldOfAction,
        verbose_name=_("field of action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_projects",
    )
    lead_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("lead office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_projects",
    )
    description = LongTextField(_("description"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["title_key"])

    class Meta:
        verbose_name = _("agenda project")
        verbose_name_plural = _("agenda projects")
        ordering = ["agenda", models.F("number").asc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda", "title_key"],
                name="agenda_project_title_unique_per_agenda",
                violation_error_code="duplicate_title",
                violation_error_message=_(
                    "The agenda has an agenda project with this title already (capitals "
                    "and small letters count as the same)."
                ),
            ),
            models.UniqueConstraint(
                fields=["agenda", "number"],
                condition=Q(number__isnull=False),
                name="agenda_project_number_unique_per_agenda",
            ),
        ]

    def __str__(self):
        if self.number:
            return f"{self.number}. {self.title}"
        return self.title
