"""What a dashboard counts: today's projects, or a reporting round's frozen rows.

Both are read under the projects' one read rule (``projects.models.readable``) and have the
same field names (status, financing, budget, traffic light, dates), so the figures count them
with the same expressions; the two differ only in where a project's links to goals and fields
of action are kept and in whether a number can lead to today's project list.
"""

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from projects.models import Project, readable
from reporting.models import ProjectSnapshot, SnapshotLink

GOAL = SnapshotLink.Kind.GOAL
FIELD = SnapshotLink.Kind.FIELD
_THROUGH = {
    GOAL: (Project.goals.through, "goal_id"),
    FIELD: (Project.fields_of_action.through, "fieldofaction_id"),
}


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

    def links(self, kind):
        """The rows' links of ``kind`` as (``target``, ``dept``): the goal or field and the
        project's department (the read rule applied through the join to the project)."""
        through, target = _THROUGH[kind]
        links = readable(
            through.objects.filter(project__archived_at__isnull=True),
            self.user,
            project="id",
            via="project__",
        )
        if self.department is not None:
            links = links.filter(project__department=self.department)
        return links.annotate(target=F(target), dept=F("project__department_id"))

    def unlinked_q(self, kind):
        """The rows with no link of ``kind``."""
        through, _target = _THROUGH[kind]
        return ~Exists(through.objects.filter(project_id=OuterRef("pk")))

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

    @property
    def links_to_lists(self) -> bool:
        return False  # today's list would not show what the round counted


def source_for(*, user, round=None, department=None, today=None):
    """A frozen ``round``'s rows, or today's projects."""
    if round is not None:
        return AtRound(user=user, round=round, department=department)
    return Today(user=user, department=department, today=today)
