from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from access.decorators import central_required
from accounts.models import AuditEvent


@central_required
def audit_log(request):
    """Logins, failed logins, invitations, revocations and role changes (RDS and admin)."""
    events = AuditEvent.objects.select_related("actor", "subject", "department")
    kind = request.GET.get("kind", "")
    if kind in AuditEvent.Kind.values:
        events = events.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(
            Q(username__icontains=query)
            | Q(actor__username__icontains=query)
            | Q(detail__icontains=query)
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {"page": page, "kinds": AuditEvent.Kind.choices, "kind": kind, "query": query},
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """What django-axes shows when a user name is locked after failed logins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
