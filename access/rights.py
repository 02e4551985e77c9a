"""Who a user is in the app: their city-wide role (a group) and their workspace memberships.

This is the single place that turns an account into rights. Every queryset scope
(``visible_to`` / ``editable_by``, see :mod:`access.scope`) and every service asks
:func:`access_for`, which reads the user's groups and memberships once per request and caches
them on the user object.

The access layer sits below the models: ``organisation.models`` imports the roles from here,
and this module imports no model of a feature app. It reads a user's memberships through the
user's ``memberships`` relation (declared by ``organisation.Membership``).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    """A user's role in one department's workspace (``organisation.Membership.role``)."""

    COORDINATOR = "koordination", _("Coordinator")
    STAFF = "mitarbeit", _("Staff")
    PARTNER_READER = "partner_lesen", _("External partner (read)")
    PARTNER_CONTRIBUTOR = "partner_mitarbeit", _("External partner (contribute)")


EDITING_ROLES = frozenset(
    {MembershipRole.COORDINATOR, MembershipRole.STAFF, MembershipRole.PARTNER_CONTRIBUTOR}
)
PARTNER_ROLES = frozenset({MembershipRole.PARTNER_READER, MembershipRole.PARTNER_CONTRIBUTOR})
INTERNAL_ROLES = frozenset({MembershipRole.COORDINATOR, MembershipRole.STAFF})

ADMIN_GROUP = "Administration"
RDS_GROUP = "Referat Digitale Stadt"
LEADERSHIP_GROUP = "Leitung"
CITY_WIDE_GROUPS = (ADMIN_GROUP, RDS_GROUP, LEADERSHIP_GROUP)
# Not a role but a mark: the account came in through an invitation. It stays external when
# its invitations expire or its memberships are removed, so it can never be added as staff.
EXTERNAL_GROUP = "Externe Partner"

_CACHE_ATTR = "_workspace_access"


@dataclass(frozen=True)
class Access:
    authenticated: bool = False
    is_admin: bool = False
    is_rds: bool = False
    is_leadership: bool = False
    # department id -> membership role, active memberships only
    memberships: dict[int, str] = field(default_factory=dict)
    # department id -> the projects a partner was invited to (absent: the whole workspace)
    partner_projects: dict[int, frozenset[int]] = field(default_factory=dict)
    # Invited as an external partner at some time (also when every invitation has expired).
    external: bool = False
    # department id -> the office (OrgUnit id) a staff member works in, where one is set
    offices: dict[int, int] = field(default_factory=dict)

    @property
    def internal_department_ids(self) -> frozenset[int]:
        """Departments the user belongs to as city staff (coordinator or staff)."""
        return frozenset(dep for dep, role in self.memberships.items() if role not in PARTNER_ROLES)

    @property
    def partner_department_ids(self) -> frozenset[int]:
        return frozenset(dep for dep, role in self.memberships.items() if role in PARTNER_ROLES)

    @property
    def partner_whole_department_ids(self) -> frozenset[int]:
        """Workspaces a partner was invited to as a whole (not to chosen projects only)."""
        return self.partner_department_ids - frozenset(self.partner_projects)

    @property
    def partner_project_ids(self) -> frozenset[int]:
        return frozenset().union(*self.partner_projects.values())

    @property
    def coordinated_department_ids(self) -> frozenset[int]:
        """Workspaces the user coordinates (Koordination)."""
        return frozenset(
            dep for dep, role in self.memberships.items() if role == MembershipRole.COORDINATOR
        )

    @property
    def contributing_whole_department_ids(self) -> frozenset[int]:
        """Workspaces a partner was invited to as a whole, as a contributor."""
        return frozenset(
            dep
            for dep in self.partner_whole_department_ids
            if self.memberships[dep] == MembershipRole.PARTNER_CONTRIBUTOR
        )

    @property
    def member_department_ids(self) -> frozenset[int]:
        return frozenset(self.memberships)

    @property
    def is_partner_only(self) -> bool:
        """An external account: invited to workspaces, and nothing else."""
        return (
            self.authenticated
            and not (self.is_admin or self.is_rds or self.is_leadership)
            and not self.internal_department_ids
            and (bool(self.partner_department_ids) or self.external)
        )

    @property
    def sees_all_departments(self) -> bool:
        return self.authenticated and not self.is_partner_only

    @property
    def is_central(self) -> bool:
        """The Referat Digitale Stadt or the administration: every workspace, the central
        pages (external accounts, audit log, import and export)."""
        return self.is_admin or self.is_rds

    @property
    def sees_all_confidential(self) -> bool:
        return self.is_central

    def sees_confidential_of(self, department_id: int) -> bool:
        """Confidential projects are for their own department's staff and the central unit."""
        return self.sees_all_confidential or department_id in self.internal_department_ids

    def may_read(self, project) -> bool:
        """The read rule of ``projects.models.readable`` for one project in hand (its id,
        department and confidentiality as read from the database), without a query."""
        if not self.authenticated:
            return False
        if self.is_partner_only:
            return not project.confidential and (
                project.department_id in self.partner_whole_department_ids
                or project.pk in self.partner_project_ids
            )
        return not project.confidential or self.sees_confidential_of(project.department_id)

    @property
    def sees_history(self) -> bool:
        """External partners follow status updates, not the record of every change."""
        return self.authenticated and not self.is_partner_only

    @property
    def edits_everything(self) -> bool:
        return self.is_central

    @property
    def editable_department_ids(self) -> frozenset[int]:
        """Workspaces in which the user may create and edit projects. A partner invited to
        chosen projects only edits those (see ``editable_project_ids``) and creates none."""
        return frozenset(
            dep
            for dep, role in self.memberships.items()
            if role in EDITING_ROLES and dep not in self.partner_projects
        )

    @property
    def editable_project_ids(self) -> frozenset[int]:
        """Projects a contributing partner was invited to one by one."""
        return frozenset().union(
            *(
                ids
                for dep, ids in self.partner_projects.items()
                if self.memberships.get(dep) == MembershipRole.PARTNER_CONTRIBUTOR
            )
        )

    def can_manage_members(self, department_id: int) -> bool:
        """Coordinators manage their workspace's members and invitations; RDS all."""
        return self.edits_everything or department_id in self.coordinated_department_ids

    def can_edit_department(self, department_id: int | None) -> bool:
        """May add or change entries of this workspace (None: of no workspace, central only).
        The workspace half of ``access.scope.may_edit``; an import asks it for every row."""
        return self.edits_everything or department_id in self.editable_department_ids

    @property
    def role_label(self) -> str:
        """The role shown next to the user's name in the header."""
        if self.is_admin:
            return _("Administration")
        if self.is_rds:
            return _("Referat Digitale Stadt")
        if self.is_leadership:
            return _("Leadership (read only)")
        roles = set(self.memberships.values())
        if MembershipRole.COORDINATOR in roles:
            return _("Coordination")
        if MembershipRole.STAFF in roles:
            return _("Staff")
        if roles or self.external:
            return _("External partner")
        return _("Reader")


ANONYMOUS = Access()


def access_for(user) -> Access:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    groups = set(user.groups.values_list("name", flat=True))
    rows = list(user.memberships.active().values_list("department_id", "role", "org_unit_id"))
    memberships = {department: role for department, role, _office in rows}
    offices = {
        department: office
        for department, role, office in rows
        if office is not None and role in INTERNAL_ROLES
    }
    is_admin = user.is_superuser or ADMIN_GROUP in groups
    is_rds = RDS_GROUP in groups
    is_leadership = LEADERSHIP_GROUP in groups
    external = EXTERNAL_GROUP in groups or any(
        role in PARTNER_ROLES for role in memberships.values()
    )
    if not (external or is_admin or is_rds or is_leadership or memberships):
        # A partner whose invitations have all expired stays external: they see nothing,
        # rather than falling back to what an internal account without a role may read.
        external = user.memberships.filter(role__in=PARTNER_ROLES).exists()
    partner_projects: dict[int, frozenset[int]] = {}
    if any(role in PARTNER_ROLES for role in memberships.values()):
        limited: dict[int, set[int]] = {}
        rows = user.memberships.filter(
            department__in=list(memberships), projects__isnull=False
        ).values_list("department_id", "projects")
        for department_id, project_id in rows:
            limited.setdefault(department_id, set()).add(project_id)
        partner_projects = {dep: frozenset(ids) for dep, ids in limited.items()}
    access = Access(
        authenticated=True,
        is_admin=is_admin,
        is_rds=is_rds,
        is_leadership=is_leadership,
        memberships=memberships,
        partner_projects=partner_projects,
        external=external,
        offices=offices,
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def is_external_account(user, *, ignore_membership=None) -> bool:
    """Whether the account came in as an external partner: marked at the invitation's
    acceptance, or holding a partner membership (``ignore_membership``: one being edited)."""
    if user.groups.filter(name=EXTERNAL_GROUP).exists():
        return True
    partner = user.memberships.filter(role__in=PARTNER_ROLES)
    if ignore_membership is not None:
        partner = partner.exclude(pk=ignore_membership)
    return partner.exists()


def is_internal_account(user, *, ignore_membership=None) -> bool:
    """Whether the account is city staff: a city-wide role, or a coordinator's or staff
    membership (``ignore_membership``: one being edited)."""
    if user.is_superuser or user.groups.filter(name__in=CITY_WIDE_GROUPS).exists():
        return True
    internal = user.memberships.filter(role__in=INTERNAL_ROLES)
    if ignore_membership is not None:
        internal = internal.exclude(pk=ignore_membership)
    return internal.exists()


def internal_accounts(queryset):
    """``queryset`` of users without the external ones: who may be added to a workspace."""
    return queryset.exclude(groups__name=EXTERNAL_GROUP).exclude(
        memberships__role__in=PARTNER_ROLES
    )


def forget_access(user) -> None:
    """Drop the cached rights, e.g. after a membership changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def role_group(name: str):
    """The group of a city-wide role. A migration creates them; this also restores one that
    was deleted (or flushed by a test run)."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=name)
    return group
