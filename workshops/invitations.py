"""Invitations to a workshop by e-mail, with the calendar entry attached (see
:mod:`workshops.calendar`).

``invitations_send`` checks the actor's rights and enqueues the task ``send_invitations``;
the worker (``manage.py db_worker``) sends one mail per participant and guest with an e-mail
address. An update after a change is the same call: the services raised the entry's
sequence, so every recipient gets the new version once. When an invited workshop is
cancelled, ``services.workshop_cancel`` enqueues a cancellation (METHOD:CANCEL) for the
current recipients and everyone who received an earlier invitation.

Each mail is recorded as an :class:`InvitationMail` in the same transaction as it is sent:
a mail the server refuses leaves no record (the next call tries again), and an address that
already got this version of the entry is skipped, also when two runs overlap.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from email.mime.text import MIMEText

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from intake.reminders import absolute_url
from workshops import calendar, rights
from workshops.models import InvitationMail, Workshop

logger = logging.getLogger(__name__)

Method = InvitationMail.Method


@dataclass
class Report:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # got this version already
    failed: list[str] = field(default_factory=list)  # the mail server refused

    def summary(self) -> str:
        return (
            f"{len(self.sent)} gesendet, {len(self.skipped)} schon erhalten, "
            f"{len(self.failed)} fehlgeschlagen"
        )


def invitations_send(*, workshop: Workshop, actor, base_url: str = "") -> None:
    """Invite the participants and guests (or send them the changed entry). Whoever records
    the workshop may; the workshop needs a date and must not be cancelled."""
    if not rights.may_record(actor, workshop):
        raise PermissionDenied(_("You may not invite to this workshop."))
    if workshop.is_cancelled:
        raise ValidationError(_("The workshop has been cancelled."))
    calendar.ensure_invitable(workshop)
    send_invitations.enqueue(
        workshop.pk, method=Method.REQUEST, actor_id=actor.pk, base_url=base_url
    )


def cancellation_send(*, workshop: Workshop, actor=None) -> None:
    """Enqueue the cancellation of an invited workshop (called after the cancel commits)."""
    if workshop.invited_at and workshop.starts_at:
        send_invitations.enqueue(
            workshop.pk, method=Method.CANCEL, actor_id=getattr(actor, "pk", None)
        )


def _recipients(workshop: Workshop, method: str) -> list[tuple[str, str]]:
    current = calendar.recipients(workshop)
    if method != Method.CANCEL:
        return current
    known = {email for _name, email in current}
    earlier = (
        workshop.invitation_mails.filter(method=Method.REQUEST)
        .exclude(email__in=known)
        .order_by("email")
        .values_list("name", "email")
        .distinct()
    )
    earlier = {email: (name, email) for name, email in earlier}.values()
    return sorted([*current, *earlier], key=lambda recipient: recipient[1])


def _subject(workshop: Workshop, method: str) -> str:
    title = calendar.summary(workshop)
    if method == Method.CANCEL:
        return _("Cancelled: %(title)s") % {"title": title}
    if workshop.calendar_sequence:
        return _("Changed: %(title)s") % {"title": title}
    return _("Invitation: %(title)s") % {"title": title}


def _message(workshop, method, name, email, ics: bytes, base_url: str) -> EmailMessage:
    context = {
        "workshop": workshop,
        "name": name,
        "method": method,
        "cancelled": method == Method.CANCEL,
        "changed": method == Method.REQUEST and workshop.calendar_sequence > 0,
        "summary": calendar.summary(workshop),
        "slots": calendar.agenda_slots(workshop),
        "starts_at": timezone.localtime(workshop.starts_at),
        "ends_at": timezone.localtime(workshop.ends_at),
        "url": absolute_url(calendar.workshop_path(workshop), base_url),
    }
    message = EmailMessage(
        subject=_subject(workshop, method),
        body=render_to_string("workshops/mail/invitation.txt", context),
        to=[email],
    )
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename=calendar.file_name(workshop))
    message.attach(part)
    return message


class _MailRefused(Exception):
    pass


def send(workshop: Workshop, method: str, *, actor=None, base_url: str = "") -> Report:
    """Mail the entry to every recipient who has not received this version of it yet."""
    report = Report()
    if workshop.starts_at is None:
        return report
    if method == Method.REQUEST and workshop.is_cancelled:
        return report  # cancelled after the invitation was asked for
    with translation.override(settings.LANGUAGE_CODE):
        ics = calendar.workshop_ics(workshop, method=method, base_url=base_url)
        for name, email in _recipients(workshop, method):
            _send_one(workshop, method, name, email, ics, actor=actor, base_url=base_url,
                      report=report)  # fmt: skip
    if report.sent and method == Method.REQUEST:
        Workshop.objects.filter(pk=workshop.pk).update(invited_at=timezone.now())
    return report


def _send_one(workshop, method, name, email, ics, *, actor, base_url, report) -> None:
    try:
        with transaction.atomic():
            InvitationMail.objects.create(
                workshop=workshop,
                method=method,
                sequence=workshop.calendar_sequence,
                email=email,
                name=name[:200],
                sent_by=actor,
            )
            try:
                _message(workshop, method, name, email, ics, base_url).send()
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("workshop %s: %s to %s not sent: %s", workshop.pk, method, email,
                               error)  # fmt: skip
                raise _MailRefused from error
    except IntegrityError:  # this version went to this address already
        report.skipped.append(email)
    except _MailRefused:
        report.failed.append(email)
    else:
        logger.info("workshop %s: %s %s sent to %s", workshop.pk, method,
                    workshop.calendar_sequence, email)  # fmt: skip
        report.sent.append(email)


@task()
def send_invitations(
    workshop_id: int, method: str = Method.REQUEST, actor_id: int | None = None,
    base_url: str = "",
) -> str:  # fmt: skip
    """The invitations (or the cancellation) of one workshop, as the worker sends them."""
    workshop = (
        Workshop.objects.select_related("cohort", "department", "template_version")
        .filter(pk=workshop_id)
        .first()
    )
    if workshop is None:
        return "workshop deleted"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return send(workshop, method, actor=actor, base_url=base_url).summary()
