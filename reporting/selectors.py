"""Reads of the reporting rounds, always through the rows' read scope."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404

from organisation.models import Department
from projects.models import funding_gap_q
from reporting.models import ProjectSnapshot, ReportingRound


def rounds():
    return ReportingRound.objects.select_related("created_by")


def round_get(pk: int) -> ReportingRound:
    return get_object_or_404(rounds(), pk=pk)


def departments_for(user):
    return Department.objects.visible_to(user).order_by("name")


def round_departments(*, user, round_: ReportingRound) -> list[dict]:
    """The round's figures per department as the reader may see them, in one query."""
    rows = (
        ProjectSnapshot.objects.visible_to(user)
        .filter(round=round_)
        .order_by()
        .values("department_id", "department_name")
        .annotate(
            total=Count("pk"),
            budget_sum=Sum("budget"),
            gap_budget=Sum("budget", filter=funding_gap_q()),
            critical=Count("pk", filter=Q(traffic_light="kritisch")),
            at_risk=Count("pk", filter=Q(traffic_light="gefaehrdet")),
        )
        .order_by("department_name")
    )
    return [
        {
            **row,
            "budget": row["budget_sum"] or Decimal(0),
            "gap_budget": row["gap_budget"] or Decimal(0),
        }
        for row in rows
    ]
