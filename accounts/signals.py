from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import AuditEvent
from accounts.services import audit


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    audit(AuditEvent.Kind.LOGIN, request=request, actor=user, subject=user)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if user is not None:
        audit(AuditEvent.Kind.LOGOUT, request=request, actor=user, subject=user)


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    audit(AuditEvent.Kind.LOGIN_FAILED, request=request, username=credentials.get("username", ""))


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    audit(AuditEvent.Kind.LOCKED_OUT, request=request, username=username or "")
