"""Amounts typed the German way are accepted in every number field, whatever the browser's
locale: the inputs are text inputs the server reads, not number inputs the browser empties."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import project_edit_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12.500,50", Decimal("12500.50")),
        ("12500,5", Decimal("12500.50")),
        ("12.500", Decimal("12500")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("12500.50", Decimal("12500.50")),
        ("12 500,50 €", Decimal("12500.50")),
    ],
)
def test_a_budget_typed_the_german_way_is_stored(client, coordinator, kultur_project, typed,
                                                 stored):  # fmt: skip
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:edit", args=[kultur_project.pk]),
        project_edit_data(kultur_project, budget=typed),
    )
    assert response.status_code == 302
    assert Project.objects.get(pk=kultur_project.pk).budget == stored


@pytest.mark.parametrize(("typed", "stored"), [("40", 40), ("40,0", 40), ("40 %", 40)])
def test_progress_typed_with_a_comma_or_percent_sign(client, coordinator, kultur_project, typed,
                                                     stored):  # fmt: skip
    client.force_login(coordinator)
    client.post(
        reverse("projects:edit", args=[kultur_project.pk]),
        project_edit_data(kultur_project, progress=typed),
    )
    assert Project.objects.get(pk=kultur_project.pk).progress == stored


def test_the_status_update_progress_takes_a_comma(client, coordinator, kultur_project):
    client.force_login(coordinator)
    client.post(reverse("projects:status_update_create", args=[kultur_project.pk]),
                {"reported_on": "2026-11-30", "traffic_light": "im_plan", "progress": "55,0",
                 "text": "Bericht"})  # fmt: skip
    assert Project.objects.get(pk=kultur_project.pk).progress == 55


def test_a_number_that_is_none_is_refused_with_a_field_error(client, coordinator, kultur_project):
    client.force_login(coordinator)
    response = client.post(
        reverse("projects:edit", args=[kultur_project.pk]),
        project_edit_data(kultur_project, budget="zwölftausend", progress="40,5"),
    )
    assert response.status_code == 200
    assert {"budget", "progress"} <= set(response.context["form"].errors)


def test_number_fields_are_text_inputs_that_show_german_amounts(client, coordinator,
                                                                kultur_project):  # fmt: skip
    Project.objects.filter(pk=kultur_project.pk).update(budget=Decimal("12500.5"))
    client.force_login(coordinator)
    html = client.get(reverse("projects:edit", args=[kultur_project.pk])).content.decode()
    budget = (
        html.split('name="budget"')[0].rsplit("<input", 1)[1]
        + html.split('name="budget"')[1].split(">")[0]
    )
    assert 'type="text"' in budget
    assert 'inputmode="decimal"' in budget
    assert 'value="12.500,50"' in budget
    assert 'type="number"' not in html


def test_english_pages_read_english_amounts(client, coordinator, kultur_project, settings):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("projects:edit", args=[kultur_project.pk]),
                project_edit_data(kultur_project, budget="12,500.50"))  # fmt: skip
    assert Project.objects.get(pk=kultur_project.pk).budget == Decimal("12500.50")


@pytest.mark.parametrize("typed", ["1e5", "١٢٣", "1,2.5", "1.2,3", "12,5,0", "--5", "0x10", "∞"])
def test_what_is_no_number_is_refused_not_guessed(typed):
    from core.numbers import parse_number

    with pytest.raises(ValueError, match=re.escape(typed)):
        parse_number(typed)


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1.234.567,89", "1234567.89"), ("1,234,567.89", "1234567.89"), ("-12,5", "-12.5"),
     ("+3", "3"), ("0,05", "0.05")],
)  # fmt: skip
def test_well_written_numbers_are_read_either_way(typed, number):
    from core.numbers import parse_number

    assert parse_number(typed) == Decimal(number)
