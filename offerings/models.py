"""The central unit's own digital offerings (RDS-Angebote) that departments can use, and the
departments' requests for them (Anfragen). Projects link to the offerings they use and needs
to the offering that could answer them: together with the requests that is the demand
(Nachfrage) the central unit plans with.

Offerings are for city staff: external partners never see them, nor anything about them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from access.rights import access_for
from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField, NameField

# Words of the catalogue's own addresses (/angebote/neu/, /angebote/anfragen/): no key.
RESERVED_SLUGS = frozenset({"neu", "anfragen"})


class OfferingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every account of the city sees the catalogue; external partners and anonymous
        users see none of it."""
        access = access_for(user)
        if not access.authenticated or access.is_partner_only:
            return self.none()
        return self


class Offering(models.Model):
    class Status(models.TextChoices):
        AVAILABLE = "aktiv", pgettext_lazy("offering status", "available")
        PLANNED = "in_planung", pgettext_lazy("offering status", "in planning")
        DISCONTINUED = "eingestellt", pgettext_lazy("offering status", "discontinued")

    title = NameField(_("title"), max_length=200)
    slug = models.SlugField(
        pgettext_lazy("offering", "key"),
        max_length=80,
        unique=True,
        help_text=_(
            "A stable short key, the last part of the offering's web address, e.g. "
            "datenplattform. Spreadsheets recognise the offering by it."
        ),
    )
    description = LongTextField(_("description"), blank=True)
    contact = NameField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail of the contact person"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE
    )
    link = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Where to read more about it.")
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("projects using it"),
        related_name="offerings",
        blank=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfferingQuerySet.as_manager()
    # The links to projects stay out of the history: it would name confidential projects to
    # readers who may not see them.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("RDS offering")
        verbose_name_plural = _("RDS offerings")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("offerings:detail", args=[self.slug])

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This key is reserved. Choose another one.")})

    @property
    def is_discontinued(self) -> bool:
        return self.status == self.Status.DISCONTINUED


class OfferingRequestQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "department"

    def visible_to(self, user):
        """A department's requests are for its own staff, the central unit and leadership;
        never for external partners, nor for other departments."""
        access = access_for(user)
        if not access.authenticated or access.is_partner_only:
            return self.none()
        if access.is_central or access.is_leadership:
            return self
        return self.filter(department__in=access.internal_department_ids)

    def open(self):
        return self.filter(status__in=OfferingRequest.OPEN_STATUSES)


class OfferingRequest(models.Model):
    """A department asks for an offering; the central unit answers."""

    class Status(models.TextChoices):
        OPEN = "offen", pgettext_lazy("request status", "open")
        CLARIFYING = "in_klaerung", pgettext_lazy("request status", "being clarified")
        DONE = "erledigt", pgettext_lazy("request status", "done")
        DECLINED = "abgelehnt", pgettext_lazy("request status", "declined")

    OPEN_STATUSES = (Status.OPEN, Status.CLARIFYING)

    offering = models.ForeignKey(
        Offering,
        verbose_name=_("RDS offering"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="offering_requests",
    )
    note = LongTextField(
        _("what is needed"),
        max_length=4000,
        help_text=_("What the department would like to use the offering for, and by when."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    answer = LongTextField(_("answer of the Referat Digitale Stadt"), max_length=4000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = OfferingRequestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["offering", "status"], name="offering_request_status_idx"),
        ]

    def __str__(self):
        return _("Request of %(department)s for %(offering)s") % {
            "department": self.department.short_name,
            "offering": self.offering.title,
        }

    def get_absolute_url(self):
        return reverse("offerings:request", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
