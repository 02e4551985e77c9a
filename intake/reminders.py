"""Reminder e-mails to the offices of a round that have not started or not submitted.

``due`` says who would get what today, ``send`` sends it: one mail per office response, to
the office's staff (or, where nobody is assigned to the office, to the department's
coordination, which the mail says). Each mail is recorded as a :class:`Reminder` and an
:class:`Event` in the same transaction as it is sent; the unique (response, day) of the
reminder makes sure that no office gets two on one day, also when two runs overlap: the
second run's insert waits for the first one's and fails, and that office is skipped.

The task ``send_round_reminders`` runs ``send`` in the worker (the round page's button);
``manage.py send_intake_reminders`` runs it from cron for every round near its deadline.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from access.rights import MembershipRole, access_for
from intake.models import DepartmentIntake, Event, Reminder, Response, Round
from organisation.models import Membership

logger = logging.getLogger(__name__)

Reason = Reminder.Reason
ResponseState = Response.State


@dataclass
class Planned:
    """One reminder that is due: for which response, why, and to whom."""

    response: Response
    reason: str  # Reminder.Reason
    recipients: list[str]  # e-mail addresses, sorted
    to_coordination: bool = False  # nobody works in the office: its department's coordinators

    @property
    def reason_label(self) -> str:
        return Reason(self.reason).label


@dataclass
class Report:
    """What ``send`` did (or, in a dry run, would do)."""

    dry_run: bool = False
    sent: list[Planned] = field(default_factory=list)
    skipped: list[Planned] = field(default_factory=list)  # reminded today by another run
    failed: list[Planned] = field(default_factory=list)  # the mail server refused
    nobody: list[Planned] = field(default_factory=list)  # no address to send to

    def summary(self) -> str:
        verb = "würden gesendet" if self.dry_run else "gesendet"
        return (
            f"{len(self.sent)} {verb}, {len(self.skipped)} heute schon erinnert, "
            f"{len(self.failed)} fehlgeschlagen, {len(self.nobody)} ohne Empfänger"
        )


def departments_to_remind(user, intake_round: Round) -> list[int] | None:
    """Whose offices ``user`` may remind in the round: all (None) for the central unit, the
    departments they coordinate for a coordinator, else none (an empty list)."""
    access = access_for(user)
    if access.is_central:
        return None
    return sorted(
        access.coordinated_department_ids
        & set(intake_round.intakes.values_list("department_id", flat=True))
    )


def _addresses(memberships) -> dict[int, list[str]]:
    """Department or office id → e-mail addresses of active accounts, from (key, address)."""
    found: dict[int, set[str]] = {}
    for key, address in memberships:
        if address:
            found.setdefault(key, set()).add(address.strip().lower())
    return {key: sorted(addresses) for key, addresses in found.items()}


def due(intake_round: Round, today: date, *, departments=None) -> list[Planned]:
    """The reminders due today in the round (``departments``: only these department ids)."""
    responses = (
        Response.objects.filter(
            intake__round=intake_round,
            intake__state__in=[
                DepartmentIntake.State.OPEN,
                DepartmentIntake.State.CHANGES_REQUESTED,
            ],
        )
        .exclude(state=ResponseState.SUBMITTED)
        .exclude(reminders__sent_on=today)
        .select_related("unit", "intake__department", "intake__round")
        .order_by("intake__department__name", "unit__name")
    )
    if departments is not None:
        responses = responses.filter(intake__department__in=departments)
    responses = list(responses)
    department_ids = {response.intake.department_id for response in responses}
    members = (
        Membership.objects.active()
        .filter(department__in=department_ids, user__is_active=True)
        .exclude(user__email="")
    )
    staff = _addresses(
        members.filter(role=MembershipRole.STAFF, org_unit__isnull=False).values_list(
            "org_unit_id", "user__email"
        )
    )
    coordinators = _addresses(
        members.filter(role=MembershipRole.COORDINATOR).values_list("department_id", "user__email")
    )
    planned = []
    for response in responses:
        reason = (
            Reason.NOT_STARTED
            if response.state == ResponseState.NOT_STARTED
            else Reason.NOT_SUBMITTED
        )
        recipients = staff.get(response.unit_id, [])
        to_coordination = not recipients
        if to_coordination:
            recipients = coordinators.get(response.intake.department_id, [])
        planned.append(Planned(response, reason, recipients, to_coordination))
    return planned


def absolute_url(path: str, base_url: str = "") -> str:
    """``path`` on the app's public address: the requesting page's (``base_url``), else
    the setting ``SITE_URL``."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return f"{base}{path}"


def response_path(response: Response) -> str:
    return reverse("intake:response", args=[response.pk])


def _message(item: Planned, today: date, base_url: str) -> EmailMessage:
    response = item.response
    context = {
        "item": item,
        "response": response,
        "round": response.intake.round,
        "department": response.intake.department,
        "office": response.unit,
        "today": today,
        "url": absolute_url(response_path(response), base_url),
    }
    return EmailMessage(
        subject=" ".join(render_to_string("intake/mail/reminder_subject.txt", context).split()),
        body=render_to_string("intake/mail/reminder.txt", context),
        to=item.recipients,
    )


class _MailRefused(Exception):
    pass


def send(
    intake_round: Round,
    today: date | None = None,
    dry_run: bool = False,
    *,
    actor=None,
    departments=None,
    base_url: str = "",
) -> Report:
    """Send the reminders due today (see :func:`due`). Each office's mail, its Reminder and
    its Event are one transaction: a mail the server refuses leaves no record (the next run
    tries again), and an office reminded meanwhile by another run is skipped. The mails are
    in the site's language, whoever started the run."""
    today = today or timezone.localdate()
    report = Report(dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        for item in due(intake_round, today, departments=departments):
            if not item.recipients:
                report.nobody.append(item)
                continue
            if dry_run:
                report.sent.append(item)
                continue
            _send_one(item, today, actor=actor, base_url=base_url, report=report)
    return report


def _send_one(item: Planned, today: date, *, actor, base_url: str, report: Report) -> None:
    response = item.response
    recipients = "\n".join(item.recipients)
    try:
        with transaction.atomic():
            Reminder.objects.create(
                response=response, reason=item.reason, sent_on=today, recipients=recipients
            )
            note = f"{item.reason_label}: {', '.join(item.recipients)}"
            if item.to_coordination:
                note = f"{note} ({MembershipRole.COORDINATOR.label})"
            Event.objects.create(
                intake=response.intake,
                response=response,
                action=Event.Action.REMINDED,
                actor=actor,
                note=note[:1000],
            )
            try:
                _message(item, today, base_url).send()
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("reminder for response %s not sent: %s", response.pk, error)
                raise _MailRefused from error
    except IntegrityError:  # another run reminded this office today, just now
        report.skipped.append(item)
    except _MailRefused:
        report.failed.append(item)
    else:
        report.sent.append(item)


@task()
def send_round_reminders(
    round_id: int, actor_id: int | None = None, departments=None, base_url: str = ""
) -> str:
    """The reminders of one round, as the worker sends them (the round page's button)."""
    intake_round = Round.objects.filter(pk=round_id).first()
    if intake_round is None:
        return "round deleted"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    report = send(
        intake_round,
        timezone.localdate(),
        actor=actor,
        departments=departments,
        base_url=base_url,
    )
    return report.summary()
