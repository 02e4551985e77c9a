"""The audit log: logins, failed logins and changes of access (invitations, revocations,
role changes). Changes to the content itself are in each object's history."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisation.models import Membership


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_fehlgeschlagen", _("Failed login")
        LOGOUT = "logout", _("Logout")
        LOCKED_OUT = "gesperrt", _("Locked out after failed logins")
        INVITATION_SENT = "einladung", _("Invitation sent")
        INVITATION_ACCEPTED = "einladung_angenommen", _("Invitation accepted")
        ACCESS_REVOKED = "zugang_entzogen", _("Access revoked")
        MEMBER_ADDED = "mitglied_hinzugefuegt", _("Member added")
        ROLE_CHANGED = "rolle_geaendert", _("Role changed")
        OFFICE_CHANGED = "amt_geaendert", _("Office changed")
        MEMBER_REMOVED = "mitglied_entfernt", _("Member removed")

    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concerning"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("user name given"), max_length=254, blank=True)
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("workspace"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%d.%m.%Y %H:%M} {self.get_kind_display()} {self.username}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not yet used, not withdrawn, link still valid."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, link_expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An invitation of an external partner to one workspace, or to chosen projects in it.
    The e-mailed link carries a random token; only its SHA-256 digest is stored."""

    ROLES = [
        (Membership.Role.PARTNER_READER, Membership.Role.PARTNER_READER.label),
        (Membership.Role.PARTNER_CONTRIBUTOR, Membership.Role.PARTNER_CONTRIBUTOR.label),
    ]

    email = models.EmailField(_("e-mail address"))
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("workspace"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    projects = models.ManyToManyField(
        "projects.Project",
        verbose_name=_("limited to projects"),
        related_name="invitations",
        blank=True,
    )
    access_expires_on = models.DateField(_("access until"))
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    link_expires_at = models.DateTimeField(_("link valid until"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=sorted(Membership.PARTNER_ROLES)),
                name="invitation_role_is_a_partner_role",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.department}"
