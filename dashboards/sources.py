"""What a dashboard counts: today's projects, or a reporting round's frozen rows.

Both are read under the projects' one read rule (``projects.models.readable``) and have the
same field names (status, financing, budget, traffic light, dates), so the figures count them
with the same expressions; the two differ only in where a project's links to goals and fields
of action are kept (``linked``) and in whether a number can lead to today's project list.
"""

from django.db.models import Count, Exists, F, OuterRef
from django.utils import timezone

from projects.models import Project
from reporting.models import ProjectSnapshot, SnapshotLink

GOAL = SnapshotLink.Kind.GOAL
FIELD = SnapshotLink.Kind.FIELD
_RELATION = {GOAL: "goals", FIELD: "fields_of_action"}


class Today:
    """The current (not archived) projects the reader may see."""

    round = None

    def __init__(self, *, user, department=None, today=None):
        self.user = user
        self.department = department
        self.today = today or timezone.localdate()
        self.rows = Project.objects.visible_to(user).active()
        if department is not None:
            self.rows = self.rows.filter(department=department)
        self._linked = {}

    def linked(self, kind) -> dict[tuple, int]:
        """How many rows of each department link to each goal or field of action:
        (department, target) → number, with target None for the rows linking to none. One
        grouped query from the projects' covering index to the links (kept for the request:
        several panels ask)."""
        if kind not in self._linked:
            grouped = (
                self.rows.order_by()
                .values_list("department", _RELATION[kind])
                .annotate(n=Count("pk"))
            )
            self._linked[kind] = {(department, target): n for department, target, n in grouped}
        return self._linked[kind]

    @property
    def links_to_lists(self) -> bool:
        """A number can lead to the project list that makes it up."""
        return True


class AtRound:
    """A frozen reporting round's rows the reader may see (today's read rule on the frozen
    department and confidentiality), counted at the round's reference date."""

    def __init__(self, *, user, round, department=None):
        self.user = user
        self.round = round
        self.today = round.reference_date
        self.rows = ProjectSnapshot.objects.visible_to(user).filter(round=round)
        self._links = SnapshotLink.objects.visible_to(user).filter(round=round)
        if department is not None:
            self.rows = self.rows.filter(department=department)
            self._links = self._links.filter(department=department)
        self._linked = {}

    def links(self, kind):
        return self._links.filter(kind=kind).annotate(
            target=F("target_id"), dept=F("department_id")
        )

    def unlinked_q(self, kind):
        return ~Exists(
            SnapshotLink.objects.filter(
                round=self.round, kind=kind, project_id=OuterRef("project_id")
            )
        )

    def linked(self, kind) -> dict[tuple, int]:
        """As :meth:`Today.linked`, from the round's frozen links and rows."""
        if kind not in self._linked:
            counts = {
                (department, target): n
                for department, target, n in self.links(kind)
                .values_list("dept", "target")
                .annotate(n=Count("pk"))
                .order_by()
            }
            for department, n in (
                self.rows.filter(self.unlinked_q(kind))
                .order_by()
                .values_list("department")
                .annotate(n=Count("pk"))
            ):
                counts[department, None] = n
            self._linked[kind] = counts
        return self._linked[kind]

    @property
    def links_to_lists(self) -> bool:
        return False  # today's list would not show what the round counted


def source_for(*, user, round=None, department=None, today=None):
    """A frozen ``round``'s rows, or today's projects."""
    if round is not None:
        return AtRound(user=user, round=round, department=department)
    return Today(user=user, department=department, today=today)
