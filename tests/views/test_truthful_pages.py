"""What the pages say is true: priorities are open projects with their real rank, the start
page describes each role's rights as they are, and a partner's first steps lead where they
should."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from projects.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_top_priorities_show_open_projects_with_their_real_rank(client, coordinator, kultur):
    ProjectFactory(department=kultur, title="Fertig", priority_rank=1,
                   status=Project.Status.COMPLETED)  # fmt: skip
    ProjectFactory(department=kultur, title="Gestoppt", priority_rank=2,
                   status=Project.Status.STOPPED)  # fmt: skip
    ProjectFactory(department=kultur, title="Offen", priority_rank=3)
    client.force_login(coordinator)
    response = client.get(kultur.get_absolute_url())
    assert [p.title for p in response.context["figures"]["priorities"]] == ["Offen"]
    assert '<li value="3">' in response.content.decode()


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("dashboards:home"))


def test_start_page_tells_rds_they_read_and_edit_everything(client, rds_user):
    html = _home(client, rds_user).content.decode()
    assert "nicht vertraulichen" not in html
    assert "lesen und bearbeiten Sie die Arbeitsräume aller Dezernate" in html


def test_start_page_tells_leadership_they_read_and_change_nothing(client, leadership_user):
    html = _home(client, leadership_user).content.decode()
    assert "ändern nichts" in html


def test_start_page_shows_a_coordinator_no_city_wide_figures(client, coordinator, kultur,
                                                             soziales_project):  # fmt: skip
    ProjectFactory(department=kultur, title="Eigenes Vorhaben")
    response = _home(client, coordinator)
    assert response.context.get("city_counts") is None
    html = response.content.decode()
    assert f"Sie koordinieren den Arbeitsraum „{kultur.name}“" in html
    assert "Stadtweit auf einen Blick" not in html


def test_start_page_shows_rds_the_city_wide_figures(client, rds_user, kultur_project):
    response = _home(client, rds_user)
    assert response.context["city_counts"]["total"] == 1


def test_start_page_tells_a_reading_partner_what_they_may(client, partner, kultur):
    html = _home(client, partner).content.decode()
    assert "zum Lesen" in html
    assert kultur.name in html


def test_partner_nav_leads_to_the_workspace(client, partner, kultur):
    html = _home(client, partner).content.decode()
    link = re.search(r'<a class="site-nav__link" href="([^"]+)"[^>]*>Mein Arbeitsraum</a>', html)
    assert link.group(1) == kultur.get_absolute_url()


def _invite_and_open(client, coordinator, kultur, role):
    client.force_login(coordinator)
    client.post(reverse("accounts:invite", args=[kultur.slug]), {
        "email": "neu@partner.example", "role": role,
        "access_expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
    })  # fmt: skip
    path = re.search(r"http://testserver(/einladung/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.logout()
    return path


def test_acceptance_page_says_the_login_name_is_the_email_address(client, coordinator, kultur):
    path = _invite_and_open(client, coordinator, kultur, "partner_lesen")
    html = client.get(path).content.decode()
    assert "Ihr Anmeldename ist Ihre E-Mail-Adresse" in html
    assert "neu@partner.example" in html


@pytest.mark.parametrize(
    ("role", "welcome"),
    [("partner_lesen", "lesen"), ("partner_mitarbeit", "mitarbeiten")],
)
def test_a_partner_is_welcomed_for_what_they_may_do(client, coordinator, kultur, role, welcome):
    path = _invite_and_open(client, coordinator, kultur, role)
    response = client.post(path, {
        "first_name": "Nora", "last_name": "Neu", "password1": "Partner-2026-sicher!",
        "password2": "Partner-2026-sicher!",
    }, follow=True)  # fmt: skip
    html = response.content.decode()
    assert welcome in html
    if role == "partner_lesen":
        assert "arbeiten" not in html.split("Willkommen")[1].split("</")[0]
