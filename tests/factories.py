"""factory_boy factories, one per model. Every factory builds a valid object with the fewest
side effects: optional relations stay empty unless a test asks for them."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from agenda.models import Agenda, AgendaProject, FieldOfAction, Goal, GuidingPrinciple
from needs.models import Need
from offerings.models import Offering, OfferingRequest
from organisation.models import Department, Membership, OrgUnit
from projects.models import Project, StatusUpdate, TrafficLight
from workshops.models import Cohort

TEST_PASSWORD = "test-passwort-2026"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Dezernat Beispiel {n}")
    short_name = factory.Sequence(lambda n: f"Beispiel {n}")
    slug = factory.Sequence(lambda n: f"beispiel-{n}")
    number = ""
    head = "Erika Musterfrau"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Amt {n}")
    short_code = factory.Sequence(lambda n: str(10 + n))
    kind = OrgUnit.Kind.OFFICE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nutzer-{n}")
    first_name = "Max"
    last_name = "Mustermann"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        """``UserFactory(groups=[group, ...])`` adds the user to those groups."""
        if create and extracted:
            self.groups.add(*extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = Membership.Role.STAFF
    expires_at = None

    class Params:
        partner = factory.Trait(
            role=Membership.Role.PARTNER_READER,
            expires_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=30)),
        )
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )


class AgendaFactory(factory.django.DjangoModelFactory):
    """A draft agenda; pass ``status=Agenda.Status.ACTIVE`` for the (one) active agenda."""

    class Meta:
        model = Agenda

    title = factory.Sequence(lambda n: f"Digitale Agenda {n}")
    status = Agenda.Status.DRAFT
    horizon = "bis 2030"


class GuidingPrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidingPrinciple

    agenda = factory.SubFactory(AgendaFactory)
    title = factory.Sequence(lambda n: f"Leitprinzip {n}")
    order = factory.Sequence(lambda n: n)


class FieldOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    agenda = factory.SubFactory(AgendaFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    motto = factory.Sequence(lambda n: f"Motto {n}")
    order = factory.Sequence(lambda n: n + 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    field = factory.SubFactory(FieldOfActionFactory)
    title = factory.Sequence(lambda n: f"Ziel {n}")
    order = factory.Sequence(lambda n: n)


class AgendaProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaProject

    agenda = factory.SubFactory(AgendaFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agenda-Projekt {n}")
    field = None
    lead_unit = None


class ProjectFactory(factory.django.DjangoModelFactory):
    """A current, non-confidential project without lead office. Pass ``lead_unit`` (an office
    of ``department``) where a test needs one."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)
    kind = Project.Kind.PROJECT
    title = factory.Sequence(lambda n: f"Vorhaben {n}")
    description = "Ein fiktives Vorhaben für Tests."
    status = Project.Status.PLANNING
    financing = Project.Financing.NOT_FINANCED
    confidential = False

    @factory.post_generation
    def participating_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.participating_units.set(extracted)

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)

    @factory.post_generation
    def fields_of_action(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields_of_action.set(extracted)


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    """A status update row only: it does not carry its values over to the project (that is
    what ``projects.services.status_update_create`` does)."""

    class Meta:
        model = StatusUpdate

    project = factory.SubFactory(ProjectFactory)
    reported_on = factory.LazyFunction(timezone.localdate)
    traffic_light = TrafficLight.ON_TRACK
    progress = 10
    text = "Alles im Plan."
    author = None


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    status = Cohort.Status.PLANNED

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


class OfferingFactory(factory.django.DjangoModelFactory):
    """An available RDS offering used by no project."""

    class Meta:
        model = Offering
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Angebot {n}")
    slug = factory.Sequence(lambda n: f"angebot-{n}")
    description = "Ein fiktives Angebot des Referats Digitale Stadt."
    contact = "Team Angebote"
    contact_email = "angebote@stadt.example"
    status = Offering.Status.AVAILABLE

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)


class OfferingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferingRequest

    offering = factory.SubFactory(OfferingFactory)
    department = factory.SubFactory(DepartmentFactory)
    note = "Wir möchten das Angebot nutzen."
    status = OfferingRequest.Status.OPEN


class NeedFactory(factory.django.DjangoModelFactory):
    """An open need of medium severity, without owner, projects or offering. A row only: the
    rules of ``needs.services`` are not asked."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)
    category = Need.Category.SKILLS
    title = factory.Sequence(lambda n: f"Bedarf {n}")
    description = "Ein fiktiver Bedarf."
    severity = Need.Severity.MEDIUM
    status = Need.Status.OPEN

    @factory.post_generation
    def projects(self, create, extracted, **kwargs):
        if create and extracted:
            self.projects.set(extracted)


def project_edit_data(project, **overrides) -> dict:
    """What the project form posts for ``project`` as it is stored, with ``overrides``."""
    data = {
        "kind": project.kind, "title": project.title, "description": project.description,
        "lead_unit": project.lead_unit_id or "", "status": project.status,
        "financing": project.financing, "influence": project.influence,
        "decision_scope": project.decision_scope, "progress": str(project.progress),
        "version": project.version,
    }  # fmt: skip
    return data | overrides
