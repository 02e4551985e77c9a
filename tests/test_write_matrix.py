"""Every write endpoint × every role × hostile payloads, with the database checked each time.

For each endpoint the matrix names who may write (``allowed``) and a list of cases: the valid
request (it must change the database for exactly the allowed roles, which proves the payloads
are realistic) and hostile variants of it (values outside the choices, ids of objects outside
the scope, another workspace's slug, missing fields, missing or forged version fields). A
hostile case changes nothing for anyone, unless it names the roles for which it is in fact
allowed (RDS may write in another workspace). "Nothing" is checked on the whole database:
every row of every table of the app, the accounts and their history, before and after each
request.

The list of endpoints comes from the URL configuration: a new URL must be added here as a
write endpoint or as a read-only page (whose POST must change nothing), or
``test_every_url_is_in_the_write_matrix`` fails. Left out on purpose: login, logout and the
language switch (authentication, tested in tests/accounts), and the Django admin, which only
the Administration opens (its model forms run the same model rules, see
tests/projects/test_rules_on_every_path.py and tests/accounts/test_member_rules.py).
"""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from access.rights import EXTERNAL_GROUP, role_group
from accounts import services as account_services
from accounts.models import AuditEvent
from agenda.models import Agenda
from handbook import services as handbook_services
from intake import answers as intake_answers
from intake import questionnaires, uploads
from intake import services as intake_services
from intake.models import DepartmentIntake, Question, Response
from jobs.models import Download
from needs import services as need_services
from needs.models import Need
from offerings import services as offering_services
from offerings.models import Offering, OfferingRequest
from organisation.models import Membership
from projects import comments as project_comments
from projects import services as project_services
from projects.models import Project
from projects.resources import ProjectResource
from reporting import services as reporting_services
from spreadsheets import services as spreadsheet_services
from synergies.models import Synergy
from tests.dashboards import kept as kept_counts
from tests.factories import (
    AgendaFactory,
    AgendaProjectFactory,
    FieldOfActionFactory,
    GoalFactory,
    MembershipFactory,
    UserFactory,
)
from tests.test_permission_matrix import OWN_NAMESPACES, _url_names, intake_rounds
from tests.workshops.data import publish_templates
from workshops import selectors as workshop_selectors
from workshops import services as workshop_services
from workshops import standards
from workshops.models import Cohort, Workshop

ROLES = ("anonymous", "admin_user", "rds_user", "coordinator", "staff", "partner",
         "partner_contributor", "leadership_user", "outsider", "expired_partner")  # fmt: skip
CENTRAL = frozenset({"admin_user", "rds_user"})
KULTUR_MANAGERS = CENTRAL | {"coordinator"}
KULTUR_EDITORS = KULTUR_MANAGERS | {"partner_contributor"}
EVERYONE_WITH_THE_LINK = frozenset(ROLES) - {"expired_partner"}  # logged out before the page
# Tables that change on every request whoever makes it, and say nothing about the data.
VOLATILE_TABLES = {"django_session", "axes_accessattempt", "axes_accesslog",
                   "axes_accessfailurelog"}  # fmt: skip
SESSION_EVENTS = ("login", "logout")  # an expired partner is logged out by any request


# --- The database, before and after --------------------------------------------------------


def fingerprint() -> dict[str, str]:
    """A digest of every row of every table (bar the volatile ones)."""
    digests = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in VOLATILE_TABLES or model._meta.proxy:
                continue
            columns = ", ".join(
                connection.ops.quote_name(f.column) for f in model._meta.concrete_fields
            )
            pk = connection.ops.quote_name(model._meta.pk.column)
            where, params = "", []
            if table == AuditEvent._meta.db_table:  # logging in and out is not the data
                where = f" WHERE kind NOT IN ({', '.join(['%s'] * len(SESSION_EVENTS))})"
                params = list(SESSION_EVENTS)
            table_name = connection.ops.quote_name(table)
            cursor.execute(f"SELECT {columns} FROM {table_name}{where} ORDER BY {pk}", params)  # noqa: S608
            digests[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return digests


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(table for table in before if before[table] != after[table])


# --- The objects every case refers to --------------------------------------------------------


@dataclass
class World:
    kultur: object
    soziales: object
    kultur_office: object
    soziales_office: object
    project: object  # in Kultur, open to everyone who reads Kultur
    confidential: object  # in Kultur
    soziales_project: object
    confidential_soziales: object
    archived_goal: object
    archived_field: object
    archived_agenda_project: object
    colleague: object  # staff membership in Kultur
    soziales_member: object  # staff membership in Soziales
    partner_membership: object
    expired_membership: object
    update: object  # status update of ``project`` by the coordinator
    soziales_update: object
    token: str
    run: object  # a checked import that can be applied
    failed_run: object  # a checked import with errors
    download: object  # a large export of rds_user's, ready to download
    published: object  # questionnaire version 1, published; its questionnaire has a draft
    draft: object  # version 2 of the same questionnaire, a copy of version 1
    other_published: object  # a published version of a questionnaire without a draft
    intake_rounds: list  # Staffel 1 (Kultur and Soziales) and Staffel 2 (Kultur)
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(kultur, soziales, kultur_office, soziales_office, kultur_project,
          confidential_kultur_project, soziales_project, confidential_soziales_project, agenda,
          coordinator, staff, partner, partner_contributor, expired_partner, rds_user,
          admin_user, leadership_user, outsider):  # fmt: skip
    old = AgendaFactory(title="Frühere Agenda", status=Agenda.Status.ARCHIVED)
    old_field = FieldOfActionFactory(agenda=old, name="Früheres Feld")
    colleague = MembershipFactory(
        user=UserFactory(username="kollege"), department=kultur, role=Membership.Role.STAFF
    )
    soziales_member = MembershipFactory(department=soziales, role=Membership.Role.STAFF)
    MembershipFactory(  # a partner invited elsewhere: never staff of Kultur
        user=UserFactory(username="partnerin-soziales", groups=[role_group(EXTERNAL_GROUP)]),
        department=soziales, partner=True,
    )  # fmt: skip
    UserFactory(username="neu.kollege", email="neu.kollege@stadt.example")
    update = project_services.status_update_create(
        project=kultur_project,
        actor=coordinator,
        progress=10,
        text="Bericht",
        traffic_light="im_plan",
    )
    soziales_update = project_services.status_update_create(
        project=soziales_project, actor=rds_user, progress=5, text="Bericht S",
        traffic_light="im_plan",
    )  # fmt: skip
    published, draft, other_published = _questionnaires(rds_user)
    version = questionnaires.load()[0]
    rounds = {
        name: intake_services.round_open(
            actor=rds_user,
            title=f"Runde {name}",
            version=version,
            deadline=timezone.localdate() + timedelta(days=7),
            departments=departments,
        )
        for name, departments in (("round", [kultur, soziales]), ("soziales_round", [soziales]))
    }
    tokens = []
    account_services.invitation_create(
        actor=coordinator, department=kultur, email="eingeladen@partner.example",
        role="partner_lesen", access_expires_on=timezone.localdate() + timedelta(days=30),
        accept_url_builder=lambda token: tokens.append(token) or token,
    )  # fmt: skip
    return World(
        kultur=kultur, soziales=soziales, kultur_office=kultur_office,
        soziales_office=soziales_office, project=kultur_project,
        confidential=confidential_kultur_project, soziales_project=soziales_project,
        confidential_soziales=confidential_soziales_project,
        archived_goal=GoalFactory(field=old_field, title="Früheres Ziel"),
        archived_field=old_field,
        archived_agenda_project=AgendaProjectFactory(agenda=old, title="Früheres Projekt"),
        colleague=colleague, soziales_member=soziales_member,
        partner_membership=partner.memberships.get(),
        expired_membership=expired_partner.memberships.get(),
        update=update, soziales_update=soziales_update, token=tokens[0],
        run=_checked_run(rds_user, _project_file(kultur, "Aus dem Import")),
        failed_run=_checked_run(rds_user, _project_file(kultur, "")),
        download=Download.objects.create(
            user=rds_user, title="Export", status=Download.Status.READY, file_name="a.csv",
            content_type="text/csv", data=b"a;b",
        ),
        extra={**_intake_world(rds_user, kultur, soziales), **rounds,
               **_handbook_world(rds_user),
               **_template_world(rds_user),
               **_workshop_world(rds_user, kultur, soziales, coordinator, kultur_project),
               **_synergy_world(kultur_project, soziales_project, soziales),
               **_needs_world(rds_user, kultur, soziales, coordinator, kultur_project,
                              soziales_project),
               "comment": project_comments.comment_add(
                   project=kultur_project, actor=coordinator, body="Frage zum Stand"),
               "reporting_round": reporting_services.round_freeze(
                   actor=rds_user, title="Q1", reference_date=timezone.localdate())},
        published=published, draft=draft, other_published=other_published,
        intake_rounds=intake_rounds(rds_user, kultur, soziales),
    )  # fmt: skip


def _handbook_world(rds_user) -> dict:
    """Two handbook pages; the first has two versions (so version 1 is out of date)."""
    first = handbook_services.page_create(
        actor=rds_user, title="Teil 1", slug="teil-1", step="teil-1", body="# Eins",
        change_note="Erste Fassung",
    )  # fmt: skip
    handbook_services.page_revise(
        page=first, actor=rds_user, body="# Eins\n\nMehr", change_note="Ergänzt"
    )
    second = handbook_services.page_create(
        actor=rds_user, title="Teil 2", slug="teil-2", step="teil-2", body="# Zwei",
        change_note="Erste Fassung",
    )  # fmt: skip
    return {"handbook_page": first, "handbook_second": second}


def _intake_world(rds_user, kultur, soziales) -> dict:
    """Intake rounds for Kultur in every state a step starts from. In the open one the
    Kulturamt has answered everything (not yet submitted) and RDS commented; the libraries
    have submitted."""
    version, _ = questionnaires.load()
    draft = intake_services.draft_start(actor=rds_user, version=version)

    def opened(title, departments=(kultur,)):
        return intake_services.round_open(
            actor=rds_user, title=title, version=version,
            deadline=timezone.localdate() + timedelta(days=7), departments=departments,
        ).intakes.get(department=kultur)  # fmt: skip

    intake = opened("Offen", (kultur, soziales))
    office = intake.responses.get(unit__name="Kulturamt")
    values = {"aufgaben": "Kultur", "ansprechperson": "Frau K.", "digitalisierungsgrad": 3,
              "online-leistungen": {"answer": "ja", "reason": "Tickets"},
              "einflussreichste": "Tickets", "bedarfe-bereiche": ["budget"], "bedarfe": "Geld",
              "erwartungen": "Beratung"}  # fmt: skip
    office = intake_services.response_save(
        actor=rds_user, response=office, version=office.version, values=values,
        loaded={key: intake_answers.fingerprint(None) for key in values},
    )  # fmt: skip
    entry = intake_services.entry_save(
        actor=rds_user, response=office, key="vorhaben", fields={"title": "Aus der Erfassung"}
    )
    thread = intake_services.comment_start(
        actor=rds_user, response=office, key="bedarfe", body="Wie viel?"
    )
    libraries = intake.responses.exclude(pk=office.pk).get()
    Response.objects.filter(pk=libraries.pk).update(state=Response.State.SUBMITTED)
    all_in, submitted, reviewed = (opened(title) for title in ("Alle", "Eingereicht", "Geprüft"))
    for other, state in ((submitted, "eingereicht"), (reviewed, "geprueft")):
        DepartmentIntake.objects.filter(pk=other.pk).update(state=state)
    Response.objects.filter(intake__in=[all_in, submitted, reviewed]).update(
        state=Response.State.SUBMITTED
    )
    return {
        "version": version, "draft": draft, "intake": intake, "response": office,
        "submitted_response": libraries, "entry": entry, "thread": thread,
        "soziales_response": intake.round.intakes.get(department=soziales).responses.get(
            unit__name="Sozialamt"
        ),
        "all_in": all_in, "submitted": submitted, "reviewed": reviewed,
    }  # fmt: skip


def _synergy_world(project, soziales_project, soziales) -> dict:
    """A proposed reuse from Kultur's project to Soziales' (across departments), and a
    confirmed duplicate of Kultur's project in Soziales."""
    twin = Project.objects.create(department=soziales, title="Digitale Ausleihe (doppelt)")
    return {
        # Suggested to Kultur's project, not linked yet.
        "candidate": Project.objects.create(department=soziales, title="Ausleihe im Sozialamt"),
        "synergy": Synergy.objects.create(
            kind=Synergy.Kind.REUSE, source=project, target=soziales_project
        ),
        "twin": twin,
        "duplicate": Synergy.objects.create(
            kind=Synergy.Kind.DUPLICATE,
            source=project,
            target=twin,
            status=Synergy.Status.CONFIRMED,
        ),
    }


def _workshop_world(rds_user, kultur, soziales, coordinator, project) -> dict:
    """Cohort 1 of Kultur and Soziales. Kultur's Teil 1 planned with a date and the
    coordinator taking part, with a guest, a decision, an open question the coordinator owns
    and an accepted change of ``project``; Teil 2 without a date, held, its draft minutes
    shared for objections and one objection by the coordinator; Teil 3 to rank. Planned from
    the templates ``_template_world`` published."""
    cohort = workshop_services.cohort_create(
        actor=rds_user, number=1, departments=[kultur, soziales]
    )
    workshop = cohort.workshops.get(department=kultur, part=1)
    workshop = workshop_services.workshop_plan(
        workshop=workshop, actor=rds_user, version=workshop.version,
        starts_at=timezone.now() + timedelta(days=14), participants=[coordinator],
    )  # fmt: skip
    change = workshop_services.change_propose(
        workshop=workshop, actor=rds_user, project=project, field="status", value="pausiert"
    )
    workshop_services.change_decide(item=change, actor=rds_user, accept=True)
    undated = cohort.workshops.get(department=kultur, part=2)
    undated.participants.add(coordinator)
    undated = workshop_services.workshop_mark_held(workshop=undated, actor=rds_user)
    undated = workshop_services.minutes_save(
        workshop=undated, actor=rds_user, version=undated.version, minutes="# Entwurf"
    )
    undated = workshop_services.minutes_open_review(workshop=undated, actor=rds_user)
    return {
        "workshop": workshop,
        "undated": undated,
        "cohort": cohort,
        "teil3": cohort.workshops.get(department=kultur, part=3),
        "soziales_workshop": cohort.workshops.get(department=soziales, part=1),
        "guest": workshop_services.guest_add(workshop=workshop, actor=rds_user, name="Gast"),
        "decision": workshop_services.decision_add(
            workshop=workshop, actor=rds_user, text="Beschlossen"
        ),
        "question": workshop_services.question_add(
            workshop=workshop, actor=rds_user, text="Offen?", owner=coordinator
        ),
        "change": change,
        "objection": workshop_services.objection_raise(
            workshop=undated, actor=coordinator, body="Punkt fehlt"
        ),
    }


def _needs_world(rds_user, kultur, soziales, coordinator, project, soziales_project) -> dict:
    """Offerings "datenplattform" (used by Kultur's and Soziales' projects, asked for by both),
    "app" (used by none) and "alt" (discontinued); a need of Kultur linked to its project and
    a need of Soziales."""
    offering = offering_services.offering_create(
        actor=rds_user, title="Urbane Datenplattform", slug="datenplattform"
    )
    offering_services.offering_create(actor=rds_user, title="Städtische App", slug="app")
    offering_services.offering_create(
        actor=rds_user, title="Altes Angebot", slug="alt", status=Offering.Status.DISCONTINUED
    )
    for linked in (project, soziales_project):
        offering_services.project_offering_link(project=linked, offering=offering, actor=rds_user)
    asked = offering_services.offering_request_create(
        actor=coordinator, offering=offering, department=kultur, note="Bitte beraten"
    )
    need = need_services.need_create(
        actor=coordinator, department=kultur, category="daten", title="Daten ohne Schlüssel",
        projects=[project],
    )  # fmt: skip
    soziales_need = need_services.need_create(
        actor=rds_user, department=soziales, category="personal", title="Zu wenig Personal"
    )
    return {"offering": offering, "offering_request": asked, "need": need,
            "soziales_need": soziales_need}  # fmt: skip


def _template_world(rds_user) -> dict:
    """Teil 1–3 published; Teil 2 has a draft (a copy of version 1), Teil 3 a draft whose
    agenda was emptied."""
    published = publish_templates(rds_user)
    draft = standards.template_draft_start(template=published[2].template, actor=rds_user)
    empty = standards.template_draft_start(template=published[3].template, actor=rds_user)
    for item in list(empty.agenda_items.all()):
        standards.agenda_item_delete(item=item, actor=rds_user)
    return {"w_published": published[1], "w_draft": draft, "w_empty_draft": empty}


def _w_item(w, version_key="w_draft"):
    return w.extra[version_key].agenda_items.order_by("position").first()


def _answer_form(w, role, **changes):
    response = Response.objects.get(pk=w.extra["response"].pk)
    base = {"version": response.version, "a-beschaeftigte": "120",
            "o-beschaeftigte": intake_answers.fingerprint(None)}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _entry_form(w, role, **changes):
    base = {"title": "Neu aus der Erfassung", "kind": "prozess", "status": "planung",
            "financing": "nicht_finanziert", "influence": "mittel"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _entry_edit_form(w, role, **changes):
    project = Project.objects.get(pk=w.extra["entry"].project_id)
    base = _entry_form(w, role, title=project.title, status="umsetzung") | {
        "project_version": project.version
    }
    return {key: value for key, value in (base | changes).items() if value is not None}


def _questionnaires(actor):
    """A questionnaire with a published version 1 and a draft version 2 (two sections: a
    choice, a question shown depending on it, a text; a date), and another one published."""
    version = intake_services.questionnaire_create(actor=actor, title="Matrixbogen")
    first = intake_services.section_save(actor=actor, version=version, title="Allgemeines")
    second = intake_services.section_save(actor=actor, version=version, title="Zeitplan")
    for section, key, kind, extra in [
        (
            first,
            "bereich",
            Question.Kind.SINGLE_CHOICE,
            {
                "options": [
                    {"key": "personal", "label": "Personal"},
                    {"key": "technik", "label": "Technik"},
                ]
            },
        ),
        (
            first,
            "folge",
            Question.Kind.SHORT_TEXT,
            {"condition_key": "bereich", "condition_value": "personal"},
        ),
        (first, "notiz", Question.Kind.SHORT_TEXT, {}),
        (second, "stichtag", Question.Kind.DATE, {}),
    ]:
        intake_services.question_save(
            actor=actor, section=section, key=key, kind=kind, text=f"Frage {key}?", **extra
        )
    published = intake_services.version_publish(actor=actor, version=version)
    draft = intake_services.draft_start(actor=actor, version=published)
    other = intake_services.questionnaire_create(actor=actor, title="Zweiter Bogen")
    section = intake_services.section_save(actor=actor, version=other, title="Einziger")
    intake_services.question_save(
        actor=actor, section=section, key="frage", kind=Question.Kind.LONG_TEXT, text="Frage?"
    )
    other_published = intake_services.version_publish(actor=actor, version=other)
    return published, draft, other_published


def _workshop_template_writes() -> dict:
    """The template editor (central unit), on Teil 2's draft; hostile: Teil 1's published
    version and its agenda items, values outside the limits, missing fields."""

    def published(w):
        return [w.extra["w_published"].pk]

    def published_item(w):
        return [_w_item(w, "w_published").pk]

    return {
        "workshops:template_draft_start": Endpoint(
            args=lambda w: [1],
            allowed=CENTRAL,
            valid={},
            hostile=[
                Case("a template with a draft", {}, args=lambda w: [2]),
                Case("a part outside the choices", {}, args=lambda w: [9]),
            ],
        ),
        "workshops:template_version_edit": Endpoint(
            args=lambda w: [w.extra["w_draft"].pk],
            allowed=CENTRAL,
            valid={"title": "Neuer Titel", "goal": "Neues Ziel", "guiding_questions": "A?\nB?"},
            hostile=[
                Case("no title", {"goal": "x"}),
                Case("a title of 201 characters", {"title": "x" * 201}),
                Case("a change note of 501 characters", {"title": "x", "change_note": "x" * 501}),
                Case("the published version", {"title": "x"}, args=published),
                Case("a version that does not exist", {"title": "x"}, args=lambda w: [987654]),
            ],
        ),
        "workshops:template_publish": Endpoint(
            args=lambda w: [w.extra["w_draft"].pk],
            allowed=CENTRAL,
            valid={"change_note": "Mehr Zeit für die Arbeitsphase"},
            hostile=[
                Case("no change note", {}),
                Case("a change note of 501 characters", {"change_note": "x" * 501}),
                Case(
                    "a draft without agenda items",
                    {"change_note": "x"},
                    args=lambda w: [w.extra["w_empty_draft"].pk],
                ),
                Case("the published version", {"change_note": "x"}, args=published),
            ],
        ),
        "workshops:template_draft_discard": Endpoint(
            args=lambda w: [w.extra["w_draft"].pk],
            allowed=CENTRAL,
            valid={},
            hostile=[Case("the published version", {}, args=published)],
        ),
        "workshops:agenda_item_create": Endpoint(
            args=lambda w: [w.extra["w_draft"].pk],
            allowed=CENTRAL,
            valid={"title": "Pause", "duration_minutes": "15", "method": ""},
            hostile=[
                Case("no title", {"duration_minutes": "15"}),
                Case("no duration", {"title": "Pause"}),
                Case("4 minutes", {"title": "Pause", "duration_minutes": "4"}),
                Case("481 minutes", {"title": "Pause", "duration_minutes": "481"}),
                Case("a duration that is no number", {"title": "x", "duration_minutes": "viel"}),
                Case(
                    "the published version",
                    {"title": "Pause", "duration_minutes": "15"},
                    args=published,
                ),
            ],
        ),
        "workshops:agenda_item_edit": Endpoint(
            args=lambda w: [_w_item(w).pk],
            allowed=CENTRAL,
            valid={"title": "Ankommen", "duration_minutes": "20", "method": "Runde"},
            hostile=[
                Case("no title", {"title": "", "duration_minutes": "20"}),
                Case("0 minutes", {"title": "x", "duration_minutes": "0"}),
                Case(
                    "an item of the published version",
                    {"title": "x", "duration_minutes": "20"},
                    args=published_item,
                ),
            ],
        ),
        "workshops:agenda_item_delete": Endpoint(
            args=lambda w: [_w_item(w).pk],
            allowed=CENTRAL,
            valid={},
            hostile=[
                Case("an item of the published version", {}, args=published_item),
                Case("an item that does not exist", {}, args=lambda w: [987654]),
            ],
        ),
        "workshops:agenda_item_move": Endpoint(
            args=lambda w: [_w_item(w).pk],
            allowed=CENTRAL,
            valid={"direction": "down"},
            hostile=[
                Case("a direction outside the choices", {"direction": "sideways"}),
                Case("no direction", {}),
                Case("the first item up", {"direction": "up"}),
                Case(
                    "an item of the published version", {"direction": "down"}, args=published_item
                ),
            ],
        ),
    }


def _project_file(department, title) -> bytes:
    headings = ProjectResource().column_names()
    row = dict.fromkeys(headings, "") | {"Dezernat": department.name, "Titel": title}
    lines = [";".join(headings), ";".join(row[h] for h in headings)]
    return ("\n".join(lines) + "\n").encode()


def _checked_run(user, content):
    return spreadsheet_services.import_upload(
        user=user, kind="vorhaben",
        uploaded_file=SimpleUploadedFile("vorhaben.csv", content, content_type="text/csv"),
    )  # fmt: skip


# --- The matrix --------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    data: object = None  # dict, or (world, role) -> dict
    args: object = None  # (world) -> url arguments; default: the endpoint's
    succeeds_for: frozenset | None = None  # None: nobody (a hostile case)


@dataclass
class Endpoint:
    args: object  # (world) -> url arguments
    allowed: frozenset
    valid: object  # dict, or (world, role) -> dict
    hostile: list = field(default_factory=list)

    def cases(self):
        yield from self.hostile
        yield Case("valid", self.valid, succeeds_for=self.allowed)


def _project_form(w, role, **changes):
    base = {"kind": "projekt", "title": "Neu aus der Matrix", "lead_unit": w.kultur_office.pk,
            "status": "planung", "financing": "nicht_finanziert", "influence": "mittel",
            "decision_scope": "eigenstaendig", "progress": "0"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _edit_form(w, role, project=None, **changes):
    project = Project.objects.get(pk=(project or w.project).pk)
    base = _project_form(w, role, title=project.title) | {
        "version": project.version, "description": "Geändert",
        "lead_unit": project.lead_unit_id,
    }  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _status_form(**changes):
    base = {"reported_on": timezone.localdate().isoformat(), "traffic_light": "gefaehrdet",
            "progress": "20", "text": "Neuer Bericht"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _invite_form(**changes):
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    base = {"email": "neu@partner.example", "role": "partner_lesen", "access_expires_on": until}
    return {key: value for key, value in (base | changes).items() if value is not None}


def _accept_form(**changes):
    base = {"first_name": "Nora", "last_name": "Neu", "password1": "Partner-2026-sicher!",
            "password2": "Partner-2026-sicher!"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


LATER = (timezone.localdate() + timedelta(days=1)).isoformat()


def _section(version, title="Allgemeines"):
    return version.sections.get(title=title)


def _question(version, key):
    return version.questions.get(key=key)


def _question_form(w, role, section=None, **changes):
    section = section or _section(w.draft)
    base = {"section": section.pk, "key": "neu", "kind": "kurztext", "text": "Neue Frage?",
            "help_text": "", "options": "", "condition_key": "", "condition_value": ""}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _questionnaire_writes() -> dict:
    published_section = Case(
        "a section of the published version",
        lambda w, r: _question_form(w, r, section=_section(w.published)),
        args=lambda w: [_section(w.published).pk],
    )
    return {
        "intake:questionnaire_create": Endpoint(
            args=lambda w: [],
            allowed=CENTRAL,
            valid={"title": "Neuer Bogen", "description": "Zum Testen"},
            hostile=[
                Case("no title", {"description": "x"}),
                Case("the title of another questionnaire", {"title": "Matrixbogen"}),
                Case("a title of 201 characters", {"title": "x" * 201}),
            ],
        ),
        "intake:draft_start": Endpoint(
            args=lambda w: [w.other_published.pk],
            allowed=CENTRAL,
            valid={},
            hostile=[
                Case("a questionnaire with a draft", {}, args=lambda w: [w.published.pk]),
                Case("a version that does not exist", {}, args=lambda w: [987654]),
            ],
        ),
        "intake:version_edit": Endpoint(
            args=lambda w: [w.draft.pk],
            allowed=CENTRAL,
            valid={"introduction": "Neu", "change_note": "Neue Fragen"},
            hostile=[
                Case("a change note of 501 characters", {"change_note": "x" * 501}),
                Case(
                    "the published version",
                    {"introduction": "Neu", "change_note": "x"},
                    args=lambda w: [w.published.pk],
                ),
            ],
        ),
        "intake:version_publish": Endpoint(
            args=lambda w: [w.draft.pk],
            allowed=CENTRAL,
            valid={},
            hostile=[Case("the published version", {}, args=lambda w: [w.published.pk])],
        ),
        "intake:section_create": Endpoint(
            args=lambda w: [w.draft.pk],
            allowed=CENTRAL,
            valid={"title": "Neuer Abschnitt"},
            hostile=[
                Case("no title", {"description": "x"}),
                Case("a title of 201 characters", {"title": "x" * 201}),
                Case("the published version", {"title": "x"}, args=lambda w: [w.published.pk]),
            ],
        ),
        "intake:section_edit": Endpoint(
            args=lambda w: [_section(w.draft).pk],
            allowed=CENTRAL,
            valid={"title": "Umbenannt"},
            hostile=[
                Case("no title", {"title": ""}),
                Case(
                    "a section of the published version",
                    {"title": "x"},
                    args=lambda w: [_section(w.published).pk],
                ),
            ],
        ),
        "intake:section_delete": Endpoint(
            args=lambda w: [_section(w.draft, "Zeitplan").pk],
            allowed=CENTRAL,
            valid={},
            hostile=[
                Case(
                    "a section of the published version",
                    {},
                    args=lambda w: [_section(w.published, "Zeitplan").pk],
                ),
            ],
        ),
        "intake:section_move": Endpoint(
            args=lambda w: [_section(w.draft).pk],
            allowed=CENTRAL,
            valid={"direction": "down"},
            hostile=[
                Case("a direction outside the choices", {"direction": "sideways"}),
                Case("no direction", {}),
                Case("the first section up", {"direction": "up"}),
                Case(
                    "a section of the published version",
                    {"direction": "down"},
                    args=lambda w: [_section(w.published).pk],
                ),
            ],
        ),
        "intake:question_create": Endpoint(
            args=lambda w: [_section(w.draft).pk],
            allowed=CENTRAL,
            valid=_question_form,
            hostile=[
                Case("type outside the choices", lambda w, r: _question_form(w, r, kind="frei")),
                Case(
                    "a section id of another version",
                    lambda w, r: _question_form(w, r, section=_section(w.published)),
                ),
                Case(
                    "a section id of another questionnaire",
                    lambda w, r: _question_form(w, r, section=w.other_published.sections.get()),
                ),
                Case("no key", lambda w, r: _question_form(w, r, key=None)),
                Case("a key with spaces", lambda w, r: _question_form(w, r, key="neue frage")),
                Case("a key taken", lambda w, r: _question_form(w, r, key="notiz")),
                Case("no text", lambda w, r: _question_form(w, r, text=None)),
                Case(
                    "a choice with one option",
                    lambda w, r: _question_form(w, r, kind="einfachauswahl", options="Eine"),
                ),
                Case(
                    "options that give the same key",
                    lambda w, r: _question_form(w, r, kind="einfachauswahl", options="A\na!"),
                ),
                Case(
                    "a condition on a question that does not exist",
                    lambda w, r: _question_form(
                        w, r, condition_key="gibt-es-nicht", condition_value="ja"
                    ),
                ),
                Case(
                    "a condition on a text question",
                    lambda w, r: _question_form(w, r, condition_key="notiz", condition_value="ja"),
                ),
                Case(
                    "a condition value that is no option",
                    lambda w, r: _question_form(
                        w, r, condition_key="bereich", condition_value="finanzen"
                    ),
                ),
                published_section,
            ],
        ),
        "intake:question_edit": Endpoint(
            args=lambda w: [_question(w.draft, "notiz").pk],
            allowed=CENTRAL,
            valid=lambda w, r: _question_form(w, r, key="notiz", text="Geändert?"),
            hostile=[
                Case(
                    "type outside the choices",
                    lambda w, r: _question_form(w, r, key="notiz", kind="frei"),
                ),
                Case(
                    "a section id of another version",
                    lambda w, r: _question_form(w, r, key="notiz", section=_section(w.published)),
                ),
                Case("no text", lambda w, r: _question_form(w, r, key="notiz", text="")),
                Case(
                    "a question of the published version",
                    lambda w, r: _question_form(w, r, key="notiz", section=_section(w.published)),
                    args=lambda w: [_question(w.published, "notiz").pk],
                ),
            ],
        ),
        "intake:question_delete": Endpoint(
            args=lambda w: [_question(w.draft, "notiz").pk],
            allowed=CENTRAL,
            valid={},
            hostile=[
                Case(
                    "a question others depend on",
                    {},
                    args=lambda w: [_question(w.draft, "bereich").pk],
                ),
                Case(
                    "a question of the published version",
                    {},
                    args=lambda w: [_question(w.published, "notiz").pk],
                ),
            ],
        ),
        "intake:question_move": Endpoint(
            args=lambda w: [_question(w.draft, "bereich").pk],
            allowed=CENTRAL,
            valid={"direction": "down"},
            hostile=[
                Case("a direction outside the choices", {"direction": "sideways"}),
                Case("no direction", {}),
                Case(
                    "a question of the published version",
                    {"direction": "down"},
                    args=lambda w: [_question(w.published, "bereich").pk],
                ),
            ],
        ),
    }


def _intake_response(w, office) -> Response:
    return Response.objects.get(intake__round=w.extra["round"], unit=office)


def _checked_answers(w, office) -> dict:
    """What "Übernehmen" posts: the preview's answers, signed for the response as it is."""
    preview = uploads.Preview(values={"aufgaben": "Aus der Tabelle"})
    return {"payload": uploads.sign(_intake_response(w, office), preview)}


WRITES = {
    "projects:create": Endpoint(
        args=lambda w: [w.kultur.slug],
        allowed=KULTUR_EDITORS,
        valid=_project_form,
        hostile=[
            *(
                Case(
                    f"{name} outside the choices",
                    lambda w, r, n=name: _project_form(w, r, **{n: "x"}),
                )
                for name in ("kind", "status", "financing", "influence", "decision_scope")
            ),
            Case(
                "another department's lead office",
                lambda w, r: _project_form(w, r, lead_unit=w.soziales_office.pk),
            ),
            Case(
                "an office that does not exist",
                lambda w, r: _project_form(w, r, participating_units=[987654]),
            ),
            Case(
                "a goal of an archived agenda",
                lambda w, r: _project_form(w, r, goals=[w.archived_goal.pk]),
            ),
            Case(
                "a field of an archived agenda",
                lambda w, r: _project_form(w, r, fields_of_action=[w.archived_field.pk]),
            ),
            Case(
                "an agenda project of an archived agenda",
                lambda w, r: _project_form(w, r, agenda_project=w.archived_agenda_project.pk),
            ),
            Case("no title", lambda w, r: _project_form(w, r, title=None)),
            Case("a title of 201 characters", lambda w, r: _project_form(w, r, title="x" * 201)),
            Case(
                "the title of another project in other case",
                lambda w, r: _project_form(w, r, title=w.project.title.upper()),
            ),
            Case("progress 101", lambda w, r: _project_form(w, r, progress="101")),
            Case("a negative budget", lambda w, r: _project_form(w, r, budget="-5")),
            Case("priority rank 0", lambda w, r: _project_form(w, r, priority_rank="0")),
            Case(
                "end before start",
                lambda w, r: _project_form(w, r, start_date="2026-05-01", end_date="2026-04-01"),
            ),
            Case(
                "a contribution without its agenda project",
                lambda w, r: _project_form(w, r, agenda_contribution="Hilft"),
            ),
            Case(
                "another workspace's slug",
                lambda w, r: _project_form(w, r, lead_unit=w.soziales_office.pk),
                args=lambda w: [w.soziales.slug],
                succeeds_for=CENTRAL | {"staff"},  # staff of Soziales
            ),
        ],
    ),
    "projects:edit": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=KULTUR_EDITORS,
        valid=_edit_form,
        hostile=[
            Case("no version", lambda w, r: _edit_form(w, r, version=None)),
            Case("an empty version", lambda w, r: _edit_form(w, r, version="")),
            Case("an outdated version", lambda w, r: _edit_form(w, r, version=0)),
            Case("a forged version", lambda w, r: _edit_form(w, r, version="1 OR 1=1")),
            Case("status outside the choices", lambda w, r: _edit_form(w, r, status="fertig")),
            Case(
                "another department's lead office",
                lambda w, r: _edit_form(w, r, lead_unit=w.soziales_office.pk),
            ),
            Case(
                "a goal of an archived agenda",
                lambda w, r: _edit_form(w, r, goals=[w.archived_goal.pk]),
            ),
            Case("no title", lambda w, r: _edit_form(w, r, title="")),
            Case("progress -1", lambda w, r: _edit_form(w, r, progress="-1")),
            Case(
                "a confidential project of the department",
                lambda w, r: _edit_form(w, r, project=w.confidential),
                args=lambda w: [w.confidential.pk],
                succeeds_for=KULTUR_MANAGERS,
            ),
            Case(
                "a project of another department",
                lambda w, r: _edit_form(w, r, project=w.soziales_project),
                args=lambda w: [w.soziales_project.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
        ],
    ),
    "projects:archive": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=KULTUR_EDITORS,
        valid={},
        hostile=[
            Case(
                "a project of another department",
                {},
                args=lambda w: [w.soziales_project.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
            Case(
                "a confidential project of another department",
                {},
                args=lambda w: [w.confidential_soziales.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
        ],
    ),
    "projects:status_update_create": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=KULTUR_EDITORS,
        valid=_status_form(),
        hostile=[
            Case("traffic light outside the choices", _status_form(traffic_light="blau")),
            Case("progress 101", _status_form(progress="101")),
            Case("a date in the future", _status_form(reported_on=LATER)),
            Case("no date", _status_form(reported_on=None)),
            Case("no report", _status_form(text=None)),
            Case(
                "a project of another department",
                _status_form(),
                args=lambda w: [w.soziales_project.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
            Case(
                "a confidential project of another department",
                _status_form(),
                args=lambda w: [w.confidential_soziales.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
        ],
    ),
    "projects:status_update_correct": Endpoint(
        args=lambda w: [w.project.pk, w.update.pk],
        allowed=frozenset({"coordinator"}),  # its author
        valid=_status_form(text="Korrigiert"),
        hostile=[
            Case("traffic light outside the choices", _status_form(traffic_light="blau")),
            Case("a date in the future", _status_form(reported_on=LATER)),
            Case("no report", _status_form(text="")),
            Case(
                "the update under another project",
                _status_form(),
                args=lambda w: [w.soziales_project.pk, w.update.pk],
            ),
            Case(
                "another project's update (its own author: RDS)",
                _status_form(),
                args=lambda w: [w.soziales_project.pk, w.soziales_update.pk],
                succeeds_for=frozenset({"rds_user"}),
            ),
        ],
    ),
    "projects:status_update_withdraw": Endpoint(
        args=lambda w: [w.project.pk, w.update.pk],
        allowed=KULTUR_EDITORS,
        valid={"reason": "Falsches Vorhaben"},
        hostile=[
            Case("no reason", {}),
            Case("a blank reason", {"reason": "   "}),
            Case(
                "the update under another project",
                {"reason": "x"},
                args=lambda w: [w.soziales_project.pk, w.update.pk],
            ),
            Case(
                "another department's update",
                {"reason": "x"},
                args=lambda w: [w.soziales_project.pk, w.soziales_update.pk],
                succeeds_for=CENTRAL | {"staff"},
            ),
        ],
    ),
    "accounts:members": Endpoint(
        args=lambda w: [w.kultur.slug],
        allowed=KULTUR_MANAGERS,
        valid={"user": "neu.kollege", "role": "mitarbeit"},
        hostile=[
            Case("a partner role", {"user": "neu.kollege", "role": "partner_lesen"}),
            Case("a role outside the choices", {"user": "neu.kollege", "role": "chef"}),
            Case(
                "an account invited elsewhere", {"user": "partnerin-soziales", "role": "mitarbeit"}
            ),
            Case("an unknown account", {"user": "niemand", "role": "mitarbeit"}),
            Case("no account", {"role": "mitarbeit"}),
            Case("a member already", {"user": "kollege", "role": "koordination"}),
            Case(
                "another workspace's slug",
                {"user": "neu.kollege", "role": "mitarbeit"},
                args=lambda w: [w.soziales.slug],
                succeeds_for=CENTRAL,
            ),
        ],
    ),
    "accounts:member_office": Endpoint(
        args=lambda w: [w.kultur.slug, w.colleague.pk],
        allowed=KULTUR_MANAGERS,
        valid=lambda w, r: {"org_unit": w.kultur_office.pk},
        hostile=[
            Case("another department's office", lambda w, r: {"org_unit": w.soziales_office.pk}),
            Case("an office that does not exist", {"org_unit": "987654"}),
            Case("an office that is none", {"org_unit": "1 OR 1=1"}),
            Case(
                "a partner given an office",
                lambda w, r: {"org_unit": w.kultur_office.pk},
                args=lambda w: [w.kultur.slug, w.partner_membership.pk],
            ),
            Case(
                "another workspace's member",
                lambda w, r: {"org_unit": w.kultur_office.pk},
                args=lambda w: [w.kultur.slug, w.soziales_member.pk],
            ),
        ],
    ),
    "accounts:member_role": Endpoint(
        args=lambda w: [w.kultur.slug, w.colleague.pk],
        allowed=KULTUR_MANAGERS,
        valid={"role": "koordination"},
        hostile=[
            *(
                Case(f"role {value!r}", {"role": value})
                for value in ("partner_foo", "x" * 48, "", "partner_lesen", "admin")
            ),
            Case("no role", {}),
            *(
                Case(
                    f"a partner given role {value!r}",
                    {"role": value},
                    args=lambda w: [w.kultur.slug, w.partner_membership.pk],
                )
                for value in ("partner_foo", "x" * 48, "koordination")
            ),
            Case(
                "a partner made staff",
                {"role": "mitarbeit"},
                args=lambda w: [w.kultur.slug, w.partner_membership.pk],
            ),
            Case(
                "another workspace's member",
                {"role": "koordination"},
                args=lambda w: [w.kultur.slug, w.soziales_member.pk],
            ),
            Case(
                "another workspace's slug",
                {"role": "koordination"},
                args=lambda w: [w.soziales.slug, w.soziales_member.pk],
                succeeds_for=CENTRAL,
            ),
        ],
    ),
    "accounts:member_remove": Endpoint(
        args=lambda w: [w.kultur.slug, w.colleague.pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case(
                "another workspace's member",
                {},
                args=lambda w: [w.kultur.slug, w.soziales_member.pk],
            ),
            Case(
                "another workspace's slug",
                {},
                args=lambda w: [w.soziales.slug, w.soziales_member.pk],
                succeeds_for=CENTRAL,
            ),
        ],
    ),
    "accounts:member_revoke": Endpoint(
        args=lambda w: [w.kultur.slug, w.partner_membership.pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case(
                "an access that has ended",
                {},
                args=lambda w: [w.kultur.slug, w.expired_membership.pk],
            ),
            Case(
                "another workspace's member",
                {},
                args=lambda w: [w.kultur.slug, w.soziales_member.pk],
            ),
            Case(
                "another workspace's slug",
                {},
                args=lambda w: [w.soziales.slug, w.soziales_member.pk],
                succeeds_for=CENTRAL,
            ),
        ],
    ),
    "accounts:invite": Endpoint(
        args=lambda w: [w.kultur.slug],
        allowed=KULTUR_MANAGERS,
        valid=_invite_form(),
        hostile=[
            Case("a staff role", _invite_form(role="mitarbeit")),
            Case("a coordinator role", _invite_form(role="koordination")),
            Case("a role outside the choices", _invite_form(role="partner_foo")),
            Case("no e-mail address", _invite_form(email=None)),
            Case("not an e-mail address", _invite_form(email="kein-mail")),
            Case(
                "the address of a city account",
                _invite_form(email="koordination-kultur-test@example.org"),
            ),
            Case("an end in the past", _invite_form(access_expires_on="2020-01-01")),
            Case(
                "an end beyond a year",
                _invite_form(
                    access_expires_on=(timezone.localdate() + timedelta(days=400)).isoformat()
                ),
            ),
            Case("a confidential project", lambda w, r: _invite_form(projects=[w.confidential.pk])),
            Case(
                "another department's project",
                lambda w, r: _invite_form(projects=[w.soziales_project.pk]),
            ),
            Case(
                "another workspace's slug",
                _invite_form(),
                args=lambda w: [w.soziales.slug],
                succeeds_for=CENTRAL,
            ),
        ],
    ),
    "accounts:accept": Endpoint(
        args=lambda w: [w.token],
        allowed=EVERYONE_WITH_THE_LINK,  # the link itself is the credential
        valid=_accept_form(),
        hostile=[
            Case("passwords that differ", _accept_form(password2="Anders-2026-sicher!")),
            Case("a weak password", _accept_form(password1="12345678", password2="12345678")),
            Case("no name", _accept_form(first_name=None)),
            Case("a made-up link", _accept_form(), args=lambda w: ["ausgedacht"]),
        ],
    ),
    "spreadsheets:upload": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid=lambda w, r: {
            "kind": "vorhaben",
            "file": SimpleUploadedFile(
                "v.csv", _project_file(w.kultur, "Hochgeladen"), content_type="text/csv"
            ),
        },
        hostile=[
            Case(
                "a type outside the choices",
                lambda w, r: {
                    "kind": "benutzer",
                    "file": SimpleUploadedFile("v.csv", _project_file(w.kultur, "x")),
                },
            ),
            Case("no file", {"kind": "vorhaben"}),
        ],
    ),
    "spreadsheets:confirm": Endpoint(
        args=lambda w: [w.run.pk],
        allowed=CENTRAL,
        valid={},
        hostile=[
            Case("an import with errors", {}, args=lambda w: [w.failed_run.pk]),
            Case("an import that does not exist", {}, args=lambda w: [987654]),
        ],
    ),
    **_questionnaire_writes(),
    **_workshop_template_writes(),
    # Reminder mails, recorded as reminders and events: RDS for every office of the round, a
    # coordinator for their department's.
    "intake:round_remind": Endpoint(
        args=lambda w: [w.extra["round"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case(
                "a round without the coordinator's department",
                {},
                args=lambda w: [w.extra["soziales_round"].pk],
                succeeds_for=CENTRAL,
            ),
            Case("a round that does not exist", {}, args=lambda w: [987654]),
        ],
    ),
    # An office's filled-in template: checked and shown first (nothing saved), then applied.
    "intake:response_upload": Endpoint(
        args=lambda w: [_intake_response(w, w.kultur_office).pk],
        allowed=KULTUR_MANAGERS,
        valid=lambda w, r: _checked_answers(w, w.kultur_office),
        hostile=[
            Case(
                "the file itself (only the preview)",
                lambda w, r: {
                    "file": SimpleUploadedFile(
                        "a.xlsx", uploads.template_xlsx(_intake_response(w, w.kultur_office))
                    )
                },
            ),
            Case("a forged check", {"payload": "aufgaben:Gefälscht"}),
            Case(
                "another office's check",
                lambda w, r: _checked_answers(w, w.soziales_office),
            ),
            Case(
                "another department's office",
                lambda w, r: _checked_answers(w, w.soziales_office),
                args=lambda w: [_intake_response(w, w.soziales_office).pk],
                succeeds_for=CENTRAL | {"staff"},  # staff of the Sozialamt
            ),
        ],
    ),
}

INTAKE = {
    "intake:round_create": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid=lambda w, r: {
            "title": "Neue Runde",
            "version": w.extra["version"].pk,
            "deadline": LATER,
            "departments": [w.kultur.pk],
        },
        hostile=[
            Case(
                "a draft version",
                lambda w, r: {
                    "title": "x",
                    "version": w.extra["draft"].pk,
                    "deadline": LATER,
                    "departments": [w.kultur.pk],
                },
            ),
            Case(
                "no department",
                lambda w, r: {"title": "x", "version": w.extra["version"].pk, "deadline": LATER},
            ),
            Case(
                "a department that does not exist",
                lambda w, r: {
                    "title": "x",
                    "version": w.extra["version"].pk,
                    "deadline": LATER,
                    "departments": [987654],
                },
            ),
            Case(
                "a date that is none",
                lambda w, r: {
                    "title": "x",
                    "deadline": "gestern",
                    "version": w.extra["version"].pk,
                    "departments": [w.kultur.pk],
                },
            ),
        ],
    ),
    "intake:response_edit": Endpoint(
        args=lambda w: [w.extra["response"].pk],
        allowed=KULTUR_MANAGERS,
        valid=_answer_form,
        hostile=[
            Case(
                "a scale value of 9",
                lambda w, r: _answer_form(
                    w, r, **{"a-digitalisierungsgrad": "9", "o-digitalisierungsgrad": "x"}
                ),
            ),
            Case(
                "an option that does not exist",
                lambda w, r: _answer_form(
                    w, r, **{"a-bedarfe-bereiche": "geheim", "o-bedarfe-bereiche": "x"}
                ),
            ),
            Case(
                "a number that is none",
                lambda w, r: _answer_form(w, r, **{"a-beschaeftigte": "1e5"}),
            ),
            Case(
                "a date that is none",
                lambda w, r: _answer_form(
                    w, r, **{"a-verfuegbar-ab": "morgen", "o-verfuegbar-ab": "x"}
                ),
            ),
            Case(
                "a submitted response",
                _answer_form,
                args=lambda w: [w.extra["submitted_response"].pk],
            ),
            Case(
                "another department's response",
                _answer_form,
                args=lambda w: [w.extra["soziales_response"].pk],
                succeeds_for=CENTRAL | {"staff"},
            ),  # staff of the Sozialamt
        ],
    ),
    "intake:response_submit": Endpoint(
        args=lambda w: [w.extra["response"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("a submitted response", {}, args=lambda w: [w.extra["submitted_response"].pk]),
            Case("an incomplete response", {}, args=lambda w: [w.extra["soziales_response"].pk]),
        ],
    ),
    "intake:response_reopen": Endpoint(
        args=lambda w: [w.extra["submitted_response"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"note": "Nachtrag"},
        hostile=[Case("a response not submitted", {}, args=lambda w: [w.extra["response"].pk])],
    ),
    "intake:response_share": Endpoint(
        args=lambda w: [w.extra["response"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"shared": "1"},
        hostile=[Case("a value outside the choices", {"shared": "ja"})],
    ),
    "intake:entry_create": Endpoint(
        args=lambda w: [w.extra["response"].pk, "vorhaben"],
        allowed=KULTUR_MANAGERS,
        valid=_entry_form,
        hostile=[
            *(
                Case(
                    f"{name} outside the choices",
                    lambda w, r, n=name: _entry_form(w, r, **{n: "x"}),
                )
                for name in ("kind", "status", "financing", "influence")
            ),
            Case(
                "a goal of an archived agenda",
                lambda w, r: _entry_form(w, r, goals=[w.archived_goal.pk]),
            ),
            Case("no title", lambda w, r: _entry_form(w, r, title=None)),
            Case(
                "a title that exists (a match to choose)",
                lambda w, r: _entry_form(w, r, title=w.project.title.upper()),
            ),
            Case(
                "a question that lists no projects",
                _entry_form,
                args=lambda w: [w.extra["response"].pk, "aufgaben"],
            ),
        ],
    ),
    "intake:entry_pick": Endpoint(
        args=lambda w: [w.extra["response"].pk, "vorhaben"],
        allowed=KULTUR_MANAGERS,
        valid=lambda w, r: {"vorhaben-project": w.project.pk},
        hostile=[
            Case(
                "another department's project",
                lambda w, r: {"vorhaben-project": w.soziales_project.pk},
            ),
            Case("a project that does not exist", {"vorhaben-project": 987654}),
        ],
    ),
    "intake:entry_edit": Endpoint(
        args=lambda w: [w.extra["entry"].pk],
        allowed=KULTUR_MANAGERS,
        valid=_entry_edit_form,
        hostile=[
            Case("an outdated version", lambda w, r: _entry_edit_form(w, r, project_version=0)),
            Case(
                "status outside the choices", lambda w, r: _entry_edit_form(w, r, status="fertig")
            ),
        ],
    ),
    "intake:entry_remove": Endpoint(
        args=lambda w: [w.extra["entry"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[Case("an entry that does not exist", {}, args=lambda w: [987654])],
    ),
    "intake:comment_start": Endpoint(
        args=lambda w: [w.extra["response"].pk],
        allowed=CENTRAL,
        valid={"key": "aufgaben", "body": "Bitte genauer"},
        hostile=[
            Case("a question that does not exist", {"key": "geheim", "body": "x"}),
            Case("no comment", {"key": "aufgaben", "body": ""}),
        ],
    ),
    "intake:comment_reply": Endpoint(
        args=lambda w: [w.extra["response"].pk, w.extra["thread"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"body": "Zwei Stellen"},
        hostile=[
            Case("no comment", {"body": ""}),
            Case(
                "the thread under another response",
                {"body": "x"},
                args=lambda w: [w.extra["submitted_response"].pk, w.extra["thread"].pk],
            ),
        ],
    ),
    "intake:comment_resolve": Endpoint(
        args=lambda w: [w.extra["response"].pk, w.extra["thread"].pk],
        allowed=CENTRAL,
        valid={"resolved": "1"},
    ),
    "intake:intake_submit": Endpoint(
        args=lambda w: [w.extra["all_in"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[Case("offices still at work", {}, args=lambda w: [w.extra["intake"].pk])],
    ),
    "intake:intake_review": Endpoint(
        args=lambda w: [w.extra["submitted"].pk],
        allowed=CENTRAL,
        valid={},
        hostile=[Case("an intake not submitted", {}, args=lambda w: [w.extra["intake"].pk])],
    ),
    "intake:intake_request_changes": Endpoint(
        args=lambda w: [w.extra["submitted"].pk],
        allowed=CENTRAL,
        valid={"note": "Bitte ergänzen"},
        hostile=[
            Case("no note", {"note": ""}),
            Case(
                "an office of another department",
                lambda w, r: {"note": "x", "responses": [w.extra["soziales_response"].pk]},
            ),
        ],
    ),
    "intake:intake_accept": Endpoint(
        args=lambda w: [w.extra["reviewed"].pk],
        allowed=CENTRAL,
        valid={},
        hostile=[Case("skipping the review", {}, args=lambda w: [w.extra["submitted"].pk])],
    ),
    "intake:intake_reopen": Endpoint(
        args=lambda w: [w.extra["reviewed"].pk],
        allowed=CENTRAL,
        valid={"note": "Nachtrag"},
        hostile=[
            Case("no reason", {"note": ""}),
            Case("an intake still open", {"note": "x"}, args=lambda w: [w.extra["intake"].pk]),
        ],
    ),
}
WRITES.update(INTAKE)


def _handbook_page_form(**changes):
    base = {"title": "Neue Seite", "slug": "neue-seite", "step": "", "body": "# Text",
            "change_note": "Neu"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _handbook_edit_form(**changes):
    base = {"title": "Teil 1", "body": "# Eins\n\nGeändert", "change_note": "Geändert",
            "based_on": 2}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


HANDBOOK = {
    "handbook:page_create": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid=_handbook_page_form(),
        hostile=[
            Case("no title", _handbook_page_form(title=None)),
            Case("no text", _handbook_page_form(body=None)),
            Case("no change note", _handbook_page_form(change_note=None)),
            Case("a title of 201 characters", _handbook_page_form(title="x" * 201)),
            Case("the address of another page", _handbook_page_form(slug="teil-1")),
            Case("a reserved address", _handbook_page_form(slug="neu")),
            Case("an address with spaces", _handbook_page_form(slug="neue seite")),
            Case("a step outside the choices", _handbook_page_form(step="teil-9")),
            Case("the step of another page", _handbook_page_form(step="teil-2")),
        ],
    ),
    "handbook:page_edit": Endpoint(
        args=lambda w: [w.extra["handbook_page"].slug],
        allowed=CENTRAL,
        valid=_handbook_edit_form(),
        hostile=[
            Case("no change note", _handbook_edit_form(change_note=None)),
            Case("no text", _handbook_edit_form(body=None)),
            Case("no version it is based on", _handbook_edit_form(based_on=None)),
            Case("based on an older version (stale)", _handbook_edit_form(based_on=1)),
            Case("based on a version that does not exist", _handbook_edit_form(based_on=9)),
            Case("based on no number", _handbook_edit_form(based_on="zwei")),
            Case("the text unchanged", _handbook_edit_form(body="# Eins\n\nMehr", title=None)),
            Case("a title of 201 characters", _handbook_edit_form(title="x" * 201)),
            Case(
                "a page that does not exist",
                _handbook_edit_form(),
                args=lambda w: ["gibt-es-nicht"],
            ),
        ],
    ),
    "handbook:page_move": Endpoint(
        args=lambda w: [w.extra["handbook_page"].slug],
        allowed=CENTRAL,
        valid={"direction": "down"},
        hostile=[
            Case("a direction outside the choices", {"direction": "sideways"}),
            Case("no direction", {}),
            Case("the first page up", {"direction": "up"}),
            Case(
                "the last page down",
                {"direction": "down"},
                args=lambda w: [w.extra["handbook_second"].slug],
            ),
            Case(
                "a page that does not exist",
                {"direction": "down"},
                args=lambda w: ["gibt-es-nicht"],
            ),
        ],
    ),
}
WRITES.update(HANDBOOK)
WORKSHOPS = {
    # Invitations by e-mail (each recorded): whoever records Kultur's workshop.
    "workshops:workshop_invite": Endpoint(
        args=lambda w: [w.extra["workshop"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("a workshop without a date", {}, args=lambda w: [w.extra["undated"].pk]),
            Case("a workshop that does not exist", {}, args=lambda w: [987654]),
        ],
    ),
}


def _cohort_form(w, role, **changes):
    base = {"number": "9", "name": "Neu", "status": "geplant", "departments": [w.kultur.pk]}
    return {key: value for key, value in (base | changes).items() if value is not None}


def _cohort_edit_form(w, role, **changes):
    cohort = Cohort.objects.get(pk=w.extra["cohort"].pk)
    base = {"number": "1", "name": "Geändert", "status": "laufend", "version": cohort.version,
            "departments": [w.kultur.pk, w.soziales.pk]}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _plan_form(w, role, **changes):
    workshop = Workshop.objects.get(pk=w.extra["workshop"].pk)
    base = {"starts_at": "2027-01-12T09:00", "location": "Raum 1", "version": workshop.version,
            "participants": [p.pk for p in workshop.participants.all()]}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _minutes_form(w, role, **changes):
    workshop = Workshop.objects.get(pk=w.extra["workshop"].pk)
    base = {"minutes": "# Neu", "version": workshop.version}
    return {key: value for key, value in (base | changes).items() if value is not None}


def _move_last_up(w, role):
    """The last project of Teil 3's list one place up (a move that changes the order)."""
    teil3 = w.extra["teil3"]
    entries = workshop_selectors.priority_list(workshop=teil3, editable=True, user=None)
    return {"project": entries[-1].project_id, "direction": "up"}


_WORKSHOP = lambda w: [w.extra["workshop"].pk]  # noqa: E731
_RESULT = lambda kind: lambda w: [w.extra["workshop"].pk, kind]  # noqa: E731
WORKSHOPS.update({
    "workshops:cohort_create": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid=_cohort_form,
        hostile=[
            Case("a status outside the choices", lambda w, r: _cohort_form(w, r, status="x")),
            Case("a department that does not exist",
                 lambda w, r: _cohort_form(w, r, departments=[987654])),
            Case("no department", lambda w, r: _cohort_form(w, r, departments=None)),
            Case("the number of another cohort", lambda w, r: _cohort_form(w, r, number="1")),
            Case("no number", lambda w, r: _cohort_form(w, r, number=None)),
            Case("an end before the start", lambda w, r: _cohort_form(
                w, r, starts_on="2027-02-01", ends_on="2027-01-01")),
            Case("an intake round that does not exist",
                 lambda w, r: _cohort_form(w, r, intake_round="987654")),
            Case("a supporter without the role", lambda w, r: _cohort_form(
                w, r, supporters=[w.colleague.user_id])),
        ],
    ),
    "workshops:cohort_edit": Endpoint(
        args=lambda w: [w.extra["cohort"].pk],
        allowed=CENTRAL,
        valid=_cohort_edit_form,
        hostile=[
            Case("an outdated version (stale)", lambda w, r: _cohort_edit_form(w, r, version=0)),
            Case("no version", lambda w, r: _cohort_edit_form(w, r, version=None)),
            Case("removing Kultur, whose workshops hold results",
                 lambda w, r: _cohort_edit_form(w, r, departments=[w.soziales.pk])),
            Case("a status outside the choices", lambda w, r: _cohort_edit_form(w, r, status="x")),
            Case("a cohort that does not exist", _cohort_edit_form, args=lambda w: [987654]),
        ],
    ),
    "workshops:workshop_plan": Endpoint(
        args=_WORKSHOP,
        allowed=KULTUR_MANAGERS,
        valid=_plan_form,
        hostile=[
            Case("an outdated version (stale)", lambda w, r: _plan_form(w, r, version=0)),
            Case("a participant from another workspace",
                 lambda w, r: _plan_form(w, r, participants=[w.soziales_member.user_id])),
            Case("a script as video link",
                 lambda w, r: _plan_form(w, r, video_link="javascript:alert(1)")),
            Case("a date that is no date", lambda w, r: _plan_form(w, r, starts_at="morgen")),
            Case("another department's workshop (the central unit plans every one)",
                 lambda w, r: _plan_form(w, r, participants=[]) | {"version": 1},
                 args=lambda w: [w.extra["soziales_workshop"].pk], succeeds_for=CENTRAL),
        ],
    ),
    "workshops:guest_add": Endpoint(
        args=_WORKSHOP,
        allowed=KULTUR_MANAGERS,
        valid={"name": "Frau Gast", "email": "gast@example.org"},
        hostile=[
            Case("no name", {"email": "gast@example.org"}),
            Case("an address that is none", {"name": "Gast", "email": "kein-at"}),
            Case("another department's workshop", {"name": "Gast"},
                 args=lambda w: [w.extra["soziales_workshop"].pk], succeeds_for=CENTRAL),
        ],
    ),
    "workshops:guest_remove": Endpoint(
        args=lambda w: [w.extra["guest"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[Case("a guest who does not exist", {}, args=lambda w: [987654])],
    ),
    "workshops:workshop_step": Endpoint(
        args=lambda w: [w.extra["workshop"].pk, "durchgefuehrt"],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("a step that does not exist", {},
                 args=lambda w: [w.extra["workshop"].pk, "zaubern"]),
            Case("releasing with an open objection", {},
                 args=lambda w: [w.extra["undated"].pk, "freigeben"]),
            Case("a review period in the past", {"review_until": "2020-01-01"},
                 args=lambda w: [w.extra["undated"].pk, "zur-abstimmung"]),
            Case("planning a planned workshop again", {},
                 args=lambda w: [w.extra["workshop"].pk, "neu-planen"]),
            Case("another department's workshop", {},
                 args=lambda w: [w.extra["soziales_workshop"].pk, "durchgefuehrt"],
                 succeeds_for=CENTRAL),
        ],
    ),
    "workshops:minutes_edit": Endpoint(
        args=_WORKSHOP,
        allowed=KULTUR_MANAGERS,
        valid=_minutes_form,
        hostile=[
            Case("an outdated version (stale)", lambda w, r: _minutes_form(w, r, version=0)),
            Case("no version", lambda w, r: _minutes_form(w, r, version=None)),
            Case("a text longer than a cell",
                 lambda w, r: _minutes_form(w, r, minutes="x" * 40000)),
        ],
    ),
    "workshops:result_add": Endpoint(
        args=_RESULT("beschluss"),
        allowed=KULTUR_MANAGERS,
        valid={"text": "Neuer Beschluss"},
        hostile=[
            Case("an empty decision", {"text": ""}),
            Case("a kind of result that does not exist", {"text": "x"},
                 args=_RESULT("zauber")),
            Case("a change of another department's project",
                 lambda w, r: {"project": w.soziales_project.pk, "field": "status",
                               "status": "pausiert"}, args=_RESULT("aenderung")),
            Case("a change of a field outside the choices",
                 lambda w, r: {"project": w.project.pk, "field": "title", "status": "pausiert"},
                 args=_RESULT("aenderung")),
            Case("a status outside the choices",
                 lambda w, r: {"project": w.project.pk, "field": "status", "status": "<b>"},
                 args=_RESULT("aenderung")),
            Case("a goal that does not exist",
                 lambda w, r: {"project": w.project.pk, "field": "goals", "goals": [987654]},
                 args=_RESULT("aenderung")),
            Case("a goal of an archived agenda",
                 lambda w, r: {"project": w.project.pk, "field": "goals",
                               "goals": [w.archived_goal.pk]}, args=_RESULT("aenderung")),
            Case("a question for someone outside the workspace",
                 lambda w, r: {"text": "Wer?", "owner": w.soziales_member.user_id},
                 args=_RESULT("frage")),
            Case("a project discussed of another department",
                 lambda w, r: {"project": w.soziales_project.pk}, args=_RESULT("vorhaben")),
            Case("a finding of a kind outside the choices", {"kind": "x", "title": "x"},
                 args=_RESULT("fund")),
            Case("another department's workshop", {"text": "Fremd"},
                 args=lambda w: [w.extra["soziales_workshop"].pk, "beschluss"],
                 succeeds_for=CENTRAL),
        ],
    ),
    "workshops:result_remove": Endpoint(
        args=lambda w: ["beschluss", w.extra["decision"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("a kind that does not exist", {},
                 args=lambda w: ["zauber", w.extra["decision"].pk]),
            Case("a decision that does not exist", {}, args=lambda w: ["beschluss", 987654]),
        ],
    ),
    "workshops:question_done": Endpoint(
        args=lambda w: [w.extra["question"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"done": "1"},
        hostile=[Case("a question that does not exist", {"done": "1"}, args=lambda w: [987654])],
    ),
    "workshops:change_decide": Endpoint(
        args=lambda w: [w.extra["change"].pk, "ablehnen"],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("a decision outside the choices", {},
                 args=lambda w: [w.extra["change"].pk, "durchwinken"]),
            Case("a change that does not exist", {}, args=lambda w: [987654, "ablehnen"]),
        ],
    ),
    "workshops:change_list_apply": Endpoint(
        args=_WORKSHOP,
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[Case("nothing accepted", {}, args=lambda w: [w.extra["undated"].pk])],
    ),
    "workshops:priority_move": Endpoint(
        args=lambda w: [w.extra["teil3"].pk],
        allowed=KULTUR_MANAGERS,
        valid=_move_last_up,
        hostile=[
            Case("a direction outside the choices",
                 lambda w, r: _move_last_up(w, r) | {"direction": "seitwärts"}),
            Case("another department's project",
                 lambda w, r: {"project": w.soziales_project.pk, "direction": "up"}),
            Case("no project", {"direction": "up"}),
            Case("a workshop that is not part 3", _move_last_up, args=_WORKSHOP),
        ],
    ),
    "workshops:priorities_apply": Endpoint(
        args=lambda w: [w.extra["teil3"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[Case("a workshop that is not part 3", {}, args=_WORKSHOP)],
    ),
    "workshops:objection_add": Endpoint(
        args=lambda w: [w.extra["undated"].pk],
        allowed=frozenset({"coordinator"}),  # the participant
        valid={"body": "Ein Beschluss fehlt."},
        hostile=[
            Case("an empty objection", {"body": ""}),
            Case("minutes not open for objections", {"body": "Zu früh"}, args=_WORKSHOP),
        ],
    ),
    "workshops:objection_answer": Endpoint(
        args=lambda w: [w.extra["objection"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"body": "Ergänzt.", "resolve": "on"},
        hostile=[
            Case("an empty answer", {"body": ""}),
            Case("an objection that does not exist", {"body": "x"}, args=lambda w: [987654]),
        ],
    ),
})  # fmt: skip
WRITES.update(WORKSHOPS)


def _propose_form(w, role, **changes):
    base = {"other": w.extra["candidate"].pk, "kind": "nachnutzung", "direction": "ausgehend",
            "description": "Gemeinsames Portal"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _link_edit(**changes):
    base = {"version": 1, "kind": "replikation", "description": "Geändert"}
    return {key: value for key, value in (base | changes).items() if value is not None}


# Synergies: Kultur's project links with Soziales'; Soziales' staff (``staff``) may link their
# own project, partners never link; across departments only the central unit decides.
LINKERS = KULTUR_MANAGERS | {"staff"}
SYNERGIES = {
    "synergies:synergy_create": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=KULTUR_MANAGERS,
        valid=_propose_form,
        hostile=[
            Case("no other project", lambda w, r: _propose_form(w, r, other=None)),
            Case("the project itself", lambda w, r: _propose_form(w, r, other=w.project.pk)),
            Case("not a project id", lambda w, r: _propose_form(w, r, other="eins")),
            Case("a kind outside the choices", lambda w, r: _propose_form(w, r, kind="liebe")),
            Case("a direction outside the choices",
                 lambda w, r: _propose_form(w, r, direction="seitwaerts")),
            Case("a pair linked already",
                 lambda w, r: _propose_form(w, r, other=w.extra["twin"].pk)),
            Case("another department's confidential project",
                 lambda w, r: _propose_form(w, r, other=w.confidential_soziales.pk),
                 succeeds_for=CENTRAL),
            Case("from another department's project",
                 lambda w, r: _propose_form(w, r, other=w.confidential.pk),
                 args=lambda w: [w.soziales_project.pk], succeeds_for=CENTRAL),
        ],
    ),
    "synergies:synergy_edit": Endpoint(
        args=lambda w: [w.extra["synergy"].pk],
        allowed=LINKERS,
        valid=_link_edit(),
        hostile=[
            Case("a kind outside the choices", _link_edit(kind="liebe")),
            Case("no version", _link_edit(version=None)),
            Case("an older version (stale)", _link_edit(version=0)),
            Case("a version that is no number", _link_edit(version="zwei")),
            Case("a description of 2001 characters", _link_edit(description="x" * 2001)),
        ],
    ),
    "synergies:synergy_decide": Endpoint(
        args=lambda w: [w.extra["synergy"].pk],
        allowed=CENTRAL,
        valid={"version": 1, "status": "bestaetigt"},
        hostile=[
            Case("a status outside the choices", {"version": 1, "status": "erfunden"}),
            Case("skipping the confirmation", {"version": 1, "status": "umgesetzt"}),
            Case("discarding without a reason", {"version": 1, "status": "verworfen"}),
            Case("an older version (stale)", {"version": 0, "status": "bestaetigt"}),
            Case("no status", {"version": 1}),
        ],
    ),
    "synergies:duplicate_merge": Endpoint(
        args=lambda w: [w.extra["duplicate"].pk],
        allowed=CENTRAL,
        valid=lambda w, r: {"version": 1, "keep": w.project.pk},
        hostile=[
            Case("a third project to keep",
                 lambda w, r: {"version": 1, "keep": w.soziales_project.pk}),
            Case("no project to keep", {"version": 1}),
            Case("an older version (stale)", lambda w, r: {"version": 0, "keep": w.project.pk}),
            Case("a link that is no confirmed duplicate",
                 lambda w, r: {"version": 1, "keep": w.project.pk},
                 args=lambda w: [w.extra["synergy"].pk]),
        ],
    ),
    "synergies:suggestion_accept": Endpoint(
        args=lambda w: [w.project.pk, w.extra["candidate"].pk],
        allowed=KULTUR_MANAGERS,
        valid={"kind": "nachnutzung"},
        hostile=[
            Case("a kind outside the choices", {"kind": "liebe"}),
            Case("no kind", {}),
            Case("a pair linked already", {"kind": "nachnutzung"},
                 args=lambda w: [w.project.pk, w.extra["twin"].pk]),
            Case("another department's confidential project", {"kind": "nachnutzung"},
                 args=lambda w: [w.project.pk, w.confidential_soziales.pk],
                 succeeds_for=CENTRAL),
            Case("the project itself", {"kind": "nachnutzung"},
                 args=lambda w: [w.project.pk, w.project.pk]),
        ],
    ),
    "synergies:suggestion_dismiss": Endpoint(
        args=lambda w: [w.project.pk, w.extra["candidate"].pk],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("another department's confidential project", {},
                 args=lambda w: [w.project.pk, w.confidential_soziales.pk],
                 succeeds_for=CENTRAL),
            Case("the project itself", {}, args=lambda w: [w.project.pk, w.project.pk]),
            Case("a project that does not exist", {}, args=lambda w: [w.project.pk, 999999]),
        ],
    ),
}  # fmt: skip
WRITES.update(SYNERGIES)


def _offering_form(**changes):
    base = {"title": "Neues Angebot", "slug": "neues-angebot", "status": "aktiv",
            "contact": "Team Neu", "contact_email": "neu@stadt.example",
            "link": "https://stadt.example/neu"}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _offering_edit_form(w, role, **changes):
    offering = Offering.objects.get(pk=w.extra["offering"].pk)
    base = _offering_form(title="Datenplattform der Stadt", slug=offering.slug)
    base["version"] = offering.version
    return {key: value for key, value in (base | changes).items() if value is not None}


def _answer_request_form(w, role, **changes):
    asked = OfferingRequest.objects.get(pk=w.extra["offering_request"].pk)
    base = {"status": "in_klaerung", "answer": "Wir melden uns.", "version": asked.version}
    return {key: value for key, value in (base | changes).items() if value is not None}


def _need_form(w, role, **changes):
    base = {"title": "Neu aus der Matrix", "category": "daten", "severity": "mittel",
            "source": "manuell", "projects": [w.project.pk]}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _need_edit_form(w, role, need_key="need", **changes):
    need = Need.objects.get(pk=w.extra[need_key].pk)
    projects = [w.project.pk] if need.department_id == w.kultur.pk else []
    base = _need_form(w, role, title=need.title, category=need.category, severity="kritisch",
                      projects=projects) | {"version": need.version}  # fmt: skip
    return {key: value for key, value in (base | changes).items() if value is not None}


def _need_status_form(w, role, need_key="need", **changes):
    need = Need.objects.get(pk=w.extra[need_key].pk)
    base = {"status": "in_bearbeitung", "reason": "", "version": need.version}
    return {key: value for key, value in (base | changes).items() if value is not None}


_NEED = lambda w: [w.extra["need"].pk]  # noqa: E731
_SOZIALES_NEED = lambda w: [w.extra["soziales_need"].pk]  # noqa: E731
NEEDS_AND_OFFERINGS = {
    # The catalogue: the central unit only. External partners never see it.
    "offerings:create": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid=_offering_form(),
        hostile=[
            Case("a status outside the choices", _offering_form(status="weg")),
            Case("no title", _offering_form(title=None)),
            Case("a title of 201 characters", _offering_form(title="x" * 201)),
            Case("the key of another offering", _offering_form(slug="datenplattform")),
            Case("a reserved key", _offering_form(slug="anfragen")),
            Case("a key with spaces", _offering_form(slug="neues angebot")),
            Case("an e-mail address that is none", _offering_form(contact_email="kein@")),
            Case("a link that is no web address", _offering_form(link="javascript:alert(1)")),
        ],
    ),
    "offerings:edit": Endpoint(
        args=lambda w: ["datenplattform"],
        allowed=CENTRAL,
        valid=_offering_edit_form,
        hostile=[
            Case("no version", lambda w, r: _offering_edit_form(w, r, version=None)),
            Case("an outdated version (stale)", lambda w, r: _offering_edit_form(w, r, version=0)),
            Case("a forged version", lambda w, r: _offering_edit_form(w, r, version="1 OR 1=1")),
            Case("a status outside the choices",
                 lambda w, r: _offering_edit_form(w, r, status="weg")),
            Case("the key of another offering",
                 lambda w, r: _offering_edit_form(w, r, slug="app")),
            Case("an offering that does not exist", _offering_edit_form,
                 args=lambda w: ["gibt-es-nicht"]),
        ],
    ),
    # Asking for an offering: whoever may edit Kultur's workspace, partners never.
    "offerings:request_create": Endpoint(
        args=lambda w: ["app"],
        allowed=KULTUR_MANAGERS,
        valid=lambda w, r: {"department": w.kultur.pk, "note": "Für das Ticketing"},
        hostile=[
            Case("no note", lambda w, r: {"department": w.kultur.pk}),
            Case("a note of 4001 characters",
                 lambda w, r: {"department": w.kultur.pk, "note": "x" * 4001}),
            Case("a department that does not exist", {"department": 987654, "note": "x"}),
            Case("another department", lambda w, r: {"department": w.soziales.pk, "note": "x"},
                 succeeds_for=CENTRAL | {"staff"}),
            Case("a discontinued offering", lambda w, r: {"department": w.kultur.pk, "note": "x"},
                 args=lambda w: ["alt"]),
            Case("an offering that does not exist",
                 lambda w, r: {"department": w.kultur.pk, "note": "x"},
                 args=lambda w: ["gibt-es-nicht"]),
        ],
    ),
    "offerings:request_answer": Endpoint(
        args=lambda w: [w.extra["offering_request"].pk],
        allowed=CENTRAL,
        valid=_answer_request_form,
        hostile=[
            Case("a status outside the choices",
                 lambda w, r: _answer_request_form(w, r, status="vergessen")),
            Case("declined without an answer",
                 lambda w, r: _answer_request_form(w, r, status="abgelehnt", answer="")),
            Case("an outdated version (stale)",
                 lambda w, r: _answer_request_form(w, r, version=0)),
            Case("no version", lambda w, r: _answer_request_form(w, r, version=None)),
            Case("a request that does not exist", _answer_request_form,
                 args=lambda w: [987654]),
        ],
    ),
    # A project's offerings: who may edit the project (not a partner: offerings are unseen).
    "offerings:project_link": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=KULTUR_MANAGERS,
        valid={"offering": "app"},
        hostile=[
            Case("an offering that does not exist", {"offering": "gibt-es-nicht"}),
            Case("a discontinued offering", {"offering": "alt"}),
            Case("no offering", {}),
            Case("another department's project", {"offering": "app"},
                 args=lambda w: [w.soziales_project.pk], succeeds_for=CENTRAL | {"staff"}),
            Case("a confidential project of another department", {"offering": "app"},
                 args=lambda w: [w.confidential_soziales.pk], succeeds_for=CENTRAL | {"staff"}),
        ],
    ),
    "offerings:project_unlink": Endpoint(
        args=lambda w: [w.project.pk, "datenplattform"],
        allowed=KULTUR_MANAGERS,
        valid={},
        hostile=[
            Case("an offering the project does not use", {},
                 args=lambda w: [w.project.pk, "app"]),
            Case("another department's project", {},
                 args=lambda w: [w.soziales_project.pk, "datenplattform"],
                 succeeds_for=CENTRAL | {"staff"}),
        ],
    ),
    # The needs register: Kultur's editors (its contributing partner too) and the central unit.
    "needs:create": Endpoint(
        args=lambda w: [w.kultur.slug],
        allowed=KULTUR_EDITORS,
        valid=_need_form,
        hostile=[
            *(
                Case(f"{name} outside the choices",
                     lambda w, r, n=name: _need_form(w, r, **{n: "x"}))
                for name in ("category", "severity", "source")
            ),
            Case("no title", lambda w, r: _need_form(w, r, title=None)),
            Case("no category", lambda w, r: _need_form(w, r, category=None)),
            Case("a title of 201 characters", lambda w, r: _need_form(w, r, title="x" * 201)),
            Case("the title of another need in other case",
                 lambda w, r: _need_form(w, r, title="DATEN OHNE SCHLÜSSEL")),
            Case("another department's project",
                 lambda w, r: _need_form(w, r, projects=[w.soziales_project.pk])),
            Case("a confidential project of the department",
                 lambda w, r: _need_form(w, r, title="Vertraulich", projects=[w.confidential.pk]),
                 succeeds_for=KULTUR_MANAGERS),
            Case("an owner who is no member",
                 lambda w, r: _need_form(w, r, owner=w.soziales_member.user_id)),
            Case("another department's workshop", lambda w, r: _need_form(
                w, r, source="workshop", workshop=w.extra["soziales_workshop"].pk)),
            # Partners get no offering field: what they send there is dropped, not stored.
            Case("an offering that does not exist",
                 lambda w, r: _need_form(w, r, title="Ohne Angebot", offering=987654),
                 succeeds_for=frozenset({"partner_contributor"})),
            Case("another workspace's slug", lambda w, r: _need_form(w, r, projects=[]),
                 args=lambda w: [w.soziales.slug], succeeds_for=CENTRAL | {"staff"}),
        ],
    ),
    "needs:edit": Endpoint(
        args=_NEED,
        allowed=KULTUR_EDITORS,
        valid=_need_edit_form,
        hostile=[
            Case("no version", lambda w, r: _need_edit_form(w, r, version=None)),
            Case("an outdated version (stale)", lambda w, r: _need_edit_form(w, r, version=0)),
            Case("a forged version", lambda w, r: _need_edit_form(w, r, version="1 OR 1=1")),
            Case("a severity outside the choices",
                 lambda w, r: _need_edit_form(w, r, severity="egal")),
            Case("another department's project",
                 lambda w, r: _need_edit_form(w, r, projects=[w.soziales_project.pk])),
            Case("an owner who is no member",
                 lambda w, r: _need_edit_form(w, r, owner=w.soziales_member.user_id)),
            Case("no title", lambda w, r: _need_edit_form(w, r, title="")),
            Case("a need of another department",
                 lambda w, r: _need_edit_form(w, r, need_key="soziales_need"),
                 args=_SOZIALES_NEED, succeeds_for=CENTRAL | {"staff"}),
            Case("a need that does not exist", _need_edit_form, args=lambda w: [987654]),
        ],
    ),
    "needs:status": Endpoint(
        args=_NEED,
        allowed=KULTUR_EDITORS,
        valid=_need_status_form,
        hostile=[
            Case("a status outside the choices",
                 lambda w, r: _need_status_form(w, r, status="vergessen")),
            Case("solved without a reason",
                 lambda w, r: _need_status_form(w, r, status="geloest")),
            Case("the status it has", lambda w, r: _need_status_form(w, r, status="offen",
                                                                     reason="Nochmal")),
            Case("an outdated version (stale)",
                 lambda w, r: _need_status_form(w, r, version=0)),
            Case("no version", lambda w, r: _need_status_form(w, r, version=None)),
            Case("a need of another department",
                 lambda w, r: _need_status_form(w, r, need_key="soziales_need"),
                 args=_SOZIALES_NEED, succeeds_for=CENTRAL | {"staff"}),
        ],
    ),
}  # fmt: skip
WRITES.update(NEEDS_AND_OFFERINGS)

REPORTING = {
    # Freezing a reporting round: the central unit only; the worker freezes it at once here.
    "reporting:rounds": Endpoint(
        args=lambda w: [],
        allowed=CENTRAL,
        valid={"title": "Q2 2026", "reference_date": "2026-06-30", "note": "Quartal"},
        hostile=[
            Case("no title", {"title": "  ", "reference_date": "2026-06-30"}),
            Case("a title taken already", {"title": "q1", "reference_date": "2026-06-30"}),
            Case("a title too long", {"title": "Q" * 201, "reference_date": "2026-06-30"}),
            Case("no date", {"title": "Q2 2026"}),
            Case("a date that is none", {"title": "Q2 2026", "reference_date": "31.02.2026"}),
        ],
    ),
}  # fmt: skip
WRITES.update(REPORTING)


def _goal(w):
    return w.project.goals.model.objects.get(title="Ziel im Handlungsfeld Daten")


def _goal_form(w, role, **changes):
    goal = _goal(w)
    data = {"field": goal.field_id, "title": "Geändert aus der Matrix", "description": "",
            "target": "", "order": "1", "version": str(goal.version)}  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


STRATEGY = {
    # The strategy is kept by the central unit alone; goals stand for the four kinds (they
    # are the one kind that names another entry, their field of action).
    "agenda:strategy_create": Endpoint(
        args=lambda w: ["ziele"],
        allowed=CENTRAL,
        valid=lambda w, r: _goal_form(w, r, title="Neues Ziel aus der Matrix", version=None),
        hostile=[
            Case("a field of action of an archived agenda",
                 lambda w, r: _goal_form(w, r, field=w.archived_field.pk, version=None)),
            Case("no field of action", lambda w, r: _goal_form(w, r, field=None, version=None)),
            Case("a field of action that is none",
                 lambda w, r: _goal_form(w, r, field="999999", version=None)),
            Case("no title", lambda w, r: _goal_form(w, r, title="  ", version=None)),
            Case("a title the field has already (other capitals)",
                 lambda w, r: _goal_form(w, r, title="ZIEL IM HANDLUNGSFELD DATEN",
                                         version=None)),
            Case("a title too long", lambda w, r: _goal_form(w, r, title="Z" * 301, version=None)),
            Case("an order below zero", lambda w, r: _goal_form(w, r, order="-1", version=None)),
            Case("a kind that is none", lambda w, r: _goal_form(w, r, version=None),
                 args=lambda w: ["quatsch"]),
        ],
    ),
    "agenda:strategy_edit": Endpoint(
        args=lambda w: ["ziele", _goal(w).pk],
        allowed=CENTRAL,
        valid=_goal_form,
        hostile=[
            Case("an outdated version (stale)", lambda w, r: _goal_form(w, r, version="0")),
            Case("no version", lambda w, r: _goal_form(w, r, version=None)),
            Case("a forged version", lambda w, r: _goal_form(w, r, version="1e3")),
            Case("a field of action of an archived agenda",
                 lambda w, r: _goal_form(w, r, field=w.archived_field.pk)),
            Case("no title", lambda w, r: _goal_form(w, r, title="")),
            Case("a goal of an archived agenda", lambda w, r: _goal_form(w, r),
                 args=lambda w: ["ziele", w.archived_goal.pk]),
            Case("a goal under another kind's address", lambda w, r: _goal_form(w, r),
                 args=lambda w: ["leitlinien", _goal(w).pk]),
        ],
    ),
}  # fmt: skip
WRITES.update(STRATEGY)

REMINDERS = {
    # Everyone logged in chooses their own reminders (and nobody else's).
    "reminders:settings": Endpoint(
        args=lambda w: [],
        allowed=frozenset(ROLES) - {"anonymous", "expired_partner"},
        valid={"wanted": ["faellig", "ueberfaellig"]},
        hostile=[
            Case("a kind that is none", {"wanted": ["faellig", "quatsch"]}),
        ],
    ),
}  # fmt: skip
WRITES.update(REMINDERS)


def _comment(w):
    return w.extra["comment"]


COMMENTS = {
    # Comments on Kultur's project: its workspace's members (partners too) and city staff;
    # not leadership or an account without a workspace, which only read.
    "projects:comment_create": Endpoint(
        args=lambda w: [w.project.pk],
        allowed=frozenset(ROLES) - {"anonymous", "expired_partner", "leadership_user",
                                    "outsider"},
        valid={"body": "Eine Frage zum Stand"},
        hostile=[
            Case("no text", {"body": "   "}),
            Case("no field", {}),
            Case("a text too long", {"body": "x" * 5001}),
            Case("a confidential project of Kultur", {"body": "Hallo"},
                 args=lambda w: [w.confidential.pk],
                 succeeds_for=CENTRAL | {"coordinator"}),
            Case("a project that is none", {"body": "Hallo"}, args=lambda w: [999999]),
        ],
    ),
    "projects:comment_edit": Endpoint(
        args=lambda w: [w.project.pk, _comment(w).pk],
        allowed=frozenset({"coordinator"}),  # its author, for a short time
        valid={"body": "Geändert"},
        hostile=[
            Case("no text", {"body": ""}),
            Case("a text too long", {"body": "x" * 5001}),
            Case("under another project's address", {"body": "Geändert"},
                 args=lambda w: [w.soziales_project.pk, _comment(w).pk]),
        ],
    ),
}  # fmt: skip
WRITES.update(COMMENTS)

# Pages that only read: a POST (with the most tempting fields) must change nothing.
EXCLUDED = {"login", "logout", "set_language", "admin:index"}
READ_ONLY_ARGS = {
    "dashboards:workspace": lambda w: [w.kultur.slug],
    "dashboards:workspace_export": lambda w: [w.kultur.slug],
    "dashboards:workspace_report": lambda w: [w.kultur.slug],
    "projects:workspace_list": lambda w: [w.kultur.slug],
    "projects:workspace_export": lambda w: [w.kultur.slug],
    "projects:workspace_print": lambda w: [w.kultur.slug],
    "projects:detail": lambda w: [w.project.pk],
    "projects:history": lambda w: [w.project.pk],
    "agenda:field": lambda w: [w.project.fields_of_action.model.objects.first().pk],
    "agenda:goal": lambda w: [w.project.goals.model.objects.first().pk],
    "agenda:strategy_history": lambda w: ["ziele", _goal(w).pk],
    "spreadsheets:run": lambda w: [w.run.pk],
    "spreadsheets:export": lambda w: ["vorhaben", "xlsx"],
    "spreadsheets:template": lambda w: ["vorhaben"],
    "jobs:download": lambda w: [w.download.pk],
    "jobs:download_file": lambda w: [w.download.pk],
    "intake:round": lambda w: [w.extra["intake"].round_id],
    "intake:intake": lambda w: [w.extra["intake"].pk],
    "intake:response": lambda w: [w.extra["response"].pk],
    "intake:questionnaire": lambda w: [w.draft.questionnaire_id],
    "intake:version": lambda w: [w.draft.pk],
    "intake:version_preview": lambda w: [w.draft.pk],
    "intake:response_template": lambda w: [w.extra["response"].pk],
    "intake:compare": lambda w: [w.kultur.slug],
    "intake:compare_export": lambda w: [w.kultur.slug],
    "intake:round_export": lambda w: [w.intake_rounds[0].pk],
    "handbook:page": lambda w: [w.extra["handbook_page"].slug],
    "workshops:cohort": lambda w: [w.extra["cohort"].pk],
    "workshops:workshop": lambda w: [w.extra["workshop"].pk],
    "workshops:priorities": lambda w: [w.extra["teil3"].pk],
    "handbook:versions": lambda w: [w.extra["handbook_page"].slug],
    "handbook:version": lambda w: [w.extra["handbook_page"].slug, 1],
    "workshops:protocol_print": lambda w: [w.extra["workshop"].pk],
    "workshops:protocol_export": lambda w: [w.extra["workshop"].pk],
    "workshops:workshop_ics": lambda w: [w.extra["workshop"].pk],
    "workshops:template": lambda w: [w.extra["w_published"].template_id],
    "workshops:template_version": lambda w: [w.extra["w_draft"].pk],
    "synergies:synergy": lambda w: [w.extra["synergy"].pk],
    "synergies:workspace_synergies": lambda w: [w.kultur.slug],
    "offerings:detail": lambda w: ["datenplattform"],
    "offerings:request": lambda w: [w.extra["offering_request"].pk],
    "needs:detail": lambda w: [w.extra["need"].pk],
    "needs:workspace_list": lambda w: [w.kultur.slug],
    "needs:workspace_export": lambda w: [w.kultur.slug],
    "reporting:round": lambda w: [w.extra["reporting_round"].pk],
}
TEMPTING = {"title": "Überschrieben", "role": "koordination", "confidential": "on",
            "status": "abgeschlossen", "action": "remove", "delete": "1"}  # fmt: skip


def _own_url_names() -> set[str]:
    return {n for n in _url_names() if n.split(":")[0] in OWN_NAMESPACES or ":" not in n}


def _read_only_names() -> list[str]:
    return sorted(_own_url_names() - set(WRITES) - EXCLUDED)


def test_every_url_is_in_the_write_matrix():
    """Writes are listed above; every other URL is a page that must change nothing on POST."""
    assert set(WRITES) <= _own_url_names()
    assert EXCLUDED - {"admin:index"} <= _own_url_names()


def _resolve(value, world, role):
    return value(world, role) if callable(value) else dict(value)


def _request(client, name, args, data):
    return client.post(reverse(name, args=args), data)


def _login(client, request, role):
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_endpoint_changes_only_what_the_role_may(
    client, request, world, name, role, rds_user
):
    """… and leaves no dashboard count kept from before the write (dashboards.hooks)."""
    endpoint = WRITES[name]
    failures = []
    for case in endpoint.cases():
        _login(client, request, role)
        args = (case.args or endpoint.args)(world)
        data = _resolve(case.data, world, role)
        kept_counts.counted(rds_user)
        before = fingerprint()
        response = _request(client, name, args, data)
        changed = changed_tables(before, fingerprint())
        should_change = role in (case.succeeds_for or ())
        if should_change != bool(changed) or response.status_code >= 500:
            form = (response.context or {}).get("form")
            failures.append((case.name, response.status_code, changed, form and form.errors))
        if stale := kept_counts.stale_counts(rds_user, kept_counts.counted(rds_user)):
            failures.append((case.name, "dashboard counts kept from before", stale))
    assert failures == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_read_only_pages_change_nothing_on_post(client, request, world, role):
    failures = []
    for name in _read_only_names():
        _login(client, request, role)
        args = READ_ONLY_ARGS.get(name, lambda w: [])(world)
        before = fingerprint()
        response = _request(client, name, args, dict(TEMPTING))
        changed = changed_tables(before, fingerprint())
        if changed or response.status_code >= 500:
            failures.append((name, response.status_code, changed))
    assert failures == []


def matrix_size() -> dict:
    """How many requests the matrix sends (for the record: ``python -c``)."""
    write_cases = sum(len(list(endpoint.cases())) for endpoint in WRITES.values())
    hostile = sum(len(endpoint.hostile) for endpoint in WRITES.values())
    return {
        "write endpoints": len(WRITES),
        "read-only pages": len(_read_only_names()),
        "roles": len(ROLES),
        "hostile payloads": hostile,
        "requests": (write_cases + len(_read_only_names())) * len(ROLES),
    }
