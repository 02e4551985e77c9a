import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from access.rights import (
    EXTERNAL_GROUP,
    access_for,
    internal_accounts,
    role_group,
)
from accounts.models import AuditEvent, Invitation, token_digest
from core.http import client_ip
from organisation.models import Membership

logger = logging.getLogger(__name__)


def audit(kind, *, request=None, actor=None, subject=None, username="", department=None,
          detail="") -> AuditEvent:  # fmt: skip
    """Record one event of the audit log."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if not username and subject is not None:
        username = subject.get_username()
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject,
        username=username[:254],
        department=department,
        detail=str(detail)[:500],
        ip_address=client_ip(request),
    )


# --- Workspace members and external partners -------------------------------------------------

INVITATION_LINK_DAYS = 7
DEFAULT_ACCESS_DAYS = 90
MAX_ACCESS_DAYS = 365


def _ensure_can_manage(actor, department) -> None:
    if not access_for(actor).can_manage_members(department.pk):
        raise PermissionDenied(_("Only the coordination of this workspace may do that."))


def _end_of_day(day: date):
    return timezone.make_aware(datetime.combine(day, time.max))


class InvitationMailError(Exception):
    """The invitation mail could not be sent; nothing was saved."""


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    accept_url: str  # known only now: the database keeps the token's digest alone
    mailed: bool


@transaction.atomic
def invitation_create(*, actor, department, email: str, role: str, access_expires_on: date,
                      projects=(), accept_url_builder, send_mail_now: bool = True,
                      request=None) -> NewInvitation:  # fmt: skip
    """Invite an external partner. ``accept_url_builder(token)`` returns the absolute address
    of the acceptance page. With ``send_mail_now`` the link goes out by e-mail, and if the mail
    server cannot take it, :class:`InvitationMailError` is raised and nothing is saved;
    without, the inviter passes the link on themselves."""
    _ensure_can_manage(actor, department)
    if role not in Membership.PARTNER_ROLES:
        raise ValidationError({"role": _("Choose reading or contributing access.")})
    email = email.strip().lower()
    if _city_account_with_address(email) is not None:
        raise ValidationError(
            {
                "email": _(
                    "This address belongs to a city account. Add the person on the members "
                    "page instead; external access is for people outside the administration."
                )
            }
        )
    today = timezone.localdate()
    if access_expires_on <= today:
        raise ValidationError({"access_expires_on": _("The access must end in the future.")})
    if access_expires_on > today + timedelta(days=MAX_ACCESS_DAYS):
        raise ValidationError(
            {"access_expires_on": _("External access may last one year at most.")}
        )
    projects = list(projects)
    if any(p.department_id != department.pk or p.confidential for p in projects):
        raise ValidationError(
            {"projects": _("Choose non-confidential projects of this workspace.")}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        department=department,
        role=role,
        access_expires_on=access_expires_on,
        token_digest=token_digest(token),
        link_expires_at=timezone.now() + timedelta(days=INVITATION_LINK_DAYS),
        invited_by=actor,
    )
    invitation.projects.set(projects)
    accept_url = accept_url_builder(token)
    if send_mail_now:
        _send_invitation(invitation, accept_url=accept_url, inviter=actor)
    detail = f"{invitation.get_role_display()}, bis {access_expires_on:%d.%m.%Y}"
    if not send_mail_now:
        detail += ", Link selbst weitergegeben"
    audit(
        AuditEvent.Kind.INVITATION_SENT,
        request=request,
        actor=actor,
        username=invitation.email,
        department=department,
        detail=detail,
    )
    return NewInvitation(invitation=invitation, accept_url=accept_url, mailed=send_mail_now)


def _send_invitation(invitation: Invitation, *, accept_url: str, inviter) -> None:
    context = {
        "invitation": invitation,
        "accept_url": accept_url,
        "inviter": inviter,
        "link_days": INVITATION_LINK_DAYS,
    }
    try:
        send_mail(
            subject=render_to_string("accounts/mail/invitation_subject.txt", context).strip(),
            message=render_to_string("accounts/mail/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except (OSError, smtplib.SMTPException) as error:  # refused, timed out, rejected
        logger.warning("invitation mail to %s not sent: %s", invitation.email, error)
        raise InvitationMailError from error


def _city_account_with_address(email: str):
    """A city (not external) account that goes by this e-mail address, as user name or
    address: such a person is added as a member, never invited as a partner."""
    User = get_user_model()
    matching = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
    return internal_accounts(matching).first()


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a link belongs to, or None (used, withdrawn, expired, unknown)."""
    return (
        Invitation.objects.open()
        .select_related("department")
        .filter(token_digest=token_digest(token))
        .first()
    )


def account_for_invitation(invitation: Invitation):
    """The account that already goes by the invitation's address, if any."""
    User = get_user_model()
    email = invitation.email
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()


def _open_invitation(token: str) -> Invitation:
    invitation = invitation_for_token(token)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation is None or invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link is no longer valid."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, first_name: str, last_name: str, password: str,
                      request=None):  # fmt: skip
    """Turn an invitation into a new account with a membership; the link works once. An
    address that has an account already is accepted with that account's own password
    (:func:`invitation_accept_existing`): whoever holds a link never sets a password on an
    existing account."""
    invitation = _open_invitation(token)
    if account_for_invitation(invitation) is not None:
        raise ValidationError(
            _("There is an account with this address already. Accept with its password.")
        )
    User = get_user_model()
    user = User(username=invitation.email, email=invitation.email)
    user.first_name, user.last_name = first_name, last_name
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(role_group(EXTERNAL_GROUP))  # external for good, whatever happens later
    return user, _accepted(invitation, user, request=request)


def invitation_accept_existing(*, token: str, password: str, request=None):
    """An external partner who has an account already accepts a further invitation with
    their own password; a wrong one counts as a failed login (and towards the lock)."""
    invitation = invitation_for_token(token)
    user = account_for_invitation(invitation) if invitation is not None else None
    if user is None:
        raise ValidationError(_("This invitation link is no longer valid."))
    if _city_account_with_address(invitation.email) is not None:
        raise ValidationError(_("This address belongs to a city account. Log in with it instead."))
    # Outside the transaction below: the failed attempt must be recorded even though nothing
    # else is written.
    if authenticate(request, username=user.get_username(), password=password) is None:
        raise ValidationError({"password": _("The password is not right.")})
    with transaction.atomic():
        invitation = _open_invitation(token)
        return user, _accepted(invitation, user, request=request)


def _accepted(invitation: Invitation, user, *, request=None) -> Invitation:
    """Give ``user`` the invitation's access and use up the link."""
    membership, _created = Membership.objects.update_or_create(
        user=user,
        department=invitation.department,
        defaults={
            "role": invitation.role,
            "expires_at": _end_of_day(invitation.access_expires_on),
            "invited_by": invitation.invited_by,
        },
    )
    membership.projects.set(invitation.projects.all())
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit(
        AuditEvent.Kind.INVITATION_ACCEPTED,
        request=request,
        actor=user,
        subject=user,
        department=invitation.department,
    )
    return invitation


@transaction.atomic
def membership_revoke(*, actor, membership: Membership, request=None) -> Membership:
    """End a partner's (or member's) access now. Their next request finds no access."""
    _ensure_can_manage(actor, membership.department)
    if membership.expires_at is not None and membership.expires_at <= timezone.now():
        raise ValidationError(_("This access has already ended."))
    membership.expires_at = timezone.now()
    membership._history_user = actor
    membership.save(update_fields=["expires_at"])
    audit(
        AuditEvent.Kind.ACCESS_REVOKED,
        request=request,
        actor=actor,
        subject=membership.user,
        department=membership.department,
        detail=membership.get_role_display(),
    )
    return membership


def _find_internal_user(identifier: str):
    User = get_user_model()
    identifier = identifier.strip()
    matching = User.objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True
    )
    user = internal_accounts(matching).first()
    if user is None:  # the same answer for unknown and external accounts: neither is said
        raise ValidationError(
            {
                "user": _(
                    "There is no city account with this user name or e-mail address. "
                    "External partners are invited, not added."
                )
            }
        )
    return user


@transaction.atomic
def membership_add(*, actor, department, identifier: str, role: str, request=None) -> Membership:
    """Add an existing internal account to a workspace as coordinator or staff."""
    _ensure_can_manage(actor, department)
    if role not in Membership.INTERNAL_ROLES:
        raise ValidationError({"role": _("External partners are invited, not added.")})
    user = _find_internal_user(identifier)
    if Membership.objects.filter(user=user, department=department).exists():
        raise ValidationError({"user": _("This person is already a member of the workspace.")})
    membership = Membership(user=user, department=department, role=role, invited_by=actor)
    membership.full_clean()
    membership._history_user = actor
    membership.save()
    audit(AuditEvent.Kind.MEMBER_ADDED, request=request, actor=actor, subject=user,
          department=department, detail=membership.get_role_display())  # fmt: skip
    return membership


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str, request=None):
    """Coordinator ↔ staff, or reading ↔ contributing partner (keeping the partner's expiry);
    anything else, including a value outside the choices, is refused."""
    _ensure_can_manage(actor, membership.department)
    allowed = Membership.PARTNER_ROLES if membership.is_partner else Membership.INTERNAL_ROLES
    if role not in allowed:
        raise ValidationError(
            {
                "role": _("Choose one of: %(roles)s.")
                % {
                    "roles": ", ".join(
                        str(label) for value, label in Membership.Role.choices if value in allowed
                    )
                }
            }
        )
    old = membership.get_role_display()
    membership.role = role
    membership.full_clean()
    membership._history_user = actor
    membership.save(update_fields=["role"])
    audit(AuditEvent.Kind.ROLE_CHANGED, request=request, actor=actor, subject=membership.user,
          department=membership.department,
          detail=f"{old} → {membership.get_role_display()}")  # fmt: skip
    return membership


@transaction.atomic
def membership_set_office(*, actor, membership: Membership, office_id, request=None):
    """The office a city employee works in (they fill in its status-quo intake); empty for
    none. Partners have no office of the city."""
    _ensure_can_manage(actor, membership.department)
    if membership.is_partner:
        raise ValidationError({"org_unit": _("External partners work in no office of the city.")})
    office = None
    if office_id not in (None, ""):
        office = membership.department.units.filter(
            pk=int(office_id) if str(office_id).isdigit() else None
        ).first()
        if office is None:
            raise ValidationError({"org_unit": _("Choose an office of this department.")})
    if membership.org_unit_id == getattr(office, "pk", None):
        return membership
    membership.org_unit = office
    membership.full_clean()
    membership._history_user = actor
    membership.save(update_fields=["org_unit"])
    audit(AuditEvent.Kind.OFFICE_CHANGED, request=request, actor=actor,
          subject=membership.user, department=membership.department,
          detail=str(office or "–"))  # fmt: skip
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership, request=None) -> None:
    _ensure_can_manage(actor, membership.department)
    audit(AuditEvent.Kind.MEMBER_REMOVED, request=request, actor=actor, subject=membership.user,
          department=membership.department, detail=membership.get_role_display())  # fmt: skip
    membership._history_user = actor
    membership.delete()
