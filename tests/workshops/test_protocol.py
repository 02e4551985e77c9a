"""The protocol's print page and Excel file, and who reads what of them."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from access.rights import EXTERNAL_GROUP, role_group
from organisation.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.workshops.fixtures_protocol import *  # noqa: F403  (the fixtures)
from tests.workshops.fixtures_protocol import release
from workshops import services
from workshops.models import ChangeItem

PROPOSED = str(ChangeItem.State.PROPOSED.label)  # (translated with the model's strings)


def page(client, user, workshop):
    client.force_login(user)
    response = client.get(reverse("workshops:protocol_print", args=[workshop.pk]))
    assert response.status_code == 200
    return response.content.decode()


def minutes_section(html):
    return re.search(r'id="minutes-heading".*?</section>', html, flags=re.S).group(0)


def workbook(client, user, workshop):
    client.force_login(user)
    response = client.get(reverse("workshops:protocol_export", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content))


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_print_page_shows_every_part_of_the_protocol(client, rds_user, recorded, coordinator):
    html = page(client, rds_user, recorded)
    for text in ("Staffel 7", "Dezernat Kultur", "Montag, 15.03.2027", "09:30–11:30",
                 "Neues Rathaus, Raum 101", "Gitte Gast", "Partner GmbH",
                 "09:30–09:45", "Begrüßung", "Ausleihe wird Pilot", "Wer betreibt die Plattform?",
                 "01.04.2027", "Digitale Ausleihe", "Gut vorbereitet", "in Planung",
                 "in Umsetzung", PROPOSED, "Gemeinsame Ausleihe",
                 "Online-Antrag Sozialpass", "Entwurf", "data-print"):  # fmt: skip
        assert text in html, text
    assert coordinator.get_full_name() in html
    assert "<strong>Wichtig:</strong>" in html


def test_minutes_are_sanitised(client, rds_user, recorded):
    minutes = minutes_section(page(client, rds_user, recorded))
    assert "=1+1 Ergebnis" in minutes
    assert "<script" not in minutes
    assert "<img" not in minutes
    assert not re.search(r"<[^>]+\sonerror=", minutes)


def test_projects_outside_the_readers_scope_are_left_out(client, coordinator, recorded):
    html = page(client, coordinator, recorded)
    assert "Online-Antrag Sozialpass" in html
    assert "Vertrauliche Sozialplanung" not in html
    sheet = workbook(client, coordinator, recorded)["Synergien und Bedarfe"]
    assert "Vertrauliche" not in str(values(sheet))


def test_partner_who_did_not_take_part_does_not_read_the_draft(client, partner, recorded):
    html = page(client, partner, recorded)
    assert "Ergebnis der Runde" not in html
    assert "noch nicht freigegeben" in minutes_section(html)
    book = workbook(client, partner, recorded)
    assert "Ergebnis der Runde" not in str([values(sheet) for sheet in book])


def test_participant_reads_the_draft(client, partner, recorded):
    recorded.participants.add(partner)  # (participants are chosen while it is planned)
    assert "Ergebnis der Runde" in page(client, partner, recorded)


def test_released_minutes_name_who_released_them(client, partner, recorded, coordinator):
    released = release(recorded, coordinator)
    html = page(client, partner, released)
    assert "Ergebnis der Runde" in html
    assert "Freigegeben am" in html
    assert coordinator.get_full_name() in html
    assert "Entwurf" not in html


@pytest.mark.parametrize(
    "name", ["protocol_print", "protocol_export", "workshop_ics", "workshop_invite"]
)
def test_a_user_outside_the_scope_gets_404(client, recorded, soziales, name):
    stranger = UserFactory(username="partnerin-soziales", groups=[role_group(EXTERNAL_GROUP)])
    MembershipFactory(user=stranger, department=soziales, partner=True)
    assert stranger.memberships.get().role == Membership.Role.PARTNER_READER
    client.force_login(stranger)
    url = reverse(f"workshops:{name}", args=[recorded.pk])
    response = client.post(url) if name == "workshop_invite" else client.get(url)
    assert response.status_code == 404


def test_export_has_a_sheet_per_part_and_keeps_formulas_as_text(client, rds_user, recorded):
    book = workbook(client, rds_user, recorded)
    assert book.sheetnames == [
        "Workshop", "Tagesordnung", "Protokoll", "Beschlüsse", "Offene Fragen",
        "Besprochene Vorhaben", "Änderungsliste", "Synergien und Bedarfe",
    ]  # fmt: skip
    decisions = book["Beschlüsse"]
    assert values(decisions)[1] == [1, "=1+1"]
    assert decisions["B2"].data_type == "s"
    minutes = book["Protokoll"]
    assert minutes["A2"].value == "=1+1 Ergebnis der Runde"
    assert minutes["A2"].data_type == "s"
    assert values(book["Tagesordnung"])[1][:3] == ["09:30", "09:45", "Begrüßung"]
    assert values(book["Offene Fragen"])[1][:2] == [
        "Wer betreibt die Plattform?", "Max Mustermann"
    ]  # fmt: skip
    assert values(book["Änderungsliste"])[1][:5] == [
        "Digitale Ausleihe", "Status", "in Planung", "in Umsetzung", PROPOSED
    ]  # fmt: skip
    overview = {row[0]: row[1] for row in values(book["Workshop"])[1:]}
    assert overview["Protokoll"] == "Entwurf: Das Protokoll ist noch nicht freigegeben."
    assert "Gitte Gast (Partner GmbH)" in overview["Gäste"]


def test_export_of_part_3_has_the_priority_list(client, rds_user, teil_3, kultur_project):
    services.priorities_sync(workshop=teil_3)
    book = workbook(client, rds_user, teil_3)
    assert book.sheetnames[-1] == "Prioritätenliste"
    assert values(book["Prioritätenliste"])[1] == [1, "Digitale Ausleihe"]
    assert "Prioritätenliste" in page(client, rds_user, teil_3)


def test_calendar_download(client, coordinator, workshop):
    client.force_login(coordinator)
    response = client.get(reverse("workshops:workshop_ics", args=[workshop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; method=REQUEST; charset=utf-8"
    assert b"BEGIN:VCALENDAR" in response.content
