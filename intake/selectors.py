"""Reads of the status-quo intake, always within the reader's scope."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from access.rights import access_for
from intake.models import DepartmentIntake, Response, Round

ResponseState = Response.State


def rounds_visible_to(user):
    """Rounds in which the user sees at least one department's intake."""
    intakes = DepartmentIntake.objects.visible_to(user)
    return Round.objects.filter(pk__in=intakes.values("round")).select_related(
        "version__questionnaire"
    )


def overview(*, user) -> dict:
    """The intake's start page: the rounds the user takes part in (with each department's
    state and how many offices have submitted) and the responses waiting for the user."""
    intakes = (
        DepartmentIntake.objects.visible_to(user)
        .select_related("department")
        .annotate(
            offices=Count("responses"),
            submitted=Count("responses", filter=Q(responses__state=ResponseState.SUBMITTED)),
        )
        .order_by("department__name")
    )
    rounds = list(rounds_visible_to(user).prefetch_related(Prefetch("intakes", queryset=intakes)))
    mine = (
        Response.objects.editable_by(user)
        .exclude(state=ResponseState.SUBMITTED)
        .filter(
            intake__state__in=[
                DepartmentIntake.State.OPEN,
                DepartmentIntake.State.CHANGES_REQUESTED,
            ]
        )
        .select_related("unit", "intake__department", "intake__round")
        .order_by("intake__round__deadline", "unit__name")
    )
    access = access_for(user)
    if access.is_central:
        mine = mine.none()  # RDS sees every office in the rounds, not as a to-do list
    return {
        "rounds": rounds,
        "my_responses": list(mine),
        "today": timezone.localdate(),
        "can_manage": access.is_central,
    }


def round_get(*, user, pk) -> Round:
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def intake_get(*, user, pk) -> DepartmentIntake:
    return get_object_or_404(
        DepartmentIntake.objects.visible_to(user).select_related(
            "department", "round__version__questionnaire"
        ),
        pk=pk,
    )


def response_get(*, user, pk) -> Response:
    return get_object_or_404(
        Response.objects.visible_to(user).select_related(
            "unit", "intake__department", "intake__round__version__questionnaire", "updated_by"
        ),
        pk=pk,
    )
