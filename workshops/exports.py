"""A workshop's protocol as the reader may see it, for the print page and the Excel file.

``protocol_for`` reads everything once: the header (cohort, department, part, date, place,
participants and guests), the agenda with its time slots, the minutes (only for those who
may read them before the release, see ``rights.sees_draft_minutes``), decisions, open
questions, projects discussed, the change list, findings, Teil 3's priority list and the
release record. Projects the reader may not see are left out of every list (a finding may
name another department's project). ``protocol_workbook`` writes it with one sheet per part.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.excel import write_workbook
from projects.models import Project
from workshops import rights
from workshops.calendar import agenda_slots
from workshops.models import ChangeField, ChangeItem, Part, ResultItem, Workshop


@dataclass
class Protocol:
    workshop: Workshop
    slots: list  # (agenda item, begins, ends)
    participants: list
    guests: list
    shows_minutes: bool  # False: the draft is not for this reader
    decisions: list
    questions: list
    discussed: list
    changes: list  # ChangeRow
    findings: list  # (ResultItem, [visible project titles])
    priorities: list  # PriorityEntry, Teil 3 only
    is_teil_3: bool = False

    @property
    def minutes(self) -> str:
        return self.workshop.minutes if self.shows_minutes else ""

    @property
    def released(self) -> bool:
        return self.workshop.is_released

    def release_note(self) -> str:
        """The release record ("released on … by …"), or that this is a draft."""
        workshop = self.workshop
        if not workshop.is_released:
            return _("Draft: the minutes have not been released yet.")
        by = workshop.released_by
        return _("Released on %(date)s by %(name)s") % {
            "date": _local(workshop.released_at),
            "name": (by.get_full_name() or by.username) if by else "–",
        }


@dataclass
class ChangeRow:
    item: ChangeItem
    before: str
    after: str


def _local(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _choice_names(model, pks) -> str:
    names = dict(model.objects.filter(pk__in=pks or ()).values_list("pk", _name_field(model)))
    return "; ".join(str(names.get(pk, pk)) for pk in pks or ())


def _name_field(model) -> str:
    return "title" if any(f.name == "title" for f in model._meta.get_fields()) else "name"


def change_label(field_name: str, value) -> str:
    """A change list value as the reader knows it (labels and names, not keys and ids)."""
    if value in (None, "", []):
        return "–"
    if field_name == ChangeField.STATUS:
        return str(Project.Status(value).label) if value in Project.Status.values else str(value)
    if field_name == ChangeField.FINANCING:
        if value in Project.Financing.values:
            return str(Project.Financing(value).label)
        return str(value)
    if field_name in (ChangeField.GOALS, ChangeField.FIELDS):
        return _choice_names(Project._meta.get_field(field_name).related_model, value)
    return str(value)


def protocol_for(workshop: Workshop, user) -> Protocol:
    """The protocol of ``workshop`` (already in the reader's scope) for ``user``."""
    visible = set(
        Project.objects.visible_to(user)
        .filter(department=workshop.department)
        .values_list("pk", flat=True)
    )
    items = list(workshop.findings.prefetch_related("projects"))
    named = {project.pk for item in items for project in item.projects.all()}
    seen = set(Project.objects.visible_to(user).filter(pk__in=named).values_list("pk", flat=True))
    findings = [
        (item, [project.title for project in item.projects.all() if project.pk in seen])
        for item in items
    ]
    changes = [
        ChangeRow(
            item, change_label(item.field, item.previous), change_label(item.field, item.value)
        )
        for item in workshop.changes.select_related("project")
        if item.project_id in visible
    ]
    is_teil_3 = workshop.part == Part.THREE
    return Protocol(
        workshop=workshop,
        slots=agenda_slots(workshop),
        participants=list(workshop.participants.order_by("last_name", "first_name", "username")),
        guests=list(workshop.guests.all()),
        shows_minutes=rights.sees_draft_minutes(user, workshop),
        decisions=list(workshop.decisions.all()),
        questions=list(workshop.open_questions.select_related("owner")),
        discussed=[
            row for row in workshop.discussed.select_related("project") if row.project_id in visible
        ],
        changes=changes,
        findings=findings,
        priorities=[
            entry
            for entry in workshop.priorities.select_related("project")
            if entry.project_id in visible
        ]
        if is_teil_3
        else [],
        is_teil_3=is_teil_3,
    )


def file_name(workshop: Workshop) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    return f"protokoll-staffel-{workshop.cohort.number}-{workshop.department.slug}-teil-{workshop.part}-{stamp}.xlsx"  # noqa: E501


def _time(moment) -> str:
    return f"{moment:%H:%M}" if isinstance(moment, datetime) else ""


def protocol_workbook(protocol: Protocol) -> bytes:
    """One sheet per part of the protocol; texts are written as text (core.excel)."""
    workshop = protocol.workshop
    starts_at = timezone.localtime(workshop.starts_at) if workshop.starts_at else None
    ends_at = timezone.localtime(workshop.ends_at) if workshop.ends_at else None
    overview = [
        (_("Cohort"), str(workshop.cohort)),
        (_("Department"), workshop.department.name),
        (_("Part"), str(workshop.get_part_display())),
        (_("Template"), workshop.template_version.title),
        (_("Begins"), starts_at),
        (_("Ends"), ends_at),
        (_("Place"), workshop.location),
        (_("Video link"), workshop.video_link),
        (_("Status"), str(workshop.get_status_display())),
        (_("Participants"), "; ".join(_name(user) for user in protocol.participants)),
        (
            _("Guests"),
            "; ".join(
                f"{guest.name} ({guest.organisation})" if guest.organisation else guest.name
                for guest in protocol.guests
            ),
        ),
        (_("Minutes"), protocol.release_note()),
    ]
    if protocol.shows_minutes:
        minutes_rows = [(line,) for line in workshop.minutes.splitlines()] or [("",)]
    else:
        minutes_rows = [(_("The minutes have not been released yet."),)]
    sheets = [
        (_("Workshop"), [_("Field"), _("Value")], [(label, value or "") for label, value in overview]),  # noqa: E501
        (
            _("Agenda"),
            [_("Begins"), _("Ends"), _("Item"), _("Method"), _("Minutes (duration)")],
            [
                (_time(begins), _time(ends), item.title, item.method, item.duration_minutes)
                for item, begins, ends in protocol.slots
            ],
        ),
        (_("Minutes"), [_("Minutes (Markdown)")], minutes_rows),
        (_("Decisions"), [_("No."), pgettext("workshop", "Decision")],
         [(number, item.text) for number, item in enumerate(protocol.decisions, start=1)]),
        (
            _("Open questions"),
            [_("Open question"), _("Owner"), _("Due"), _("Done at")],
            [
                (item.text, _name(item.owner), item.due_on, item.done_at)
                for item in protocol.questions
            ],
        ),
        (_("Projects discussed"), [_("Project or process"), _("Note")],
         [(row.project.title, row.note) for row in protocol.discussed]),
        (
            _("Change list"),
            [_("Project or process"), _("What changes"), _("Before"), _("After"), _("State"),
             _("Note")],
            [
                (row.item.project.title, str(row.item.get_field_display()), row.before,
                 row.after, str(row.item.get_state_display()), row.item.note)
                for row in protocol.changes
            ],
        ),
        (
            _("Findings"),
            [_("Kind"), _("Title"), _("Description"), _("Projects concerned")],
            [
                (str(ResultItem.Kind(item.kind).label), item.title, item.description,
                 "; ".join(titles))
                for item, titles in protocol.findings
            ],
        ),
    ]  # fmt: skip
    if protocol.is_teil_3:
        sheets.append(
            (
                _("Priority list"),
                [_("Rank"), _("Project or process")],
                [(entry.rank, entry.project.title) for entry in protocol.priorities],
            )
        )
    return write_workbook(sheets)
