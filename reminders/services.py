"""Reminders about status updates, sent by ``manage.py send_reminders`` (daily, from the
systemd timer in deploy/ or cron).

- A project's contacts (:func:`projects.selectors.contact_q`; ``_contacts`` finds them for
  all recipients at once) are reminded once when its status update is due
  (``REPORT_DUE_AFTER_DAYS`` since the latest one, or since it was created), and a second
  time when it is overdue (``REPORT_OVERDUE_AFTER_DAYS``).
- When it is stale (``STALE_AFTER_DAYS``) after the second reminder (or has no contact with an
  address), the department's coordination is told (escalation).
- Coordinators get a weekly digest of their workspace, on ``REMINDER_DIGEST_WEEKDAY`` or the
  first run after it in the week.

Everyone gets at most one mail per run, naming every reason at once. Each reason is recorded
as a :class:`Notice` in the same transaction as the mail is sent; the unique (kind, recipient,
reason) keeps any later or overlapping run from telling it again. A reason is a project's
silence since a day (a new status update starts a new one) or a calendar week. Nobody gets a
kind they turned off (:class:`OptOut`).
"""

import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from access.rights import INTERNAL_ROLES, MembershipRole
from organisation.models import Department, Membership
from projects.models import Project, Reporting, TrafficLight, reporting_q
from reminders.models import Kind, Notice, OptOut

logger = logging.getLogger(__name__)

DIGEST_LISTED = 20  # projects named in a digest; the rest are counted and linked


@dataclass
class Item:
    """One reason to tell one person."""

    kind: str
    reason: str
    project: Project | None = None
    department: Department | None = None

    def get_kind_label(self) -> str:
        return str(Kind(self.kind).label)


@dataclass
class Mail:
    """Everything one person is told in one run."""

    recipient: object
    items: list[Item] = field(default_factory=list)
    digest: dict | None = None  # the weekly digest's figures, for a coordinator

    def of_kind(self, kind) -> list[Item]:
        return [item for item in self.items if item.kind == kind]


@dataclass
class Report:
    dry_run: bool = False
    sent: list[Mail] = field(default_factory=list)
    skipped: list[Mail] = field(default_factory=list)  # told meanwhile by another run
    failed: list[Mail] = field(default_factory=list)  # refused by the mail server

    def summary(self) -> str:
        verb = "würden gesendet" if self.dry_run else "gesendet"
        reasons = sum(len(mail.items) for mail in self.sent)
        return (
            f"{len(self.sent)} E-Mails {verb} ({reasons} Anlässe), "
            f"{len(self.skipped)} übersprungen (schon erinnert), "
            f"{len(self.failed)} fehlgeschlagen"
        )


def silence_reason(project) -> str:
    """The project's current silence: since its latest status update, or its creation."""
    since = project.last_reported_on or timezone.localdate(project.created_at)
    return f"vorhaben-{project.pk}-seit-{since.isoformat()}"


def week_reason(today: date) -> str:
    year, week, _day = today.isocalendar()
    return f"woche-{year}-{week:02d}"


def _recipients():
    """Active accounts with an address that work in a workspace as city staff."""
    members = Membership.objects.active().filter(role__in=INTERNAL_ROLES)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members.values("user"))
        .exclude(email="")
        .order_by("pk")
    )


def _told(kinds) -> Q:
    """Told already: a notice of one of ``kinds`` about the project (for any reason; the
    reason is compared in Python, where the project's silence is known)."""
    return Exists(Notice.objects.filter(project=OuterRef("pk"), kind__in=kinds))


def _new(items: list[Item], recipient, told: set) -> list[Item]:
    return [item for item in items if (item.kind, recipient.pk, item.reason) not in told]


def due(today: date | None = None) -> list[Mail]:
    """Who would be told what today (nothing is recorded)."""
    today = today or timezone.localdate()
    users = list(_recipients())
    opted_out = defaultdict(set)
    for user_id, kind in OptOut.objects.values_list("user_id", "kind"):
        opted_out[user_id].add(kind)
    told = set(Notice.objects.values_list("kind", "recipient_id", "reason"))
    mails = {user.pk: Mail(recipient=user) for user in users}
    contacts_of = _contacts(users)
    silent = {Kind.DUE: defaultdict(list), Kind.OVERDUE: defaultdict(list)}
    for project in _silent(today):
        for user_id in contacts_of(project):
            silent[project.reminder][user_id].append(project)
    for user in users:
        items = [
            Item(kind, silence_reason(project), project, project.department)
            for kind, projects in silent.items()
            if kind not in opted_out[user.pk]
            for project in projects[user.pk]
        ]
        mails[user.pk].items += _new(items, user, told)
    _escalations(mails, users, opted_out, told, today)
    _digests(mails, users, opted_out, told, today)
    return [mail for mail in mails.values() if mail.items]


def _silent(today):
    """The running projects whose status update is due, or overdue (also when stale), each
    with the ``reminder`` it calls for, in one query."""
    overdue = reporting_q(Reporting.OVERDUE, today) | reporting_q(Reporting.STALE, today)
    return (
        Project.objects.active()
        .filter(reporting_q(Reporting.DUE, today) | overdue)
        .annotate(reminder=Case(When(overdue, then=Value(Kind.OVERDUE)), default=Value(Kind.DUE)))
        .select_related("department")
        .order_by("pk")
    )


def _contacts(users):
    """project → the ids of its contacts among ``users`` (:func:`projects.selectors.contact_q`
    for all of them at once): who works in its lead office, and its creator while on the
    workspace's staff."""
    in_office, on_staff = defaultdict(set), defaultdict(set)
    for user_id, department_id, office_id in (
        Membership.objects.active()
        .filter(role__in=INTERNAL_ROLES, user__in=[user.pk for user in users])
        .values_list("user_id", "department_id", "org_unit_id")
    ):
        on_staff[department_id].add(user_id)
        if office_id is not None:
            in_office[department_id, office_id].add(user_id)

    def contacts_of(project) -> set[int]:
        found = set(in_office[project.department_id, project.lead_unit_id])
        if project.created_by_id in on_staff[project.department_id]:
            found.add(project.created_by_id)
        return found

    return contacts_of


def _coordinators(users) -> dict[int, list]:
    """Department id → its coordinators among ``users``."""
    by_pk = {user.pk: user for user in users}
    found = defaultdict(list)
    for department, user_id in (
        Membership.objects.active()
        .filter(role=MembershipRole.COORDINATOR, user__in=list(by_pk))
        .values_list("department_id", "user_id")
        .order_by("department_id", "user_id")
    ):
        found[department].append(by_pk[user_id])
    return found


def _has_contact():
    """A project with an account to remind: someone working in its lead office, or its creator,
    as city staff of its workspace with an address."""
    members = (
        Membership.objects.active()
        .filter(role__in=INTERNAL_ROLES, department=OuterRef("department"), user__is_active=True)
        .exclude(user__email="")
    )
    return Exists(members.filter(org_unit=OuterRef("lead_unit"))) | Exists(
        members.filter(user=OuterRef("created_by"))
    )


def _escalations(mails, users, opted_out, told, today) -> None:
    """Stale projects whose contacts had their second reminder, or that have no contact: to
    the coordinators of their department."""
    coordinators = _coordinators(users)
    if not coordinators:
        return
    stale = (
        Project.objects.active()
        .filter(reporting_q(Reporting.STALE, today), department__in=list(coordinators))
        .annotate(reminded=_told([Kind.OVERDUE]), reachable=_has_contact())
        .filter(Q(reminded=True) | Q(reachable=False))
        .select_related("department")
        .order_by("department_id", "pk")
    )
    second = set(
        Notice.objects.filter(kind=Kind.OVERDUE, project__in=stale.values("pk")).values_list(
            "project_id", "reason"
        )
    )
    for project in stale:
        reason = silence_reason(project)
        if project.reachable and (project.pk, reason) not in second:
            continue  # the second reminder was about an earlier silence
        for user in coordinators[project.department_id]:
            if Kind.ESCALATION in opted_out[user.pk]:
                continue
            item = Item(Kind.ESCALATION, reason, project, project.department)
            mails[user.pk].items += _new([item], user, told)


def _digests(mails, users, opted_out, told, today) -> None:
    if today.weekday() < settings.REMINDER_DIGEST_WEEKDAY:
        return
    reason = week_reason(today)
    coordinators = _coordinators(users)
    departments = Department.objects.in_bulk(list(coordinators))
    for department_id, people in coordinators.items():
        department = departments[department_id]
        figures = digest_figures(department, today)
        for user in people:
            if Kind.DIGEST in opted_out[user.pk]:
                continue
            new = _new([Item(Kind.DIGEST, reason, None, department)], user, told)
            if new:
                mails[user.pk].items += new
                mails[user.pk].digest = figures


def digest_figures(department, today) -> dict:
    """The week's state of a workspace: the reporting bands, the critical and the stale
    projects (the first ``DIGEST_LISTED`` of each named)."""
    running = Project.objects.active().filter(department=department)
    counts = {band: running.filter(reporting_q(band, today)).count() for band in Reporting}
    critical = running.filter(traffic_light=TrafficLight.CRITICAL).exclude(
        status__in=("abgeschlossen", "eingestellt")
    )
    stale = running.filter(reporting_q(Reporting.STALE, today))
    return {
        "department": department,
        "counts": [(Reporting(band).label, n) for band, n in counts.items()],
        "critical": list(critical.order_by("title")[:DIGEST_LISTED]),
        "critical_count": critical.count(),
        "stale": list(stale.order_by("last_reported_on", "title")[:DIGEST_LISTED]),
        "stale_count": counts[Reporting.STALE],
    }


def send(today: date | None = None, *, dry_run: bool = False, base_url: str = "") -> Report:
    """Tell everyone what is due today (see :func:`due`), one mail each, in the site's
    language."""
    today = today or timezone.localdate()
    report = Report(dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        for mail in due(today):
            if dry_run:
                report.sent.append(mail)
                continue
            _send_one(mail, today, base_url, report)
    return report


class _MailRefused(Exception):
    pass


def _send_one(mail: Mail, today, base_url, report) -> None:
    message = _message(mail, today, base_url)
    try:
        with transaction.atomic():
            for item in mail.items:
                Notice.objects.create(
                    kind=item.kind,
                    recipient=mail.recipient,
                    reason=item.reason,
                    project=item.project,
                    department=item.department,
                    subject=message.subject[:300],
                )
            try:
                message.send()
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("reminder to %s not sent: %s", mail.recipient.pk, error)
                raise _MailRefused from error
    except IntegrityError:  # another run told this person just now
        report.skipped.append(mail)
    except _MailRefused:
        report.failed.append(mail)
    else:
        report.sent.append(mail)


def absolute_url(path: str, base_url: str = "") -> str:
    return f"{(base_url or settings.SITE_URL).rstrip('/')}{path}"


def _message(mail: Mail, today, base_url) -> EmailMessage:
    def link(project):
        return absolute_url(reverse("projects:status_update_create", args=[project.pk]), base_url)

    context = {
        "mail": mail,
        "today": today,
        "due": [(item.project, link(item.project)) for item in mail.of_kind(Kind.DUE)],
        "overdue": [(item.project, link(item.project)) for item in mail.of_kind(Kind.OVERDUE)],
        "escalated": [
            (item.project, absolute_url(item.project.get_absolute_url(), base_url))
            for item in mail.of_kind(Kind.ESCALATION)
        ],
        "digest": mail.digest,
        "digest_url": absolute_url(mail.digest["department"].get_absolute_url(), base_url)
        if mail.digest
        else "",
        "settings_url": absolute_url(reverse("reminders:settings"), base_url),
        "thresholds": (settings.REPORT_DUE_AFTER_DAYS, settings.REPORT_OVERDUE_AFTER_DAYS,
                       settings.STALE_AFTER_DAYS),
    }  # fmt: skip
    return EmailMessage(
        subject=subject(mail),
        body=render_to_string("reminders/mail/body.txt", context),
        to=[mail.recipient.email],
    )


def subject(mail: Mail) -> str:
    """The mail's subject: each part it tells, in a few words."""
    parts = []
    reminded = len(mail.of_kind(Kind.DUE)) + len(mail.of_kind(Kind.OVERDUE))
    if reminded:
        parts.append(
            ngettext(
                "Status update due: %(count)s project",
                "Status updates due: %(count)s projects",
                reminded,
            )
            % {"count": reminded}
        )
    escalated = len(mail.of_kind(Kind.ESCALATION))
    if escalated:
        parts.append(
            ngettext(
                "No status update after two reminders: %(count)s project",
                "No status update after two reminders: %(count)s projects",
                escalated,
            )
            % {"count": escalated}
        )
    if mail.digest:
        parts.append(
            _("Weekly digest of the workspace %(name)s")
            % {"name": mail.digest["department"].short_name}
        )
    return " · ".join(parts)


# What each person chooses ------------------------------------------------------------------


def opt_outs_set(*, user, kinds: list[str]) -> None:
    """Turn off exactly ``kinds`` of reminders for ``user`` (the others on)."""
    wanted = {kind for kind in kinds if kind in Kind.values}
    with transaction.atomic():
        OptOut.objects.filter(user=user).exclude(kind__in=wanted).delete()
        for kind in wanted:
            OptOut.objects.get_or_create(user=user, kind=kind)
