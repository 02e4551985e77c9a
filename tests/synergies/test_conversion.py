"""What earlier steps kept as answers and results is taken over into the registers, once:
the intake's needs and expectations, and the needs and synergies found in workshops."""

from io import StringIO

import pytest
from django.core.management import call_command

from intake import services as intake_services
from intake.models import DepartmentIntake, IntakeState
from needs.conversion import guess_category
from needs.models import Need
from offerings.models import Offering
from synergies.models import Synergy
from tests.factories import ProjectFactory
from tests.intake.conftest import COMPLETE, fill_in
from tests.workshops.fixtures_series import *  # noqa: F403
from workshops import services as workshop_services


def convert(*args) -> str:
    out = StringIO()
    call_command("convert_findings", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def submitted(sozialamt_response, staff):
    Offering.objects.create(title="Beratung zu Digitalisierungsvorhaben", slug="beratung")
    values = COMPLETE | {
        "bedarfe": "Zwei Stellen für das Fachverfahren fehlen. Ohne sie bleibt alles liegen.",
        "angebote": ["beratung"],
    }
    response = fill_in(sozialamt_response, staff, values)
    response = intake_services.response_submit(actor=staff, response=response)
    # RDS accepted the department's intake (the steps before are the intake's own tests').
    DepartmentIntake.objects.filter(pk=response.intake_id).update(state=IntakeState.ACCEPTED)
    return response


def test_submitted_intake_answers_become_needs_once(submitted, soziales):
    report = convert()
    needs = {need.source_ref.rsplit(":", 1)[1]: need for need in Need.objects.all()}
    assert set(needs) == {"bedarfe", "erwartungen"}
    need = needs["bedarfe"]
    assert (need.department, need.category, need.source) == (soziales, "personal", "erfassung")
    assert need.title == "Zwei Stellen für das Fachverfahren fehlen."
    assert "Sozialamt" in need.description
    assert need.offering.slug == "beratung"
    assert needs["erwartungen"].title.startswith("Erwartung an das Referat Digitale Stadt")
    assert "Bedarfe aus der Status-quo-Erfassung: 2 neu" in report
    assert "2 schon vorhanden" in convert()
    assert Need.objects.count() == 2


def test_answers_wait_until_the_departments_intake_is_accepted(sozialamt_response, staff):
    response = fill_in(sozialamt_response, staff)
    intake_services.response_submit(actor=staff, response=response)
    convert()
    assert not Need.objects.exists()


def test_partners_never_see_needs_taken_over_from_the_intake(submitted, soziales, rds_user):
    from tests.factories import MembershipFactory, UserFactory

    convert()
    partner = UserFactory(username="partnerin-soziales")
    MembershipFactory(user=partner, department=soziales, partner=True)
    assert Need.objects.visible_to(partner).count() == 0
    assert Need.objects.visible_to(rds_user).count() == 2


def test_one_need_that_breaks_a_rule_is_reported_and_the_others_are_converted(
    submitted, monkeypatch
):
    from django.core.exceptions import ValidationError

    original = Need.clean

    def clean(need):
        if need.title.startswith("Zwei"):
            raise ValidationError("kaputt")
        original(need)

    monkeypatch.setattr(Need, "clean", clean)
    report = convert()
    assert report.count("! ") == 1
    assert "kaputt" in report
    assert list(Need.objects.values_list("source_ref", flat=True)) == [
        f"erfassung:{submitted.pk}:erwartungen"
    ]


def test_a_dry_run_changes_nothing(submitted):
    report = convert("--dry-run")
    assert "Probelauf: Es wurde nichts geändert" in report
    assert "+ " in report
    assert not Need.objects.exists()


def test_workshop_findings_become_needs_and_proposed_synergies(cohort, kultur, soziales, rds_user):
    workshop = cohort.workshops.get(department=kultur, part=1)
    a = ProjectFactory(department=kultur, title="Förderportal")
    b = ProjectFactory(department=soziales, title="Förderanträge Soziales")
    workshop_services.finding_add(
        workshop=workshop, actor=rds_user, kind="bedarf",
        title="Schulungen zur E-Akte fehlen", description="Niemand kennt das DMS.", projects=[a],
    )  # fmt: skip
    workshop_services.finding_add(
        workshop=workshop, actor=rds_user, kind="synergie", title="Förderportal teilen",
        projects=[a, b],
    )  # fmt: skip
    workshop_services.finding_add(
        workshop=workshop, actor=rds_user, kind="synergie", title="Nur ein Vorhaben", projects=[a]
    )
    report = convert()
    need = Need.objects.get()
    assert (need.department, need.source, need.workshop, need.category) == (
        kultur, "workshop", workshop, "kompetenzen",
    )  # fmt: skip
    assert list(need.projects.all()) == [a]
    link = Synergy.objects.get()
    assert (link.source, link.target, link.status) == (a, b, "vorgeschlagen")
    assert "Förderportal teilen" in link.description
    assert "nennt weniger als zwei Vorhaben" in report
    # Again: nothing new; the item naming one project is reported again.
    again = convert()
    assert Need.objects.count() == 1
    assert Synergy.objects.count() == 1
    assert "nennt weniger als zwei Vorhaben" in again
    assert workshop.findings.filter(converted_at__isnull=True).count() == 1


def test_a_finding_for_a_pair_linked_already_adds_no_second_link(
    cohort, kultur, soziales, rds_user
):
    workshop = cohort.workshops.get(department=kultur, part=1)
    a = ProjectFactory(department=kultur)
    b = ProjectFactory(department=soziales)
    Synergy.objects.create(kind="dublette", source=a, target=b)
    workshop_services.finding_add(
        workshop=workshop, actor=rds_user, kind="synergie", title="x", projects=[a, b]
    )
    convert()
    assert Synergy.objects.count() == 1


def test_a_title_taken_gets_the_office(submitted, soziales):
    Need.objects.create(
        department=soziales, category="personal", title="Zwei Stellen für das Fachverfahren fehlen."
    )
    convert()
    assert Need.objects.filter(title__contains="(Sozialamt)").exists()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Es fehlen Stellen im Sachgebiet", "personal"),
        ("Lizenz für das Fachverfahren", "software"),
        ("Datenschutz ist ungeklärt", "recht"),
        ("Abläufe sind unklar", "prozesse"),
    ],
)
def test_the_category_is_read_from_the_words(text, category):
    assert guess_category(text) == category
