"""The invitation of an external partner, end to end in the browser, reading the mail from
the test outbox."""

import re

from django.core import mail
from playwright.sync_api import expect

from organisation.models import Membership
from tests.browser.conftest import login


def test_coordinator_invites_a_partner_who_joins_through_the_mailed_link(
    page, browser, live_server
):
    login(page, "koordination-kultur")
    page.goto("/arbeitsraeume/kultur/")
    page.get_by_role("link", name="Mitglieder und Partner").click()
    page.get_by_role("link", name="Externen Partner einladen").click()
    page.get_by_label("E-Mail-Adresse des Partners").fill("buero@partner.example")
    page.get_by_label("Externer Partner (mitarbeiten)").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_text("buero@partner.example").first).to_be_visible()

    link = re.search(r"https?://\S+/einladung/\S+/", mail.outbox[-1].body).group(0)
    partner = browser.new_context(base_url=live_server.url, locale="de-DE")
    tab = partner.new_page()
    tab.goto(link)
    tab.get_by_label("Vorname").fill("Berta")
    tab.get_by_label("Nachname").fill("Büro")
    tab.get_by_label("Passwort", exact=True).fill("Partnerbuero-2026!")
    tab.get_by_label("Passwort wiederholen").fill("Partnerbuero-2026!")
    tab.get_by_role("button", name="Passwort festlegen").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(re.compile("Dezernat Kultur$"))
    expect(tab.get_by_text("Externer Partner").first).to_be_visible()
    membership = Membership.objects.get(user__username="buero@partner.example")
    assert membership.role == "partner_mitarbeit"

    # The link works once.
    tab.goto(link)
    expect(tab.get_by_role("heading", name="Einladungslink ungültig")).to_be_visible()
    partner.close()
