"""Reads of the needs register, always through the reader's scope: lists, the city-wide
overview, a need with its projects (only those the reader sees) and its history. Every page
does a fixed number of queries, however many needs there are."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from access.rights import access_for
from access.scope import may_edit
from core.history import history_entries
from needs import services
from needs.filters import WITHOUT_OFFERING, NeedFilter
from needs.models import Category, Need, Severity
from offerings.models import Offering
from offerings.services import sees_offerings
from projects.models import Project

SEVERITIES_DESCENDING = list(reversed(Severity.choices))


def need_filter(*, user, params, department=None) -> NeedFilter:
    """The filtered register the user may see, of one workspace or city-wide."""
    queryset = Need.objects.visible_to(user).for_list()
    if department is not None:
        queryset = queryset.filter(department=department)
    return NeedFilter(params, queryset=queryset, user=user, department=department)


def need_get(*, user, pk: int) -> Need:
    """One need the user may see; anything else is 404."""
    return get_object_or_404(
        Need.objects.visible_to(user).select_related(
            "department", "owner", "offering", "workshop__cohort", "created_by"
        ),
        pk=pk,
    )


def need_get_for_edit(*, user, pk: int) -> Need:
    """A need the user may change: 404 if unseen, 403 (PermissionDenied) if only readable."""
    need = need_get(user=user, pk=pk)
    if not may_edit(user, need):
        raise PermissionDenied
    return need


def need_page(*, user, need: Need) -> dict:
    """What a need's page shows: the projects the reader may see (never a confidential one
    of another department), the offering (not for external partners), the history."""
    access = access_for(user)
    projects = (
        Project.objects.visible_to(user)
        .filter(needs=need)
        .select_related("department")
        .order_by("title")
    )
    return {
        "need": need,
        "projects": projects,
        "shows_offering": sees_offerings(user),
        "can_edit": may_edit(user, need),
        "history": history_entries(need, limit=10) if access.sees_history else None,
    }


def _grouped(rows, key) -> dict:
    """{group: {severity: count}} from ``values(key, "severity").annotate(n)`` rows."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[key], {})[row["severity"]] = row["n"]
    return groups


def _row(label, counts: dict, *, category, offering) -> dict:
    """One group's counts, with the filter values its links set (the other group's filter
    stays as it is)."""
    return {
        "label": label,
        "category": category or None,
        "offering": offering or None,
        "total": sum(counts.values()),
        "cells": [(value, label, counts.get(value, 0)) for value, label in SEVERITIES_DESCENDING],
    }


def overview(*, user, need_filter: NeedFilter) -> dict:
    """The city-wide overview of the filtered needs, by category and by offering, with the
    number per severity: two queries (and one for the offerings' titles), whatever the
    number of needs."""
    needs = need_filter.qs.order_by()
    chosen = need_filter.data
    by_category = _grouped(needs.values("category", "severity").annotate(n=Count("pk")), "category")
    categories = [
        _row(label, by_category[value], category=value, offering=chosen.get("offering"))
        for value, label in Category.choices
        if value in by_category
    ]
    offerings = []
    if sees_offerings(user):
        by_offering = _grouped(
            needs.values("offering", "severity").annotate(n=Count("pk")), "offering"
        )
        titles = Offering.objects.visible_to(user).filter(pk__in=[pk for pk in by_offering if pk])
        category = chosen.get("category")
        for offering in titles.order_by("title").only("pk", "slug", "title"):
            counts = by_offering[offering.pk]
            offerings.append(
                _row(offering.title, counts, category=category, offering=offering.slug)
            )
        if None in by_offering:
            without = _("without an offering")
            offerings.append(
                _row(without, by_offering[None], category=category, offering=WITHOUT_OFFERING)
            )
    return {
        "by_category": categories,
        "by_offering": offerings,
        "severities": SEVERITIES_DESCENDING,
        "total": sum(row["total"] for row in categories),
    }


def workspace_needs(*, user, department) -> dict:
    """A workspace's open needs by category, for its overview page (one query)."""
    rows = (
        Need.objects.visible_to(user)
        .open()
        .filter(department=department)
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
    )
    counts = {row["category"]: row["n"] for row in rows}
    return {
        "by_category": [
            (value, label, counts[value]) for value, label in Category.choices if value in counts
        ],
        "open_total": sum(counts.values()),
        "can_create": access_for(user).can_edit_department(department.pk),
    }


def form_choices(*, user, department) -> dict:
    """The choices of the need form: what the user may link a need of ``department`` to."""
    return {
        name: services.offered(name, actor=user, department=department)
        for name in ("projects", "offering", "workshop", "owner")
    }
