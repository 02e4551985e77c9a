"""The process run by the central unit: cohorts (Staffeln) in which two departments work
through the three-part workshop series in parallel."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    class Status(models.TextChoices):
        PLANNED = "geplant", _("Planned")
        RUNNING = "laufend", _("Running")
        COMPLETED = "abgeschlossen", _("Completed")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
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
    notes = models.TextField(_("notes"), blank=True)

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
        return _("Cohort %(number)s") % {"number": self.number}
