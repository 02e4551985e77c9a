"""The parts of the phone and print layout that the server renders: login inputs in the KERN
style from the start, a 403 page that does not claim the page can be read, and the print line
with today's date. The layout itself is checked in Chromium (tests/browser/test_layout.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import StatusUpdateFactory

pytestmark = pytest.mark.django_db


def test_login_inputs_carry_the_kern_class_before_an_error(client):
    html = client.get(reverse("login")).content.decode()
    for name in ("username", "password"):
        tag = re.search(rf'<input [^>]*name="{name}"[^>]*>', html).group(0)
        assert 'class="kern-form-input__input"' in tag


def test_login_inputs_keep_the_kern_class_with_an_error(client):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    tag = re.search(r'<input [^>]*name="username"[^>]*>', html).group(0)
    assert 'class="kern-form-input__input kern-form-input__input--error"' in tag


def test_forbidden_page_does_not_say_the_page_can_be_read(client, staff, kultur_project):
    client.force_login(staff)  # reads the other department's project, may not edit it
    response = client.get(reverse("projects:edit", args=[kultur_project.pk]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "lesen" not in html.split('id="main"')[1]
    assert "Ihre Rolle erlaubt das nicht." in html


def test_every_page_has_a_print_line_with_todays_date(client, rds_user):
    client.force_login(rds_user)
    html = client.get(reverse("dashboards:home")).content.decode()
    line = re.search(r'<p class="print-header">(.*?)</p>', html, re.S).group(1)
    assert f"gedruckt am {timezone.localdate():%d.%m.%Y}" in line


def test_forbidden_page_gives_the_reason_the_code_names(client, coordinator, kultur_project):
    update = StatusUpdateFactory(project=kultur_project)  # written by somebody else
    client.force_login(coordinator)
    response = client.get(
        reverse("projects:status_update_correct", args=[kultur_project.pk, update.pk])
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Nur wer eine Statusmeldung verfasst hat, kann sie korrigieren" in html
    assert "Ihre Rolle erlaubt das nicht." not in html
