"""What a dashboard counts: today's projects, or a reporting round's frozen rows.

Both are read under the projects' one read rule (``projects.models.readable``) and have the
same field names (status, financing, budget, traffic light, dates), so the figures count them
with the same expressions; the two differ only in where a project's links to goals and fields
of action are kept (``linked``) and in whether a number can lead to today's project list.

Every count is made by department (:meth:`Source.by_department`) and kept in the cache
``dashboards`` for the next reader: counting 50,000 projects and their links takes the
database a third of a second, adding up fifteen departments' counts nothing. For city staff
the read rule comes down, per department, to one of two sets: all its projects, or those not
confidential (also for an external partner invited to the whole workspace); the counts of
each are kept under the department's generation (:class:`dashboards.models.Generation`,
renewed by every write to its projects, see :mod:`dashboards.hooks`) and the day they were
counted for. A round's rows never change: its counts are kept under the round. A partner
invited to chosen projects has a rule of their own there and is counted afresh each time.
"""

from collections import defaultdict

from django.core.cache import caches
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from access.rights import access_for
from dashboards.models import Generation
from organisation.models import Department
from projects.models import Project
from reporting.models import ProjectSnapshot, SnapshotLink

GOAL = SnapshotLink.Kind.GOAL
FIELD = SnapshotLink.Kind.FIELD
_RELATION = {GOAL: "goals", FIELD: "fields_of_action"}
ALL, PUBLIC = "alle", "offen"  # the two sets of a department's projects city staff may read


def cache():
    return caches["dashboards"]


class Source:
    """Rows to count, as ``user`` may see them, of one ``department`` or all. A source says
    what it counts (``base``), where its links are (``_linked``) and under which token each
    department's counts are kept (``tokens``)."""

    def __init__(self, *, user, department=None, departments=None):
        self.user = user
        self.department = department
        self.access = access_for(user)
        self._counted = {}
        self._departments = departments
        self._tokens = None

    def narrowed(self, queryset):
        """``queryset`` (projects, a round's rows or links) as the reader may see it."""
        queryset = queryset.visible_to(self.user)
        if self.department is not None:
            queryset = queryset.filter(department=self.department)
        return queryset

    def by_department(self, name: str, count) -> dict[int, object]:
        """``count(narrow)`` → {department id: value} over the querysets ``narrow`` restricts,
        for each department with rows: counted once per request, and kept by department and
        set where the reader's rule comes down to one (see the module)."""
        if name not in self._counted:
            if not self.access.authenticated:
                self._counted[name] = count(self.narrowed)
            else:
                self._counted[name] = self._kept(name, count)
        return self._counted[name]

    def _set_of(self, department) -> str | None:
        """Which of a department's projects the reader may see: all, those not confidential,
        or (a partner invited to chosen projects) a set of its own, never kept."""
        access = self.access
        if access.is_partner_only:
            return PUBLIC if department in access.partner_whole_department_ids else None
        return ALL if access.sees_confidential_of(department) else PUBLIC

    def _kept(self, name, count) -> dict[int, object]:
        wanted = {}
        if self._tokens is None:  # asked once per request: a reader's page does not write
            self._tokens = self.tokens()
        for department, token in self._tokens.items():
            which = self._set_of(department)
            kept_as = None
            if token and which:
                kept_as = f"dashboards:{name}:{token}:{department}:{which}:{self.today.isoformat()}"
            wanted[department] = (which, kept_as)
        kept = cache().get_many([key for _which, key in wanted.values() if key])
        missing = defaultdict(list)
        result = {}
        for department, (which, key) in wanted.items():
            if key in kept:
                result[department] = kept[key]
            else:
                missing[which].append(department)
        fresh = {}
        for which, departments in missing.items():

            def narrow(queryset, departments=departments, which=which):
                if which is None:  # the reader's own rule
                    return self.narrowed(queryset).filter(department__in=departments)
                queryset = queryset.filter(department__in=departments)
                return queryset if which == ALL else queryset.filter(confidential=False)

            counted = count(narrow)
            for department in departments:
                result[department] = value = counted.get(department, {})
                if key := wanted[department][1]:
                    fresh[key] = value
        if fresh:
            cache().set_many(fresh, timeout=None)
        return {department: value for department, value in result.items() if value}

    def departments(self) -> list[int]:
        """The departments counted: the source's one, or all the reader may open (for city
        staff every department's projects not confidential are readable)."""
        if self.department is not None:
            return [self.department.pk]
        if self.access.is_partner_only:
            return sorted(self.access.member_department_ids)
        if self._departments is None:
            self._departments = list(Department.objects.order_by("pk").values_list("pk", flat=True))
        return self._departments

    def linked(self, kind) -> dict[tuple, int]:
        """How many rows of each department link to each goal or field of action:
        (department, target) → number, with target None for the rows linking to none."""
        by_department = self.by_department(
            f"linked-{kind}", lambda narrow: self._linked(narrow, kind)
        )
        return {
            (department, target): n
            for department, counts in by_department.items()
            for target, n in counts.items()
        }

    @property
    def links_to_lists(self) -> bool:
        """A number can lead to the project list that makes it up."""
        return True


class Today(Source):
    """The current (not archived) projects the reader may see."""

    round = None

    def __init__(self, *, user, department=None, today=None):
        super().__init__(user=user, department=department)
        self.today = today or timezone.localdate()
        self.rows = self.narrowed(Project.objects.active())

    def base(self):
        return Project.objects.active()

    def tokens(self) -> dict[int, str | None]:
        departments = self.departments()
        found = dict(
            Generation.objects.filter(department__in=departments).values_list("department", "token")
        )
        return {department: found.get(department) for department in departments}

    def _linked(self, narrow, kind) -> dict[int, dict]:
        """One grouped query from the projects' covering index to the links."""
        counts = defaultdict(dict)
        for department, target, n in (
            narrow(self.base())
            .order_by()
            .values_list("department", _RELATION[kind])
            .annotate(n=Count("pk"))
        ):
            counts[department][target] = n
        return counts


class AtRound(Source):
    """A frozen reporting round's rows the reader may see (today's read rule on the frozen
    department and confidentiality), counted at the round's reference date."""

    def __init__(self, *, user, round, department=None, departments=None):
        super().__init__(user=user, department=department, departments=departments)
        self.round = round
        self.today = round.reference_date
        self.rows = self.narrowed(self.base())

    def base(self):
        return ProjectSnapshot.objects.filter(round=self.round)

    def tokens(self) -> dict[int, str | None]:
        token = f"runde{self.round.pk}.{self.round.created_at.timestamp()}"
        return dict.fromkeys(self.departments(), token)

    def _linked(self, narrow, kind) -> dict[int, dict]:
        counts = defaultdict(dict)
        links = narrow(SnapshotLink.objects.filter(round=self.round, kind=kind))
        for department, target, n in (
            links.values_list("department", "target_id").annotate(n=Count("pk")).order_by()
        ):
            counts[department][target] = n
        unlinked = ~Exists(
            SnapshotLink.objects.filter(
                round=self.round, kind=kind, project_id=OuterRef("project_id")
            )
        )
        for department, n in (
            narrow(self.base())
            .filter(unlinked)
            .order_by()
            .values_list("department")
            .annotate(n=Count("pk"))
        ):
            counts[department][None] = n
        return counts

    @property
    def links_to_lists(self) -> bool:
        return False  # today's list would not show what the round counted


def source_for(*, user, round=None, department=None, today=None):
    """A frozen ``round``'s rows, or today's projects."""
    if round is not None:
        return AtRound(user=user, round=round, department=department)
    return Today(user=user, department=department, today=today)
