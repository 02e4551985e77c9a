"""projects.filters.ProjectFilter: each filter, the default archive rule, ordering, and that
the choices of the select boxes stay within the user's scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from projects.filters import ProjectFilter
from projects.models import Project
from tests.factories import FieldOfActionFactory, GoalFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def titles(user, params, department=None) -> list[str]:
    queryset = Project.objects.visible_to(user)
    if department is not None:
        queryset = queryset.filter(department=department)
    project_filter = ProjectFilter(params, queryset=queryset, user=user, department=department)
    return [project.title for project in project_filter.qs]


def filter_for(user, department=None) -> ProjectFilter:
    return ProjectFilter(
        {}, queryset=Project.objects.visible_to(user), user=user, department=department
    )


# --- search ----------------------------------------------------------------------------------


def test_search_finds_title(rds_user, kultur):
    ProjectFactory(department=kultur, title="Digitale Ausleihe")
    ProjectFactory(department=kultur, title="Raumbuchung")
    assert titles(rds_user, {"q": "ausleihe"}) == ["Digitale Ausleihe"]


def test_search_finds_description(rds_user, kultur):
    ProjectFactory(department=kultur, title="A", description="Mit Open-Data-Schnittstelle")
    ProjectFactory(department=kultur, title="B", description="Ohne")
    assert titles(rds_user, {"q": "open-data"}) == ["A"]


def test_blank_search_returns_everything(rds_user, kultur):
    ProjectFactory(department=kultur, title="A")
    ProjectFactory(department=kultur, title="B")
    assert titles(rds_user, {"q": "   "}) == ["A", "B"]


def test_search_does_not_reveal_confidential_project(staff, kultur):
    ProjectFactory(department=kultur, title="Geheime Ausleihe", confidential=True)
    assert titles(staff, {"q": "ausleihe"}) == []


# --- choice filters ----------------------------------------------------------------------------


def test_kind_filter_keeps_processes(rds_user, kultur):
    ProjectFactory(department=kultur, title="Projekt", kind=Project.Kind.PROJECT)
    ProjectFactory(department=kultur, title="Prozess", kind=Project.Kind.PROCESS)
    assert titles(rds_user, {"kind": "prozess"}) == ["Prozess"]


def test_status_filter_keeps_matching_status(rds_user, kultur):
    ProjectFactory(department=kultur, title="Läuft", status=Project.Status.IMPLEMENTATION)
    ProjectFactory(department=kultur, title="Geplant", status=Project.Status.PLANNING)
    assert titles(rds_user, {"status": "umsetzung"}) == ["Läuft"]


def test_financing_filter_keeps_matching_financing(rds_user, kultur):
    ProjectFactory(department=kultur, title="Bezahlt", financing=Project.Financing.FINANCED)
    ProjectFactory(department=kultur, title="Offen", financing=Project.Financing.NOT_FINANCED)
    assert titles(rds_user, {"financing": "nicht_finanziert"}) == ["Offen"]


def test_influence_filter_keeps_matching_influence(rds_user, kultur):
    ProjectFactory(department=kultur, title="Groß", influence=Project.Influence.HIGH)
    ProjectFactory(department=kultur, title="Klein", influence=Project.Influence.LOW)
    assert titles(rds_user, {"influence": "hoch"}) == ["Groß"]


def test_traffic_light_filter_keeps_matching_light(rds_user, kultur):
    ProjectFactory(department=kultur, title="Rot", traffic_light="kritisch")
    ProjectFactory(department=kultur, title="Grün", traffic_light="im_plan")
    assert titles(rds_user, {"traffic_light": "kritisch"}) == ["Rot"]


def test_department_filter_keeps_one_department(rds_user, kultur, soziales):
    ProjectFactory(department=kultur, title="Kultur")
    ProjectFactory(department=soziales, title="Soziales")
    assert titles(rds_user, {"department": str(soziales.pk)}) == ["Soziales"]


def test_invalid_choice_still_hides_archived_projects(rds_user, kultur):
    ProjectFactory(department=kultur, title="Archiviert", archived_at=timezone.now())
    assert titles(rds_user, {"status": "gibt-es-nicht"}) == []


# --- strategy links ----------------------------------------------------------------------------


def test_field_of_action_filter_keeps_linked_projects(rds_user, kultur, agenda):
    daten = agenda.fields.get(name="Daten")
    ProjectFactory(department=kultur, title="Daten", fields_of_action=[daten])
    ProjectFactory(department=kultur, title="Ohne")
    assert titles(rds_user, {"field_of_action": str(daten.pk)}) == ["Daten"]


def test_field_of_action_filter_offers_only_active_agenda(rds_user, agenda):
    FieldOfActionFactory(name="Altes Handlungsfeld")  # belongs to a draft agenda
    offered = filter_for(rds_user).filters["field_of_action"].queryset
    assert set(offered.values_list("name", flat=True)) == {"Daten", "Netze"}


def test_goal_filter_keeps_linked_projects(rds_user, kultur, agenda):
    goal = GoalFactory(field=agenda.fields.get(name="Netze"), title="Glasfaser")
    ProjectFactory(department=kultur, title="Glasfaser", goals=[goal])
    ProjectFactory(department=kultur, title="Ohne")
    assert titles(rds_user, {"goal": str(goal.pk)}) == ["Glasfaser"]


# --- office ------------------------------------------------------------------------------------


def test_office_filter_keeps_projects_the_office_leads(rds_user, kultur, kultur_office):
    ProjectFactory(department=kultur, title="Geführt", lead_unit=kultur_office)
    ProjectFactory(department=kultur, title="Ohne")
    assert titles(rds_user, {"office": str(kultur_office.pk)}) == ["Geführt"]


def test_office_filter_keeps_projects_the_office_participates_in(
    rds_user, kultur, soziales, kultur_office
):
    ProjectFactory(department=soziales, title="Beteiligt", participating_units=[kultur_office])
    ProjectFactory(department=soziales, title="Ohne")
    assert titles(rds_user, {"office": str(kultur_office.pk)}) == ["Beteiligt"]


def test_office_filter_lists_lead_and_participating_project_once(rds_user, kultur):
    office, other = kultur.units.order_by("name")
    ProjectFactory(
        department=kultur, title="Doppelt", lead_unit=office, participating_units=[office, other]
    )
    assert titles(rds_user, {"office": str(office.pk)}) == ["Doppelt"]


# --- priority ----------------------------------------------------------------------------------


@pytest.fixture
def ranked(kultur):
    for rank in (1, 5, 6, 11):
        ProjectFactory(department=kultur, title=f"Rang {rank}", priority_rank=rank)
    ProjectFactory(department=kultur, title="Ohne Rang", priority_rank=None)


def test_priority_top5_keeps_ranks_one_to_five(rds_user, ranked):
    assert set(titles(rds_user, {"priority": "top5"})) == {"Rang 1", "Rang 5"}


def test_priority_top10_keeps_ranks_one_to_ten(rds_user, ranked):
    assert set(titles(rds_user, {"priority": "top10"})) == {"Rang 1", "Rang 5", "Rang 6"}


def test_priority_ranked_keeps_every_ranked_project(rds_user, ranked):
    assert set(titles(rds_user, {"priority": "ranked"})) == {
        "Rang 1",
        "Rang 5",
        "Rang 6",
        "Rang 11",
    }


def test_priority_unranked_keeps_projects_without_rank(rds_user, ranked):
    assert titles(rds_user, {"priority": "unranked"}) == ["Ohne Rang"]


# --- stale -------------------------------------------------------------------------------------


@pytest.fixture
def reporting(kultur, settings):
    settings.STALE_AFTER_DAYS = 90
    today = timezone.localdate()
    ProjectFactory(department=kultur, title="Aktuell", last_reported_on=today)
    ProjectFactory(department=kultur, title="Veraltet", last_reported_on=today - timedelta(91))
    silent = ProjectFactory(department=kultur, title="Nie gemeldet", last_reported_on=None)
    # 92 days: 91 days back from late evening may still be day 90 in local time (the cutoff
    # is a local day) when the clocks changed in between.
    Project.objects.filter(pk=silent.pk).update(created_at=timezone.now() - timedelta(92))
    ProjectFactory(department=kultur, title="Neu angelegt", last_reported_on=None)
    ProjectFactory(
        department=kultur,
        title="Abgeschlossen",
        status=Project.Status.COMPLETED,
        last_reported_on=None,
    )


def test_stale_ja_keeps_projects_without_recent_update(rds_user, reporting):
    assert titles(rds_user, {"stale": "ja"}) == ["Nie gemeldet", "Veraltet"]


def test_stale_nein_keeps_up_to_date_and_finished_projects(rds_user, reporting):
    assert titles(rds_user, {"stale": "nein"}) == ["Abgeschlossen", "Aktuell", "Neu angelegt"]


def test_project_reported_exactly_at_the_cutoff_is_not_stale(rds_user, kultur, settings):
    settings.STALE_AFTER_DAYS = 90
    ProjectFactory(department=kultur, last_reported_on=timezone.localdate() - timedelta(90))
    assert titles(rds_user, {"stale": "ja"}) == []


# --- reporting, funding gap, overdue end ----------------------------------------------------------


def test_reporting_bands_follow_the_citys_thresholds(rds_user, kultur, settings):
    settings.REPORT_DUE_AFTER_DAYS, settings.REPORT_OVERDUE_AFTER_DAYS = 30, 60
    settings.STALE_AFTER_DAYS = 90
    today = timezone.localdate()
    for days in (0, 30, 31, 60, 61, 90, 91):
        ProjectFactory(
            department=kultur, title=f"{days:02}", last_reported_on=today - timedelta(days)
        )
    ProjectFactory(department=kultur, title="Zukunft", status=Project.Status.FUTURE)
    bands = {band: titles(rds_user, {"reporting": band}) for band in ("aktuell", "faellig",
             "ueberfaellig", "veraltet")}  # fmt: skip
    assert bands == {
        "aktuell": ["00", "30"],
        "faellig": ["31", "60"],
        "ueberfaellig": ["61", "90"],
        "veraltet": ["91"],
    }


def test_a_project_that_never_reported_counts_from_its_creation(rds_user, kultur, settings):
    settings.REPORT_DUE_AFTER_DAYS, settings.REPORT_OVERDUE_AFTER_DAYS = 30, 60
    silent = ProjectFactory(department=kultur, title="Nie gemeldet", last_reported_on=None)
    Project.objects.filter(pk=silent.pk).update(created_at=timezone.now() - timedelta(45))
    assert titles(rds_user, {"reporting": "faellig"}) == ["Nie gemeldet"]
    assert titles(rds_user, {"reporting": "aktuell"}) == []


def test_funding_gap_keeps_projects_not_or_partly_financed(rds_user, kultur):
    for financing in ("finanziert", "teilfinanziert", "nicht_finanziert", "antrag_gestellt"):
        ProjectFactory(department=kultur, title=financing, financing=financing)
    assert titles(rds_user, {"funding_gap": "ja"}) == ["nicht_finanziert", "teilfinanziert"]


def test_overdue_keeps_unfinished_projects_past_their_end(rds_user, kultur):
    yesterday = timezone.localdate() - timedelta(1)
    start = yesterday - timedelta(100)
    ProjectFactory(department=kultur, title="Überfällig", start_date=start, end_date=yesterday)
    ProjectFactory(
        department=kultur, title="Heute", start_date=start, end_date=timezone.localdate()
    )
    ProjectFactory(
        department=kultur, title="Fertig", status=Project.Status.COMPLETED, start_date=start,
        end_date=yesterday,
    )  # fmt: skip
    assert titles(rds_user, {"overdue": "ja"}) == ["Überfällig"]


def test_goal_ohne_keeps_projects_serving_no_goal(rds_user, kultur):
    goal = GoalFactory()
    ProjectFactory(department=kultur, title="Mit Ziel").goals.add(goal)
    ProjectFactory(department=kultur, title="Ohne Ziel")
    assert titles(rds_user, {"goal": "ohne"}) == ["Ohne Ziel"]
    field = filter_for(rds_user).form.fields["goal"]
    assert ("ohne", "Dient keinem Ziel") in list(field.choices)[:2]


def test_traffic_light_ohne_keeps_projects_without_status_update(rds_user, kultur):
    ProjectFactory(department=kultur, title="Gemeldet", traffic_light="im_plan")
    ProjectFactory(department=kultur, title="Nie gemeldet", traffic_light="")
    assert titles(rds_user, {"traffic_light": "ohne"}) == ["Nie gemeldet"]
    assert titles(rds_user, {"traffic_light": "im_plan"}) == ["Gemeldet"]


# --- archive -----------------------------------------------------------------------------------


@pytest.fixture
def archive(kultur):
    ProjectFactory(department=kultur, title="Aktiv")
    ProjectFactory(department=kultur, title="Archiviert", archived_at=timezone.now())


def test_archived_projects_are_hidden_by_default(rds_user, archive):
    assert titles(rds_user, {}) == ["Aktiv"]


def test_archived_nur_keeps_only_archived_projects(rds_user, archive):
    assert titles(rds_user, {"archived": "nur"}) == ["Archiviert"]


def test_archived_alle_keeps_current_and_archived_projects(rds_user, archive):
    assert titles(rds_user, {"archived": "alle"}) == ["Aktiv", "Archiviert"]


# --- ordering ----------------------------------------------------------------------------------


@pytest.fixture
def alphabet(kultur, soziales):
    ProjectFactory(department=soziales, title="Beta", priority_rank=1)
    ProjectFactory(department=kultur, title="Alpha", priority_rank=2)
    ProjectFactory(department=kultur, title="Gamma", priority_rank=1)


def test_ordering_by_title(rds_user, alphabet):
    assert titles(rds_user, {"o": "title"}) == ["Alpha", "Beta", "Gamma"]


def test_ordering_by_descending_title(rds_user, alphabet):
    assert titles(rds_user, {"o": "-title"}) == ["Gamma", "Beta", "Alpha"]


def test_city_wide_default_order_is_department_then_priority(rds_user, alphabet):
    assert titles(rds_user, {}) == ["Gamma", "Alpha", "Beta"]


def test_workspace_default_order_is_priority(rds_user, kultur, alphabet):
    assert titles(rds_user, {}, department=kultur) == ["Gamma", "Alpha"]


def test_descending_priority_keeps_unranked_projects_last(rds_user, kultur):
    ProjectFactory(department=kultur, title="Eins", priority_rank=1)
    ProjectFactory(department=kultur, title="Ohne", priority_rank=None)
    ProjectFactory(department=kultur, title="Zwei", priority_rank=2)
    assert titles(rds_user, {"o": "-priority"}) == ["Zwei", "Eins", "Ohne"]


def test_unknown_ordering_falls_back_to_default_order(rds_user, alphabet):
    assert titles(rds_user, {"o": "gibt-es-nicht"}) == ["Gamma", "Alpha", "Beta"]


# --- choices within the user's scope -----------------------------------------------------------


def test_partner_office_choices_contain_only_own_department_offices(partner, kultur, soziales):
    offered = filter_for(partner).form.fields["office"].queryset
    assert set(offered) == set(kultur.units.all())


def test_partner_department_choices_contain_only_own_department(partner, kultur, soziales):
    offered = filter_for(partner).form.fields["department"].queryset
    assert list(offered) == [kultur]


def test_staff_office_choices_contain_all_offices(staff, kultur, soziales):
    offered = filter_for(staff).form.fields["office"].queryset
    assert offered.count() == kultur.units.count() + soziales.units.count()


def test_workspace_filter_has_no_department_choice(rds_user, kultur):
    assert "department" not in filter_for(rds_user, department=kultur).form.fields


def test_workspace_office_choices_contain_only_that_workspace(rds_user, kultur, soziales):
    offered = filter_for(rds_user, department=kultur).form.fields["office"].queryset
    assert set(offered) == set(kultur.units.all())


def test_partner_cannot_filter_by_other_department_office(partner, kultur, soziales_office):
    project_filter = ProjectFilter(
        {"office": str(soziales_office.pk)},
        queryset=Project.objects.visible_to(partner),
        user=partner,
    )
    assert "office" in project_filter.errors
