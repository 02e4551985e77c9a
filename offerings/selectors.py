"""Reads of the offerings catalogue and its demand, always within the reader's scope: an
offering's demand counts only the projects, needs and requests the reader may see. Every page
here does a fixed number of queries, however many offerings, projects, needs and requests
there are.

The needs register links its needs to offerings (``Need.offering``, related name ``needs``);
the catalogue reads that demand through the relation rather than importing the needs app,
which builds on this one.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from access.scope import may_edit
from offerings import services
from offerings.filters import OfferingFilter, OfferingRequestFilter
from offerings.models import Offering, OfferingRequest
from organisation.models import Department
from projects import rules as project_rules
from projects.models import Project


def need_model():
    """The needs register's model, as the relation from an offering names it."""
    return Offering.needs.rel.related_model


def _count(queryset, field: str):
    """The number of rows of ``queryset`` per offering (``field`` names the offering), as a
    subquery: one query for the whole list, whatever its length."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _current_projects(user):
    """The projects whose use of an offering is demand: visible to ``user``, not archived."""
    return Project.objects.visible_to(user).filter(archived_at__isnull=True)


def with_demand(offerings, *, user):
    """Each offering with its demand as the reader may see it: projects using it, needs it
    could answer (and how many of them are open), requests (and how many are open)."""
    Need = need_model()
    uses = Offering.projects.through.objects.filter(
        project__in=_current_projects(user).values("pk")
    )
    needs = Need.objects.visible_to(user)
    requests = OfferingRequest.objects.visible_to(user)
    return offerings.annotate(
        project_count=_count(uses, "offering"),
        need_count=_count(needs, "offering"),
        open_need_count=_count(needs.filter(status__in=Need.OPEN_STATUSES), "offering"),
        request_count=_count(requests, "offering"),
        open_request_count=_count(requests.open(), "offering"),
    )


def offerings_visible_to(user):
    return Offering.objects.visible_to(user)


def offering_filter(*, user, params) -> OfferingFilter:
    queryset = with_demand(Offering.objects.visible_to(user), user=user)
    return OfferingFilter(params, queryset=queryset)


def offering_get(*, user, slug: str) -> Offering:
    return get_object_or_404(Offering.objects.visible_to(user), slug=slug)


def offering_demand(*, user, offering: Offering) -> dict:
    """The offering's demand (Nachfrage) as the reader may see it."""
    needs = offering.needs.visible_to(user).select_related("department").by_severity()
    projects = (
        _current_projects(user)
        .filter(offerings=offering)
        .select_related("department")
        .order_by("department__name", "title")
    )
    requests = (
        OfferingRequest.objects.visible_to(user)
        .filter(offering=offering)
        .select_related("department", "requested_by", "answered_by")
        .order_by("department__name", "-created_at", "-pk")
    )
    needs, projects, requests = list(needs), list(projects), list(requests)
    departments = {item.department for item in [*needs, *projects, *requests]}
    return {
        "needs": needs,
        "open_needs": sum(1 for need in needs if need.is_open),
        "projects": projects,
        "requests": requests,
        "open_requests": sum(1 for request in requests if request.is_open),
        "departments": sorted(departments, key=lambda department: department.name),
    }


def request_departments(*, user):
    """The departments ``user`` may ask for offerings on behalf of."""
    if not services.sees_offerings(user):
        return Department.objects.none()
    return Department.objects.editable_by(user).order_by("name")


def request_filter(*, user, params) -> OfferingRequestFilter:
    queryset = OfferingRequest.objects.visible_to(user).select_related(
        "offering", "department", "requested_by"
    )
    return OfferingRequestFilter(params, queryset=queryset, user=user)


def request_get(*, user, pk: int) -> OfferingRequest:
    return get_object_or_404(
        OfferingRequest.objects.visible_to(user).select_related(
            "offering", "department", "requested_by", "answered_by"
        ),
        pk=pk,
    )


def project_offerings(*, user, project, editable: bool | None = None) -> dict | None:
    """The offerings a project uses, for its page; None for readers who do not see
    offerings (external partners). ``choices``: what an editor of the project may add.
    ``editable``: ``may_edit(user, project)`` where the caller has asked it already."""
    if not services.sees_offerings(user):
        return None
    linked = list(Offering.objects.visible_to(user).filter(projects=project).order_by("title"))
    if editable is None:
        editable = may_edit(user, project)
    can_link = editable and not project_rules.project_change_problems(project)
    choices = []
    if can_link:
        choices = list(
            Offering.objects.visible_to(user)
            .exclude(pk__in=[offering.pk for offering in linked])
            .exclude(status=Offering.Status.DISCONTINUED)
            .order_by("title")
            .only("pk", "slug", "title")
        )
    return {"linked": linked, "choices": choices, "can_link": can_link}
