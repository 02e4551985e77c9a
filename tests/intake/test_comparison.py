"""Round-over-round comparison: answers by key and office, projects by project (or title),
in a fixed number of queries; the page within the reader's scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from intake import services
from intake.comparison import Change, compare
from intake.models import Response
from tests.factories import OrgUnitFactory
from tests.intake.two_rounds import fill_first_round, fill_second_round, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_rounds(rds_user, standard_version, intake_round, soziales, kultur):
    """Staffel 2 (Kultur and Soziales) and a later Staffel 3 (Soziales), both filled in."""
    earlier = intake_round.intakes.get(department=soziales)
    fill_first_round(rds_user, earlier)
    later_round = open_round(rds_user, standard_version, [soziales], "Staffel 3")
    later = later_round.intakes.get()
    fill_second_round(rds_user, earlier, later)
    return earlier, later


def _office(comparison, name):
    return next(office for office in comparison.offices if office.name == name)


def test_answers_are_compared_by_key_per_office(two_rounds):
    earlier, later = two_rounds
    comparison = compare(earlier, later)
    sozialamt = _office(comparison, "Sozialamt")
    by_key = {answer.key: answer for answer in sozialamt.answers}
    assert by_key["aufgaben"].change == Change.CHANGED
    assert by_key["aufgaben"].earlier == "Hilfe zum Lebensunterhalt, Wohngeld"
    assert by_key["aufgaben"].later == "Wohngeld, Grundsicherung"
    assert by_key["erwartungen"].change == Change.DROPPED
    assert by_key["erwartungen"].later == ""
    assert by_key["digitalisierungsgrad"].change == Change.UNCHANGED
    assert by_key["digitalisierungsgrad"].later == "2 / 5"  # as a person reads it
    assert by_key["beschaeftigte"].change == Change.UNCHANGED  # unanswered both times
    # The projects question lists the titles.
    assert by_key["vorhaben"].change == Change.CHANGED
    assert by_key["vorhaben"].earlier == "Digitaler Wohngeldantrag; E-Akte Sozialamt"
    assert by_key["vorhaben"].later == "Digitaler Wohngeldantrag; Chatbot Bürgerservice"
    gesundheitsamt = _office(comparison, "Gesundheitsamt")
    assert gesundheitsamt.changed == []
    assert gesundheitsamt.earlier_state
    assert gesundheitsamt.later_state
    # Every question key of the version is there, for every office.
    assert len(sozialamt.answers) == earlier.round.version.questions.count()


def _outline(comparison):
    return [
        (office.name, [(a.key, a.change, a.earlier, a.later) for a in office.changed],
         office.unchanged_count)
        for office in comparison.offices
    ], comparison.summary  # fmt: skip


def test_the_page_sees_the_same_changes_as_the_full_comparison(
    rds_user, standard_version, two_rounds, soziales
):
    """The page lets the database pair the answers and keeps only what differs; the Excel
    file reads every answer. Both say the same."""
    earlier, later = two_rounds
    assert _outline(compare(earlier, later, unchanged=False)) == _outline(compare(earlier, later))
    OrgUnitFactory(department=soziales, name="Jobcenter")  # an office only in the later round
    newest = open_round(rds_user, standard_version, [soziales], "Staffel 4").intakes.get()
    for name, values in (("Gesundheitsamt", {"aufgaben": "Neu", "beschaeftigte": "12"}),
                         ("Jobcenter", {"aufgaben": "Vermittlung"})):  # fmt: skip
        response = newest.responses.get(unit__name=name)
        services.response_save(
            actor=rds_user, response=response, version=response.version, values=values, loaded={}
        )
    assert _outline(compare(earlier, newest, unchanged=False)) == _outline(compare(earlier, newest))


def test_projects_new_dropped_and_changed_across_the_department(two_rounds):
    earlier, later = two_rounds
    comparison = compare(earlier, later)
    by_title = {project.title: project for project in comparison.projects}
    wohngeld = by_title["Digitaler Wohngeldantrag"]
    assert wohngeld.change == Change.CHANGED
    assert wohngeld.status_changed
    assert wohngeld.financing_changed
    assert (wohngeld.earlier_status, wohngeld.later_status) == ("in Planung", "in Umsetzung")
    assert wohngeld.later_financing == "finanziert"
    assert by_title["E-Akte Sozialamt"].change == Change.DROPPED
    assert by_title["E-Akte Sozialamt"].offices == ["Sozialamt"]
    assert by_title["Chatbot Bürgerservice"].change == Change.NEW
    assert by_title["Vorhaben Gesundheitsamt"].change == Change.UNCHANGED
    # Changes first, unchanged last.
    assert [p.change for p in comparison.projects][-1] == Change.UNCHANGED
    assert comparison.summary.projects == {"neu": 1, "entfallen": 1, "geaendert": 1,
                                           "unveraendert": 1}  # fmt: skip
    assert comparison.summary.offices == 2
    assert comparison.summary.answers["geaendert"] == 2  # aufgaben, vorhaben


def test_a_project_whose_link_is_gone_is_matched_by_its_title(two_rounds):
    earlier, later = two_rounds
    entry = later.responses.get(unit__name="Sozialamt").project_entries.get(
        snapshot__title="Digitaler Wohngeldantrag"
    )
    entry.snapshot = entry.snapshot | {"project_id": None, "title": "digitaler  WOHNGELDANTRAG"}
    entry.save()
    by_title = {p.title: p for p in compare(earlier, later).projects}
    assert by_title["digitaler  WOHNGELDANTRAG"].change == Change.CHANGED
    assert "Digitaler Wohngeldantrag" not in by_title  # not dropped: the same project


def test_offices_only_in_one_round_have_only_new_or_dropped_answers(
    rds_user, standard_version, two_rounds, soziales
):
    earlier, _later = two_rounds
    OrgUnitFactory(department=soziales, name="Jobcenter")
    newest = open_round(rds_user, standard_version, [soziales], "Staffel 4").intakes.get()
    comparison = compare(earlier, newest)
    jobcenter = _office(comparison, "Jobcenter")
    assert jobcenter.earlier_state == ""
    assert jobcenter.later_state
    assert jobcenter.pending  # asked now, not started yet
    sozialamt = _office(comparison, "Sozialamt")
    assert sozialamt.pending  # not started yet: nothing counts as dropped
    assert sozialamt.answers == []
    assert comparison.summary.answers.get(Change.DROPPED.value, 0) == 0
    assert comparison.summary.projects.get(Change.DROPPED.value, 0) == 0


def test_only_the_responses_given_are_compared(two_rounds, staff):
    earlier, later = two_rounds
    comparison = compare(earlier, later, responses=Response.objects.visible_to(staff))
    assert [office.name for office in comparison.offices] == ["Sozialamt"]


def _department_with_offices(rds_user, standard_version, count, name):
    from tests.factories import DepartmentFactory

    department = DepartmentFactory(name=f"Dezernat {name}", short_name=name, slug=name.lower())
    for number in range(count):
        OrgUnitFactory(department=department, name=f"{name} Amt {number}")
    first = open_round(rds_user, standard_version, [department], f"{name} 1").intakes.get()
    for response in first.responses.select_related("unit"):
        from tests.intake.conftest import fill_in
        from tests.intake.two_rounds import add_project

        fill_in(response, rds_user, project_title=f"Erstes {response.unit.name}")
        add_project(rds_user, response, f"Zweites {response.unit.name}")
    second = open_round(rds_user, standard_version, [department], f"{name} 2").intakes.get()
    for response in second.responses.select_related("unit"):
        from tests.intake.conftest import COMPLETE, fill_in

        fill_in(response, rds_user, COMPLETE | {"aufgaben": "anders"},
                project_title=f"Neues {response.unit.name}")  # fmt: skip
    return department, first, second


def test_queries_do_not_grow_with_the_number_of_offices(client, rds_user, standard_version):
    counts = {}
    for offices in (2, 6):
        department, first, second = _department_with_offices(
            rds_user, standard_version, offices, f"Test{offices}"
        )
        with CaptureQueriesContext(connection) as direct:
            comparison = compare(first, second)
        assert len(comparison.offices) == offices
        client.force_login(rds_user)
        url = reverse("intake:compare", args=[department.slug])
        with CaptureQueriesContext(connection) as page:
            response = client.get(url, {"frueher": first.pk, "spaeter": second.pk})
        assert response.status_code == 200
        with CaptureQueriesContext(connection) as export:
            export_url = reverse("intake:compare_export", args=[department.slug])
            assert client.get(export_url).status_code == 200
        counts[offices] = (len(direct), len(page), len(export))
    assert counts[2] == counts[6]
    assert counts[2][0] <= 7


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_the_latest_two_rounds_by_default(client, two_rounds, soziales_coordinator):
    earlier, later = two_rounds
    client.force_login(soziales_coordinator)
    response = client.get(reverse("intake:compare", args=["soziales"]))
    assert response.status_code == 200
    assert response.context["earlier"] == earlier
    assert response.context["later"] == later
    html = response.content.decode()
    assert "Chatbot Bürgerservice" in html
    assert "E-Akte Sozialamt" in html
    assert "Wohngeld, Grundsicherung" in html
    assert (
        '<del><span class="kern-sr-only">vorher: </span>in Planung</del> → '
        '<ins><span class="kern-sr-only">jetzt: </span>in Umsetzung</ins>'
    ) in html
    assert "Vergleich" in html
    assert "entfallen" in html
    assert "geändert" in html
    # The rounds the other way round, chosen in the form.
    response = client.get(
        reverse("intake:compare", args=["soziales"]), {"frueher": later.pk, "spaeter": earlier.pk}
    )
    by_title = {p.title: p for p in response.context["comparison"].projects}
    assert by_title["Chatbot Bürgerservice"].change == Change.DROPPED


def test_fewer_than_two_rounds_show_an_empty_state(client, intake_round, coordinator):
    client.force_login(coordinator)  # Kultur: one round
    response = client.get(reverse("intake:compare", args=["kultur"]))
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "Noch nichts zu vergleichen" in response.content.decode()
    assert client.get(reverse("intake:compare_export", args=["kultur"])).status_code == 404


def test_the_same_round_twice_compares_nothing(client, two_rounds, rds_user):
    earlier, _later = two_rounds
    client.force_login(rds_user)
    response = client.get(
        reverse("intake:compare", args=["soziales"]), {"frueher": earlier.pk, "spaeter": earlier.pk}
    )
    assert response.status_code == 200
    assert response.context["comparison"] is None


def test_outside_the_scope_the_comparison_does_not_exist(
    client, two_rounds, coordinator, partner, outsider, kultur_intake
):
    earlier, later = two_rounds
    url = reverse("intake:compare", args=["soziales"])
    params = {"frueher": earlier.pk, "spaeter": later.pk}
    for user in (coordinator, partner, outsider):  # Kultur's coordinator and partner, nobody
        client.force_login(user)
        assert client.get(url, params).status_code == 404, user
        assert client.get(url).status_code == 404, user
        export = reverse("intake:compare_export", args=["soziales"])
        assert client.get(export, params).status_code == 404, user
    # An intake of another department named in the parameters.
    client.force_login(coordinator)
    kultur_url = reverse("intake:compare", args=["kultur"])
    assert client.get(kultur_url, {"frueher": earlier.pk}).status_code == 404
    assert client.get(kultur_url, {"frueher": "x"}).status_code == 404


def test_staff_compare_their_own_office_only(client, two_rounds, staff):
    client.force_login(staff)  # Sozialamt
    response = client.get(reverse("intake:compare", args=["soziales"]))
    assert response.status_code == 200
    assert [o.name for o in response.context["comparison"].offices] == ["Sozialamt"]
    assert "Vorhaben Gesundheitsamt" not in response.content.decode()
