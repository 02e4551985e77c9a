"""A workshop as an iCalendar entry (RFC 5545, iTIP RFC 5546), for the invitation e-mails
and the download on the workshop page.

The entry's UID comes from the workshop's ``calendar_uid`` and a fixed domain, never from a
setting, so it stays the same for the workshop's whole life even if the app moves to another
address: a calendar that received the invitation updates its entry instead of adding a
second one. ``calendar_sequence`` is the entry's SEQUENCE; the services raise it when date,
place or video link change after an invitation was sent, and on cancellation. A cancellation
is the same entry with METHOD:CANCEL and STATUS:CANCELLED.
"""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from intake.reminders import absolute_url
from workshops.models import Workshop, time_slots

PRODID = "-//Digitale Agenda//Workshops//DE"
UID_DOMAIN = "digitale-agenda"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (REQUEST, CANCEL)


def uid(workshop: Workshop) -> str:
    return f"{workshop.calendar_uid}@{UID_DOMAIN}"


def workshop_path(workshop: Workshop) -> str:
    """The workshop's page; its protocol where the workshop page is not (yet) routed."""
    try:
        return workshop.get_absolute_url()
    except NoReverseMatch:
        return reverse("workshops:protocol_print", args=[workshop.pk])


def summary(workshop: Workshop) -> str:
    return _("Workshop %(part)s: %(title)s – %(department)s") % {
        "part": workshop.get_part_display(),
        "title": workshop.template_version.title,
        "department": workshop.department.name,
    }


def location(workshop: Workshop) -> str:
    return " · ".join(part for part in (workshop.location, workshop.video_link) if part)


def agenda_slots(workshop: Workshop):
    """``(item, begins, ends)`` of the workshop's agenda, in local time where it has a date."""
    start = timezone.localtime(workshop.starts_at) if workshop.starts_at else None
    return time_slots(workshop.template_version.agenda_items.all(), start)


def description(workshop: Workshop, url: str) -> str:
    lines = [summary(workshop), ""]
    slots = agenda_slots(workshop)
    if slots:
        lines.append(_("Agenda:"))
        for item, begins, ends in slots:
            lines.append(f"{begins:%H:%M}–{ends:%H:%M} {item.title}")
        lines.append("")
    if workshop.location:
        lines.append(_("Place: %(place)s") % {"place": workshop.location})
    if workshop.video_link:
        lines.append(_("Video link: %(link)s") % {"link": workshop.video_link})
    lines.append(_("Workshop page: %(url)s") % {"url": url})
    return "\n".join(lines)


def recipients(workshop: Workshop) -> list[tuple[str, str]]:
    """``(name, address)`` of every participant and guest with an e-mail address, each
    address once (lower case), sorted by address."""
    found = {}
    for user in workshop.participants.filter(is_active=True).exclude(email=""):
        found.setdefault(user.email.strip().lower(), user.get_full_name() or user.username)
    for guest in workshop.guests.exclude(email=""):
        found.setdefault(guest.email.strip().lower(), guest.name)
    return sorted(((name, address) for address, name in found.items()), key=lambda r: r[1])


def _address(email: str, name: str = "", **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def ensure_invitable(workshop: Workshop) -> None:
    if workshop.starts_at is None:
        raise ValidationError(
            _("The workshop has no date yet, so there is nothing to invite to."), code="no_date"
        )


def workshop_ics(
    workshop: Workshop, *, method: str = REQUEST, base_url: str = "", attendees: bool = True
) -> bytes:
    """The workshop as an iCalendar file with one event, for ``method`` REQUEST (an
    invitation or its update) or CANCEL. Times are in the app's time zone (TIME_ZONE), whose
    definition is included (VTIMEZONE). Texts are in the site's language. ``attendees``
    False leaves out the participants' and guests' addresses (a download by a reader)."""
    if method not in METHODS:
        raise ValueError(method)
    ensure_invitable(workshop)
    zone = ZoneInfo(settings.TIME_ZONE)
    cancelled = method == CANCEL or workshop.is_cancelled
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(workshop_path(workshop), base_url)
        event = Event.new(
            uid=uid(workshop),
            sequence=workshop.calendar_sequence,
            stamp=timezone.now(),
            start=workshop.starts_at.astimezone(zone),
            end=workshop.ends_at.astimezone(zone),
            summary=summary(workshop),
            description=description(workshop, url),
            status="CANCELLED" if cancelled else "CONFIRMED",
        )
        if url.startswith(("https://", "http://")):  # without DJANGO_SITE_URL only a path
            event.add("url", url)
        if location(workshop):
            event.add("location", location(workshop))
        event.add("organizer", _address(settings.DEFAULT_FROM_EMAIL))
        for name, email in recipients(workshop) if attendees else ():
            event.add(
                "attendee",
                _address(
                    email, name, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE"
                ),
            )
        calendar = Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
        calendar.pop("UID", None)  # the event's UID is the one that counts
        # The zone's rules around the event only, not fifty years of them.
        year = workshop.starts_at.astimezone(zone).year
        calendar.add_missing_timezones(date(year - 1, 1, 1), date(year + 2, 1, 1))
    return calendar.to_ical()


def file_name(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}-teil-{workshop.part}.ics"
