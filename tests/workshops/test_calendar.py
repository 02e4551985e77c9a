"""The workshop's calendar entry, parsed back with icalendar."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from tests.workshops.fixtures_protocol import *  # noqa: F403  (the fixtures)
from tests.workshops.fixtures_protocol import STARTS_AT, plan
from workshops import calendar, services
from workshops.models import Workshop


def parsed(workshop, **kwargs):
    workshop = Workshop.objects.get(pk=workshop.pk)
    entry = Calendar.from_ical(calendar.workshop_ics(workshop, **kwargs))
    (event,) = entry.walk("VEVENT")
    return entry, event


def mark_invited(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(invited_at=timezone.now())


def test_entry_is_a_request_with_the_workshop(workshop):
    entry, event = parsed(workshop)
    assert entry["METHOD"] == "REQUEST"
    assert entry["VERSION"] == "2.0"
    assert entry["PRODID"] == calendar.PRODID
    assert str(event["UID"]) == f"{workshop.calendar_uid}@{calendar.UID_DOMAIN}"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert str(workshop.get_part_display()) in str(event["SUMMARY"])
    assert "Bestandsaufnahme" in str(event["SUMMARY"])
    assert "Dezernat Kultur" in str(event["SUMMARY"])
    assert "Neues Rathaus, Raum 101" in str(event["LOCATION"])
    assert "https://video.example/raum-101" in str(event["LOCATION"])
    assert "09:30–09:45 Begrüßung" in str(event["DESCRIPTION"])
    assert "11:15–11:30 Abschluss" in str(event["DESCRIPTION"])
    assert str(event["ORGANIZER"]) == "mailto:digitale-agenda@localhost"


def test_times_are_in_europe_berlin_with_a_timezone_definition(workshop):
    entry, event = parsed(workshop)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start == STARTS_AT
    assert start.utcoffset() == timedelta(hours=1)
    assert end - start == timedelta(minutes=120)  # the agenda's durations
    assert [str(zone["TZID"]) for zone in entry.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert start.astimezone(ZoneInfo("UTC")).hour == 8


def test_attendees_are_participants_and_guests_with_an_address(workshop, coordinator):
    _entry, event = parsed(workshop)
    attendees = event["ATTENDEE"]
    assert sorted(str(a) for a in attendees) == [
        "mailto:gitte.gast@partner.example",
        f"mailto:{coordinator.email}",
    ]
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "FALSE"


def test_url_is_absolute_on_the_site_address(workshop, settings):
    settings.SITE_URL = "https://digital.stadt.example"
    _entry, event = parsed(workshop)
    assert str(event["URL"]).startswith("https://digital.stadt.example/")
    assert "https://digital.stadt.example/" in str(event["DESCRIPTION"])


def test_uid_is_stable_and_sequence_rises_after_a_change_once_invited(workshop, rds_user):
    _entry, before = parsed(workshop)
    plan(workshop, rds_user, starts_at=STARTS_AT + timedelta(hours=1))  # not invited: no rise
    _entry, uninvited = parsed(workshop)
    assert uninvited["SEQUENCE"] == 0
    mark_invited(workshop)
    plan(workshop, rds_user, starts_at=STARTS_AT + timedelta(days=1))
    _entry, after = parsed(workshop)
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] == 1
    assert after.decoded("DTSTART") == STARTS_AT + timedelta(days=1)


def test_cancellation_is_method_cancel_and_status_cancelled(workshop, rds_user):
    mark_invited(workshop)
    _entry, before = parsed(workshop)
    services.workshop_cancel(workshop=Workshop.objects.get(pk=workshop.pk), actor=rds_user)
    entry, event = parsed(workshop, method=calendar.CANCEL)
    assert entry["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert event["UID"] == before["UID"]
    assert event["SEQUENCE"] == before["SEQUENCE"] + 1


def test_a_workshop_without_a_date_cannot_be_invited(cohort, soziales):
    undated = cohort.workshops.get(department=soziales, part=2)
    with pytest.raises(ValidationError) as error:
        calendar.workshop_ics(undated)
    assert "Datum" in error.value.messages[0]
