"""Reads for the pages that summarise the workspaces: the start page, the list of departments
and a workspace's overview. Every count goes through the projects' read scope."""

from django.db.models import Count, F, Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from access.rights import access_for
from agenda.models import Agenda
from intake.models import DepartmentIntake, IntakeState, Response, ResponseState
from organisation.models import Department, Membership, OrgUnit
from projects.models import (
    FINISHED_STATUSES,
    Project,
    Reporting,
    TrafficLight,
    reporting_q,
    stale_q,
)
from projects.selectors import my_projects
from synergies.models import Synergy


def home_summary(*, user) -> dict:
    """The start page: what the user may do, their own workspaces and what needs attention in
    them. City-wide figures only for those with city-wide views (central unit, leadership)."""
    access = access_for(user)
    visible = Project.objects.visible_to(user).active()
    own_workspaces = (
        Department.objects.visible_to(user)
        .filter(pk__in=access.member_department_ids)
        .annotate(
            project_count=Count("projects", filter=Q(projects__in=visible)),
            stale_count=Count(
                "projects", filter=Q(projects__in=visible) & stale_q(prefix="projects__")
            ),
        )
        .order_by("name")
    )
    city_counts = None
    if access.is_central or access.is_leadership:
        city_counts = visible.aggregate(
            total=Count("pk"),
            projects=Count("pk", filter=Q(kind=Project.Kind.PROJECT)),
            processes=Count("pk", filter=Q(kind=Project.Kind.PROCESS)),
        )
    memberships = (
        Membership.objects.active()
        .filter(user=user)
        .select_related("department")
        .prefetch_related("projects")
        .order_by("department__name")
    )
    return {
        "agenda": Agenda.objects.active().first(),
        "own_workspaces": own_workspaces,
        "city_counts": city_counts,
        "rights": rights_of(access, list(memberships)),
        "recent_updates": (
            visible.filter(last_reported_on__isnull=False)
            .for_list()
            .order_by("-last_reported_on", "-pk")[:8]
        ),
    }


def rights_of(access, memberships: list[Membership]) -> list[str]:
    """What the user may do, in their own words: one sentence per role they hold."""
    if access.is_admin:
        return [
            _(
                "You administer the app: every workspace, the administration pages, "
                "imports and exports."
            )
        ]
    if access.is_rds:
        return [
            _(
                "As the Referat Digitale Stadt you read and edit the workspaces of all "
                "departments, confidential projects included, and manage members, external "
                "accounts and imports."
            )
        ]
    sentences = []
    if access.is_leadership:
        sentences.append(
            _(
                "You read all workspaces and overviews (projects that are not confidential) and "
                "change nothing."
            )
        )
    for membership in memberships:
        values = {"name": membership.department.name}
        if membership.role == Membership.Role.COORDINATOR:
            sentences.append(
                _(
                    "You coordinate the workspace “%(name)s”: you edit its projects and manage "
                    "its members and external partners."
                )
                % values
            )
        elif membership.role == Membership.Role.STAFF:
            sentences.append(
                _(
                    "In the workspace “%(name)s” you edit the projects, processes and status "
                    "updates."
                )
                % values
            )
        else:
            values["date"] = formats.date_format(membership.expires_at, "SHORT_DATE_FORMAT")
            if membership.role == Membership.Role.PARTNER_READER:
                sentence = (
                    _("You are invited to read in the workspace “%(name)s” until %(date)s.")
                    % values
                )
            else:
                sentence = (
                    _(
                        "You are invited to contribute in the workspace “%(name)s” until "
                        "%(date)s: you edit its projects and add status updates."
                    )
                    % values
                )
            chosen = [project.title for project in membership.projects.all()]
            if chosen:
                sentence += " " + _("Only these projects: %(titles)s.") % {
                    "titles": ", ".join(chosen)
                }
            sentences.append(sentence)
    if access.internal_department_ids and not access.is_leadership:
        sentences.append(
            _("You can read the projects of the other departments that are not confidential.")
        )
    if not sentences:
        sentences.append(
            _(
                "You are not a member of a department's workspace yet. You can read the "
                "projects of all departments that are not confidential; the coordination of a "
                "department can add you to its workspace."
            )
        )
    return sentences


def department_list(*, user):
    """Departments the user may see, with their offices and the number of visible projects."""
    visible = Project.objects.visible_to(user).active()
    return (
        Department.objects.visible_to(user)
        .annotate(
            project_count=Count(
                "projects", filter=Q(projects__in=visible, projects__kind=Project.Kind.PROJECT)
            ),
            process_count=Count(
                "projects", filter=Q(projects__in=visible, projects__kind=Project.Kind.PROCESS)
            ),
        )
        .prefetch_related(Prefetch("units", queryset=OrgUnit.objects.order_by("name")))
        .order_by("name")
    )


NEEDS_ME_LISTED = 10


def needs_me(*, user, today=None) -> dict:
    """What needs the user, for their start page: their projects due for a status update and
    the critical ones (as a contact, see ``projects.selectors.contact_q``), the intake
    responses of their office still to fill in, and the reviews and decisions that wait for
    them (the central unit: submitted intakes and proposed links across departments; a
    coordinator: proposed links within their workspace). Each list holds at most
    ``NEEDS_ME_LISTED`` entries with its full count; a fixed number of queries."""
    today = today or timezone.localdate()
    access = access_for(user)
    mine = my_projects(user=user).select_related("department")
    silent = Q()
    for band in (Reporting.DUE, Reporting.OVERDUE, Reporting.STALE):
        silent |= reporting_q(band, today)
    due = mine.filter(silent).order_by(F("last_reported_on").asc(nulls_first=True), "title")
    critical = (
        mine.filter(traffic_light=TrafficLight.CRITICAL)
        .exclude(status__in=FINISHED_STATUSES)
        .order_by("title")
    )
    offices = [office for department, office in access.offices.items()
               if department in access.internal_department_ids]  # fmt: skip
    responses = (
        Response.objects.visible_to(user)
        .filter(
            unit__in=offices,
            intake__state__in=[IntakeState.OPEN, IntakeState.CHANGES_REQUESTED],
        )
        .exclude(state=ResponseState.SUBMITTED)
        .select_related("unit", "intake__round")
        .order_by("intake__round__deadline", "pk")
    )
    reviews = DepartmentIntake.objects.none()
    decisions = Synergy.objects.none()
    if access.is_central:
        reviews = (
            DepartmentIntake.objects.filter(state=IntakeState.SUBMITTED)
            .select_related("department", "round")
            .order_by("round__deadline", "pk")
        )
        decisions = Synergy.objects.visible_to(user).exclude(
            source__department=F("target__department")
        )
    elif access.coordinated_department_ids:
        decisions = Synergy.objects.visible_to(user).filter(
            source__department=F("target__department"),
            source__department__in=access.coordinated_department_ids,
        )
    decisions = (
        decisions.filter(status=Synergy.Status.PROPOSED)
        .select_related("source", "target")
        .order_by("-pk")
    )

    def listed(queryset) -> dict:
        return {"items": list(queryset[:NEEDS_ME_LISTED]), "count": queryset.count()}

    lists = {
        "due": listed(due),
        "critical": listed(critical),
        "responses": listed(responses),
        "reviews": listed(reviews),
        "decisions": listed(decisions),
    }
    lists["anything"] = any(item["count"] for item in lists.values())
    return lists
