from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not. For load balancers and systemd."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(
        request,
        "core/accessibility.html",
        {
            "feedback_contact": settings.ACCESSIBILITY_FEEDBACK_CONTACT,
            "enforcement_body": settings.ACCESSIBILITY_ENFORCEMENT_BODY,
            "reviewed_on": date.fromisoformat(settings.ACCESSIBILITY_REVIEWED_ON),
        },
    )
