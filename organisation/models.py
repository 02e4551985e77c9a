"""The city's organisation: departments (Dezernate), their offices, and who works in which
department's workspace (Arbeitsraum) in which role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.rights import (
    EDITING_ROLES,
    INTERNAL_ROLES,
    PARTNER_ROLES,
    MembershipRole,
    is_external_account,
    is_internal_account,
)
from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField, NameField, NameKeyField, NameKeyMixin


class DepartmentQuerySet(WorkspaceScopedQuerySet):
    """Departments whose workspace the user may open (``visible_to``). External partners see
    only the workspaces they were invited to; every other account sees all departments."""

    workspace_field = "pk"


class Department(NameKeyMixin, models.Model):
    """A Dezernat. Its workspace (Arbeitsraum) is the department page and everything in it."""

    number = models.CharField(
        _("number"),
        max_length=10,
        blank=True,
        help_text=_("Roman numeral, e.g. IV. Leave empty if not confirmed."),
    )
    name = NameField(_("name"), max_length=200)
    name_key = NameKeyField(max_length=200, source="name")
    short_name = NameField(
        _("short name"), max_length=80, help_text=_("Used in lists and menus, e.g. Kultur.")
    )
    slug = models.SlugField(_("URL name"), max_length=80, unique=True)
    head = NameField(_("head of department"), max_length=200, blank=True)
    description = LongTextField(_("description"), blank=True)

    objects = DepartmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                name="department_name_unique",
                violation_error_code="duplicate_name",
                violation_error_message=_(
                    "There is a department of this name already (capitals and small letters "
                    "count as the same)."
                ),
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~Q(number=""),
                name="department_number_unique_when_set",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("dashboards:workspace", kwargs={"slug": self.slug})


class OrgUnit(NameKeyMixin, models.Model):
    """An office of a department: Amt, Referat, Eigenbetrieb, municipal company."""

    class Kind(models.TextChoices):
        OFFICE = "amt", _("Office (Amt)")
        UNIT = "referat", _("Unit (Referat)")
        MUNICIPAL_ENTERPRISE = "eigenbetrieb", _("Municipal enterprise (Eigenbetrieb)")
        COMPANY = "unternehmen", _("Municipal company")
        OTHER = "sonstige", _("Other")

    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="units"
    )
    name = NameField(_("name"), max_length=200)
    name_key = NameKeyField(max_length=200, source="name")
    short_code = models.CharField(
        _("short code"), max_length=20, blank=True, help_text=_("e.g. the office number, 10")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    history = HistoricalRecords(excluded_fields=["name_key"])

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["department__name", "name"]
        constraints = [
            # Names differing only in case or invisible characters are the same name.
            models.UniqueConstraint(
                fields=["department", "name_key"],
                name="orgunit_name_unique_per_department",
                violation_error_code="duplicate_name",
                violation_error_message=_(
                    "The department already has an office of this name (capitals and small "
                    "letters count as the same)."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))


class Membership(models.Model):
    """A user's role in one department's workspace. A user may belong to several."""

    Role = MembershipRole

    EDITING_ROLES = EDITING_ROLES
    PARTNER_ROLES = PARTNER_ROLES
    INTERNAL_ROLES = INTERNAL_ROLES

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("workspace"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_(
            "City staff only: the office the person works in. They fill in its status-quo intake."
        ),
    )
    expires_at = models.DateTimeField(
        _("expires at"), null=True, blank=True, help_text=_("Empty means: no expiry.")
    )
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("limited to projects"),
        related_name="partner_memberships",
        blank=True,
        help_text=_("External partners only: empty means the whole workspace."),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited or added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("workspace membership")
        verbose_name_plural = _("workspace memberships")
        ordering = ["department__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="membership_unique_per_workspace"
            ),
            # A role outside the choices would count as internal staff (every role that is
            # not a partner role does): the database refuses it, whatever path writes.
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.department} ({self.get_role_display()})"

    def clean(self):
        """External accounts get access only as partners, city accounts never as partners:
        the rule for every path that saves a membership (services, the admin)."""
        if (
            self.org_unit_id
            and self.department_id
            and self.org_unit.department_id != (self.department_id)
        ):
            raise ValidationError({"org_unit": _("Choose an office of this department.")})
        if not self.user_id or self.role not in self.Role.values:
            return
        if self.role in self.INTERNAL_ROLES and is_external_account(
            self.user, ignore_membership=self.pk
        ):
            raise ValidationError(
                {
                    "role": _(
                        "This is an external partner's account. External partners get access "
                        "only through an invitation, never as members of the administration."
                    )
                }
            )
        if self.role in self.PARTNER_ROLES and is_internal_account(
            self.user, ignore_membership=self.pk
        ):
            raise ValidationError(
                {"role": _("This is a city account; add it as coordinator or staff.")}
            )

    @property
    def is_partner(self) -> bool:
        return self.role in self.PARTNER_ROLES
