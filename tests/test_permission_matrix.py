"""Every URL of the app × every role → the expected status of a GET.

The list of URLs comes from the URL configuration itself: a new URL without a row here makes
``test_every_url_has_an_expected_status_for_every_role`` fail, so nobody adds a page without
deciding who may open it. Objects outside a role's scope answer 404; readable but not
changeable ones 403; pages that take only POST answer 405 to a GET.
"""

import hashlib
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Invitation
from handbook import services as handbook_services
from intake import questionnaires
from intake import services as intake_services
from intake.models import Question
from jobs.models import Download
from needs import services as need_services
from offerings import services as offering_services
from projects import comments as project_comments
from projects.services import status_update_create
from reporting import services as reporting_services
from spreadsheets.models import ImportRun
from synergies.models import Synergy
from tests.workshops.data import publish_templates
from workshops import services as workshop_services
from workshops import standards

ROLES = ("anonymous", "admin_user", "rds_user", "coordinator", "staff", "partner",
         "leadership_user", "outsider", "expired_partner")  # fmt: skip
ALL_IN = dict.fromkeys(ROLES[1:], 200) | {"anonymous": 302, "expired_partner": 302}
PUBLIC = dict.fromkeys(ROLES, 200)  # copied per row below, so rows can differ
EDITORS_OF_KULTUR = ALL_IN | {
    "staff": 403, "partner": 403, "leadership_user": 403, "outsider": 403,
}  # fmt: skip
CENTRAL_ONLY = dict.fromkeys(ROLES, 404) | {
    "anonymous": 302, "expired_partner": 302, "admin_user": 200, "rds_user": 200,
}  # fmt: skip
KULTUR_MANAGERS = CENTRAL_ONLY | {"coordinator": 200}
POST_ONLY = dict.fromkeys(ROLES, 405) | {"anonymous": 302, "expired_partner": 302}
# Imports: a page, not an object, so everyone else is forbidden (403) rather than 404.
IMPORTERS = dict.fromkeys(ROLES, 403) | {
    "anonymous": 302, "expired_partner": 302, "admin_user": 200, "rds_user": 200,
}  # fmt: skip

# URL name -> expected status per role. Pages in Kultur are checked with Kultur objects; the
# staff account belongs to Soziales, so it stands for "a member of another workspace".
EXPECTED = {  # each row a fresh dict (the loop below adjusts them)
    "healthz": dict(PUBLIC),
    "login": PUBLIC | {role: 302 for role in ROLES if role not in ("anonymous", "expired_partner")},
    "logout": dict.fromkeys(ROLES, 405) | {"anonymous": 302, "expired_partner": 302},
    "set_language": dict.fromkeys(ROLES, 302),
    "admin:index": dict.fromkeys(ROLES, 302) | {"admin_user": 200},
    "dashboards:home": dict(ALL_IN),
    "core:accessibility": dict(PUBLIC),
    "agenda:overview": dict(ALL_IN),
    "agenda:field": dict(ALL_IN),
    "agenda:goal": dict(ALL_IN),
    # Keeping the strategy: the central unit alone.
    "agenda:strategy_create": dict(CENTRAL_ONLY),
    "agenda:strategy_edit": dict(CENTRAL_ONLY),
    "agenda:strategy_history": dict(CENTRAL_ONLY),
    "dashboards:department_list": dict(ALL_IN),
    "dashboards:workspace": dict(ALL_IN),
    "dashboards:workspace_export": dict(ALL_IN),
    "dashboards:workspace_report": dict(ALL_IN),
    # The city dashboard: the central unit and leadership, nobody else.
    "dashboards:city": CENTRAL_ONLY | {"leadership_user": 200},
    "dashboards:city_export": CENTRAL_ONLY | {"leadership_user": 200},
    "dashboards:city_report": CENTRAL_ONLY | {"leadership_user": 200},
    "projects:list": dict(ALL_IN) | {"partner": 404},
    "projects:export": dict(ALL_IN) | {"partner": 404},
    "projects:print": dict(ALL_IN) | {"partner": 404},
    "projects:detail": dict(ALL_IN),
    "projects:history": dict(ALL_IN) | {"partner": 404},  # partners follow status updates
    "projects:edit": dict(EDITORS_OF_KULTUR),
    "projects:archive": dict(EDITORS_OF_KULTUR),
    "projects:status_update_create": dict(POST_ONLY),
    # Only its author corrects a status update (shortly after); editors withdraw one.
    "projects:status_update_correct": dict(EDITORS_OF_KULTUR)
    | {
        "admin_user": 403,
        "rds_user": 403,
    },
    "projects:status_update_withdraw": dict(EDITORS_OF_KULTUR),
    "projects:workspace_list": dict(ALL_IN),
    "projects:workspace_export": dict(ALL_IN),
    "projects:workspace_print": dict(ALL_IN),
    "projects:create": dict(EDITORS_OF_KULTUR),
    "accounts:audit_log": dict(CENTRAL_ONLY),
    "accounts:external": dict(CENTRAL_ONLY),
    "accounts:accept": dict(PUBLIC),
    "accounts:members": dict(KULTUR_MANAGERS),
    "accounts:member_role": dict(POST_ONLY),
    "accounts:member_office": dict(POST_ONLY),
    "accounts:member_remove": dict(KULTUR_MANAGERS),
    "accounts:member_revoke": dict(KULTUR_MANAGERS),
    "accounts:invite": dict(KULTUR_MANAGERS),
    "spreadsheets:overview": dict(IMPORTERS),
    "spreadsheets:upload": dict(POST_ONLY),
    "spreadsheets:run": dict(IMPORTERS),
    # A large export's page and file: only for the person who asked for it.
    "jobs:download": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, "expired_partner": 302, "rds_user": 200},
    "jobs:download_file": dict.fromkeys(ROLES, 404)
    | {"anonymous": 302, "expired_partner": 302, "rds_user": 200},
    "spreadsheets:confirm": dict(POST_ONLY),
    "spreadsheets:export": dict(IMPORTERS),
    "spreadsheets:template": dict(IMPORTERS),
    # The status-quo intake of an open round for Kultur and Soziales, checked on Kultur's
    # intake and its Kulturamt: Kultur's coordinator and the central unit (the Sozialamt's
    # staff see the round, with their own office only; leadership reads accepted intakes).
    "intake:index": dict(ALL_IN),
    "intake:round_create": dict(CENTRAL_ONLY),
    "intake:round": KULTUR_MANAGERS | {"staff": 200},
    "intake:intake": dict(KULTUR_MANAGERS),
    "intake:intake_submit": dict(POST_ONLY),
    "intake:intake_review": dict(POST_ONLY),
    "intake:intake_request_changes": dict(POST_ONLY),
    "intake:intake_accept": dict(POST_ONLY),
    "intake:intake_reopen": dict(POST_ONLY),
    "intake:response": dict(KULTUR_MANAGERS),
    "intake:response_edit": dict(KULTUR_MANAGERS),
    "intake:response_submit": dict(POST_ONLY),
    "intake:response_reopen": dict(POST_ONLY),
    "intake:response_share": dict(POST_ONLY),
    "intake:entry_create": dict(KULTUR_MANAGERS),
    "intake:entry_pick": dict(POST_ONLY),
    "intake:entry_edit": dict(KULTUR_MANAGERS),
    "intake:entry_remove": dict(KULTUR_MANAGERS),
    "intake:comment_start": dict(POST_ONLY),
    "intake:comment_reply": dict(POST_ONLY),
    "intake:comment_resolve": dict(POST_ONLY),
    # The questionnaire editor: the central unit only, checked on a draft.
    **{
        f"intake:{name}": dict(CENTRAL_ONLY)
        for name in ("questionnaires", "questionnaire_create", "questionnaire", "version",
                     "version_edit", "version_preview", "version_publish", "section_create",
                     "section_edit", "section_delete", "question_create", "question_edit",
                     "question_delete")
    },
    **{
        f"intake:{name}": CENTRAL_ONLY | {"admin_user": 405, "rds_user": 405}
        for name in ("draft_start", "section_move", "question_move")
    },
    # Workshop templates: city staff read them (partners do not: 404), checked on Teil 1's
    # published version; the central unit edits, checked on Teil 2's draft.
    **{
        f"workshops:{name}": ALL_IN | {"partner": 404}
        for name in ("templates", "template", "template_version")
    },
    **{
        f"workshops:{name}": dict(CENTRAL_ONLY)
        for name in ("template_version_edit", "template_publish", "template_draft_discard",
                     "agenda_item_create", "agenda_item_edit", "agenda_item_delete")
    },
    **{
        f"workshops:{name}": CENTRAL_ONLY | {"admin_user": 405, "rds_user": 405}
        for name in ("template_draft_start", "agenda_item_move")
    },
    # Reminders: RDS for every office of the round, a coordinator for their department's; staff
    # of a department in the round see it but may not remind (403), everyone else not (404).
    "intake:round_remind": CENTRAL_ONLY | {"coordinator": 200, "staff": 403},
    # An office's response as a spreadsheet, and its upload: whoever may fill it in (Kultur's
    # Kulturamt here: its coordination and RDS).
    "intake:response_template": dict(KULTUR_MANAGERS),
    "intake:response_upload": dict(KULTUR_MANAGERS),
    # Kultur has two intake rounds. The comparison is for those who read the department's
    # intakes: the central unit, its coordinator, leadership (the accepted ones: none yet, so
    # an empty page); staff of Soziales and Kultur's reading partner see no Kultur intake.
    "intake:compare": dict(ALL_IN) | {"staff": 404, "partner": 404, "outsider": 404},
    "intake:compare_export": dict(ALL_IN)
    | {"staff": 404, "partner": 404, "leadership_user": 404, "outsider": 404},
    # The round of Kultur and Soziales: staff of Soziales export their own office's rows.
    "intake:round_export": dict(ALL_IN) | {"partner": 404, "leadership_user": 404, "outsider": 404},
    # The handbook explains the process and holds no workspace data: every logged-in user
    # reads it; the central unit writes it.
    "handbook:index": dict(ALL_IN),
    "handbook:print": dict(ALL_IN),
    "handbook:page": dict(ALL_IN),
    "handbook:versions": dict(ALL_IN),
    "handbook:version": dict(ALL_IN),
    "handbook:page_create": dict(CENTRAL_ONLY),
    "handbook:page_edit": dict(CENTRAL_ONLY),
    "handbook:page_move": CENTRAL_ONLY | {"admin_user": 405, "rds_user": 405},
    # Kultur's planned Teil 1: everyone who sees Kultur's workshops reads its protocol (the
    # draft minutes only some of them, tests/workshops/test_protocol.py) and its calendar entry.
    "workshops:protocol_print": dict(ALL_IN),
    "workshops:protocol_export": dict(ALL_IN),
    "workshops:workshop_ics": dict(ALL_IN),
    "workshops:workshop_invite": dict(POST_ONLY),
    # Cohort 1 of Kultur and Soziales: city staff and leadership see it, the central unit plans
    # it; a partner of Kultur sees Kultur's workshops, not the cohort (that is for the
    # contracted office it supports). Kultur's coordination records the workshop's results.
    "workshops:cohorts": dict(ALL_IN),
    "workshops:cohort_create": dict(CENTRAL_ONLY),
    "workshops:cohort": ALL_IN | {"partner": 404},
    "workshops:cohort_edit": dict(CENTRAL_ONLY),
    "workshops:workshops": dict(ALL_IN),
    "workshops:workshop": dict(ALL_IN),
    "workshops:workshop_plan": dict(KULTUR_MANAGERS),
    "workshops:minutes_edit": dict(KULTUR_MANAGERS),
    "workshops:priorities": dict(ALL_IN),
    "workshops:guest_add": dict(POST_ONLY),
    "workshops:guest_remove": dict(POST_ONLY),
    "workshops:workshop_step": dict(POST_ONLY),
    "workshops:result_add": dict(POST_ONLY),
    "workshops:result_remove": dict(POST_ONLY),
    "workshops:question_done": dict(POST_ONLY),
    "workshops:change_decide": dict(POST_ONLY),
    "workshops:change_list_apply": dict(POST_ONLY),
    "workshops:priority_move": dict(POST_ONLY),
    "workshops:priorities_apply": dict(POST_ONLY),
    "workshops:objection_add": dict(POST_ONLY),
    "workshops:objection_answer": dict(POST_ONLY),
    # Synergies: a link between a Kultur and a Soziales project, seen from both sides; the
    # city-wide list shows a partner their workspace's links only.
    "synergies:synergies": dict(ALL_IN),
    "synergies:workspace_synergies": dict(ALL_IN),
    # Comments: written by POST only; changed by their author alone (a reader gets 403).
    "projects:comment_create": dict(POST_ONLY),
    "projects:comment_edit": dict.fromkeys(ROLES, 403)
    | {"anonymous": 302, "expired_partner": 302, "coordinator": 200},
    "synergies:synergy": dict(ALL_IN),
    "synergies:synergy_edit": dict(POST_ONLY),
    "synergies:synergy_decide": dict(POST_ONLY),
    "synergies:duplicate_merge": dict(POST_ONLY),
    "synergies:synergy_create": dict(EDITORS_OF_KULTUR),
    "synergies:suggestion_accept": dict(POST_ONLY),
    "synergies:suggestion_dismiss": dict(POST_ONLY),
    "synergies:title_hint": ALL_IN | {"partner": 404},
    "synergies:catalogue": ALL_IN | {"partner": 404},
    # Reporting rounds are city-wide: city staff read them (within their scope), the central
    # unit freezes them; external partners do not see them.
    "reminders:settings": dict(ALL_IN),
    "reporting:rounds": ALL_IN | {"partner": 404},
    "reporting:round": ALL_IN | {"partner": 404},
    "reporting:comparison": ALL_IN | {"partner": 404},
    # The RDS offerings are for city staff, never for external partners; the central unit
    # keeps the catalogue and answers requests. Kultur's request: Kultur's members, the central
    # unit and leadership (the staff account is of Soziales).
    "offerings:list": ALL_IN | {"partner": 404},
    "offerings:export": ALL_IN | {"partner": 404},
    "offerings:create": dict(CENTRAL_ONLY),
    "offerings:detail": ALL_IN | {"partner": 404},
    "offerings:edit": dict(CENTRAL_ONLY),
    "offerings:requests": ALL_IN | {"partner": 404},
    "offerings:request": CENTRAL_ONLY | {"coordinator": 200, "leadership_user": 200},
    "offerings:request_answer": dict(CENTRAL_ONLY),
    "offerings:request_create": dict(POST_ONLY),
    "offerings:project_link": dict(POST_ONLY),
    "offerings:project_unlink": dict(POST_ONLY),
    # Kultur's needs: everyone who reads Kultur (its partner too); its editors change them.
    # The city-wide overview is not for external partners.
    "needs:overview": ALL_IN | {"partner": 404},
    "needs:export": ALL_IN | {"partner": 404},
    "needs:workspace_list": dict(ALL_IN),
    "needs:workspace_export": dict(ALL_IN),
    "needs:create": dict(EDITORS_OF_KULTUR),
    "needs:detail": dict(ALL_IN),
    "needs:edit": dict(EDITORS_OF_KULTUR),
    "needs:status": dict(EDITORS_OF_KULTUR),
}  # fmt: skip
# A partner whose access ended is logged out by their very next request, whatever it asks.
for _statuses in EXPECTED.values():
    _statuses["expired_partner"] = 302
# Except the health check: it is answered before any session is read (core.middleware).
EXPECTED["healthz"]["expired_partner"] = 200

# Confidential objects of another department are unseen (404), never forbidden (403).
CONFIDENTIAL_PROJECT_PAGES = {
    "projects:detail": ALL_IN | {"staff": 404, "partner": 404, "leadership_user": 404,
                                 "outsider": 404},
    "projects:history": ALL_IN | {"staff": 404, "partner": 404, "leadership_user": 404,
                                  "outsider": 404},
    "projects:edit": EDITORS_OF_KULTUR | {"staff": 404, "partner": 404,
                                          "leadership_user": 404, "outsider": 404},
    "synergies:synergy_create": EDITORS_OF_KULTUR | {"staff": 404, "partner": 404,
                                                     "leadership_user": 404, "outsider": 404},
}  # fmt: skip
OWN_NAMESPACES = ("core", "agenda", "organisation", "projects", "accounts", "spreadsheets",
                  "jobs", "intake", "handbook", "workshops", "offerings", "needs",
                  "synergies", "reporting", "reminders", "dashboards")  # fmt: skip


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            if entry.namespace == "admin":
                yield "admin:index"
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            yield from _url_names(entry, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_an_expected_status_for_every_role():
    names = set(_url_names())
    assert {n for n in names if n.split(":")[0] in OWN_NAMESPACES or ":" not in n} - set(
        EXPECTED
    ) == set()
    for name, statuses in EXPECTED.items():
        assert name in names, f"{name} is in the matrix but not in the URL configuration"
        assert set(statuses) == set(ROLES), name


def intake_rounds(rds_user, kultur, soziales):
    """Two intake rounds: the first of Kultur and Soziales, the second of Kultur."""
    version, _ = questionnaires.load()
    rounds = [
        intake_services.round_open(
            actor=rds_user,
            title=title,
            version=version,
            departments=departments,
            deadline=timezone.localdate() + timedelta(days=14),
        )
        for title, departments in (("Staffel 1", [kultur, soziales]), ("Staffel 2", [kultur]))
    ]
    return rounds


@pytest.fixture
def objects(kultur, soziales, agenda, coordinator, kultur_project, confidential_kultur_project,
            rds_user, soziales_project):  # fmt: skip
    field = agenda.fields.first()
    intake_rounds(rds_user, kultur, soziales)  # Kultur's earlier rounds, to compare
    token = "matrix-token"
    Invitation.objects.create(
        email="matrix@example.org", department=kultur, role="partner_lesen",
        access_expires_on=timezone.localdate() + timedelta(days=30),
        token_digest=hashlib.sha256(token.encode()).hexdigest(),
        link_expires_at=timezone.now() + timedelta(days=7), invited_by=coordinator,
    )  # fmt: skip
    update = status_update_create(
        project=kultur_project,
        actor=coordinator,
        progress=10,
        text="Matrix",
        traffic_light="im_plan",
    )
    handbook_page = handbook_services.page_create(
        actor=rds_user, title="Teil 1", slug="teil-1", step="teil-1", body="# A",
        change_note="Erste Fassung",
    )  # fmt: skip
    draft = intake_services.questionnaire_create(actor=rds_user, title="Matrixbogen")
    section = intake_services.section_save(actor=rds_user, version=draft, title="Abschnitt")
    question = intake_services.question_save(
        actor=rds_user, section=section, key="frage", kind=Question.Kind.SHORT_TEXT, text="Frage?"
    )
    return {
        "questionnaire": draft.questionnaire_id,
        "q_version": draft.pk,
        "q_section": section.pk,
        "q_question": question.pk,
        "slug": kultur.slug,
        "handbook_page": handbook_page.slug,
        "project": kultur_project.pk,
        "status_update": update.pk,
        "confidential": confidential_kultur_project.pk,
        "field": field.pk,
        "goal": field.goals.first().pk,
        "member": coordinator.memberships.get().pk,
        "token": token,
        "import_run": ImportRun.objects.create(
            kind="vorhaben", file_name="vorhaben.xlsx", file_size=0, data=b""
        ).pk,
        "download": Download.objects.create(
            user=rds_user,
            title="Export",
            status=Download.Status.READY,
            file_name="a.csv",
            content_type="text/csv",
            data=b"a;b",
        ).pk,
        **_intake_objects(rds_user, kultur, soziales),
        **_template_objects(rds_user),
        **_workshop_objects(rds_user, kultur, soziales, coordinator),
        "synergy": Synergy.objects.create(
            kind=Synergy.Kind.REUSE, source=kultur_project, target=soziales_project
        ).pk,
        "soziales_project": soziales_project.pk,
        "comment": project_comments.comment_add(
            project=kultur_project, actor=coordinator, body="Frage zum Stand"
        ).pk,
        "reporting_round": reporting_services.round_freeze(
            actor=rds_user, title="Q1", reference_date=timezone.localdate()
        ).pk,
        **_needs_and_offerings(rds_user, kultur, coordinator, kultur_project),
    }


def _needs_and_offerings(rds_user, kultur, coordinator, project) -> dict:
    """An offering used by Kultur's project and asked for by Kultur; a need of Kultur."""
    offering = offering_services.offering_create(
        actor=rds_user, title="Urbane Datenplattform", slug="datenplattform"
    )
    offering_services.project_offering_link(project=project, offering=offering, actor=rds_user)
    asked = offering_services.offering_request_create(
        actor=coordinator, offering=offering, department=kultur, note="Bitte beraten"
    )
    need = need_services.need_create(
        actor=coordinator, department=kultur, category="daten", title="Daten ohne Schlüssel",
        offering=offering, projects=[project],
    )  # fmt: skip
    return {"offering": offering.slug, "offering_request": asked.pk, "need": need.pk}


def _workshop_objects(rds_user, kultur, soziales, coordinator) -> dict:
    workshop = _workshop(rds_user, kultur, soziales, coordinator)
    return {
        "workshop": workshop.pk,
        "cohort": workshop.cohort_id,
        "workshop3": workshop.cohort.workshops.get(department=kultur, part=3).pk,
    }


def _workshop(rds_user, kultur, soziales, coordinator):
    """Kultur's Teil 1 of a cohort (planned from the templates published by
    ``_template_objects``), with a date and the coordinator taking part."""
    cohort = workshop_services.cohort_create(
        actor=rds_user, number=1, departments=[kultur, soziales]
    )
    workshop = cohort.workshops.get(department=kultur, part=1)
    return workshop_services.workshop_plan(
        workshop=workshop, actor=rds_user, version=workshop.version,
        starts_at=timezone.now() + timedelta(days=14), participants=[coordinator],
    )  # fmt: skip


def _template_objects(rds_user) -> dict:
    """Teil 1–3 published; a draft of Teil 2 (a copy of its version 1)."""
    published = publish_templates(rds_user)
    draft = standards.template_draft_start(template=published[2].template, actor=rds_user)
    return {"w_template": published[1].template_id, "w_published": published[1].pk,
            "w_draft": draft.pk, "w_item": draft.agenda_items.first().pk}  # fmt: skip


def _intake_objects(rds_user, kultur, soziales) -> dict:
    """An open round for Kultur and Soziales; the Kulturamt listed a project and RDS
    commented."""
    version, _ = questionnaires.load()
    intake_round = intake_services.round_open(
        actor=rds_user, title="Matrix", version=version,
        deadline=timezone.localdate() + timedelta(days=7), departments=[kultur, soziales],
    )  # fmt: skip
    intake = intake_round.intakes.get(department=kultur)
    response = intake.responses.get(unit__name="Kulturamt")
    entry = intake_services.entry_save(
        actor=rds_user, response=response, key="vorhaben", fields={"title": "Aus der Erfassung"}
    )
    thread = intake_services.comment_start(
        actor=rds_user, response=response, key="aufgaben", body="Bitte ergänzen"
    )
    return {"intake_round": intake_round.pk, "intake": intake.pk, "response": response.pk,
            "intake_response": response.pk, "entry": entry.pk, "thread": thread.pk}  # fmt: skip


def _url(name, objects, project_key="project"):
    args = {
        "dashboards:workspace": [objects["slug"]],
        "dashboards:workspace_export": [objects["slug"]],
        "dashboards:workspace_report": [objects["slug"]],
        "projects:workspace_list": [objects["slug"]],
        "projects:workspace_export": [objects["slug"]],
        "projects:workspace_print": [objects["slug"]],
        "projects:create": [objects["slug"]],
        "accounts:members": [objects["slug"]],
        "accounts:invite": [objects["slug"]],
        "accounts:member_role": [objects["slug"], objects["member"]],
        "accounts:member_office": [objects["slug"], objects["member"]],
        "accounts:member_remove": [objects["slug"], objects["member"]],
        "accounts:member_revoke": [objects["slug"], objects["member"]],
        "agenda:field": [objects["field"]],
        "agenda:goal": [objects["goal"]],
        "agenda:strategy_create": ["ziele"],
        "agenda:strategy_edit": ["ziele", objects["goal"]],
        "agenda:strategy_history": ["ziele", objects["goal"]],
        "accounts:accept": [objects["token"]],
        "spreadsheets:run": [objects["import_run"]],
        "spreadsheets:confirm": [objects["import_run"]],
        "spreadsheets:export": ["vorhaben", "xlsx"],
        "spreadsheets:template": ["vorhaben"],
        "jobs:download": [objects["download"]],
        "jobs:download_file": [objects["download"]],
        "intake:round": [objects["intake_round"]],
        "intake:entry_edit": [objects["entry"]],
        "intake:entry_remove": [objects["entry"]],
        "intake:round_remind": [objects["intake_round"]],
        "intake:response_template": [objects["intake_response"]],
        "intake:response_upload": [objects["intake_response"]],
        "intake:compare": [objects["slug"]],
        "intake:compare_export": [objects["slug"]],
        "intake:round_export": [objects["intake_round"]],
        "synergies:workspace_synergies": [objects["slug"]],
        "synergies:synergy": [objects["synergy"]],
        "projects:comment_create": [objects["project"]],
        "projects:comment_edit": [objects["project"], objects["comment"]],
        "reporting:round": [objects["reporting_round"]],
        "synergies:synergy_edit": [objects["synergy"]],
        "synergies:synergy_decide": [objects["synergy"]],
        "synergies:duplicate_merge": [objects["synergy"]],
        "synergies:suggestion_accept": [objects["project"], objects["soziales_project"]],
        "synergies:suggestion_dismiss": [objects["project"], objects["soziales_project"]],
    }.get(name)
    if name.startswith("intake:intake_") or name == "intake:intake":
        args = [objects["intake"]]
    if name.startswith("intake:response") or name == "intake:comment_start":
        args = [objects["response"]]
    if name in ("intake:entry_create", "intake:entry_pick"):
        args = [objects["response"], "vorhaben"]
    if name in ("intake:comment_reply", "intake:comment_resolve"):
        args = [objects["response"], objects["thread"]]
    args = {"intake:questionnaire": [objects["questionnaire"]]}.get(name, args)
    if name.startswith("workshops:"):
        args = {
            "workshops:cohorts": [],
            "workshops:templates": [],
            "workshops:cohort_create": [],
            "workshops:workshops": [],
            "workshops:cohort": [objects["cohort"]],
            "workshops:cohort_edit": [objects["cohort"]],
            "workshops:priorities": [objects["workshop3"]],
            "workshops:priority_move": [objects["workshop3"]],
            "workshops:priorities_apply": [objects["workshop3"]],
            "workshops:workshop_step": [objects["workshop"], "durchgefuehrt"],
            "workshops:result_add": [objects["workshop"], "beschluss"],
            "workshops:result_remove": ["beschluss", 1],
            "workshops:change_decide": [1, "annehmen"],
        }.get(name, [objects["workshop"]])
    args = {
        "workshops:template": [objects["w_template"]],
        "workshops:template_version": [objects["w_published"]],
        "workshops:template_draft_start": [1],
        "workshops:template_version_edit": [objects["w_draft"]],
        "workshops:template_publish": [objects["w_draft"]],
        "workshops:template_draft_discard": [objects["w_draft"]],
        "workshops:agenda_item_create": [objects["w_draft"]],
        "workshops:agenda_item_edit": [objects["w_item"]],
        "workshops:agenda_item_delete": [objects["w_item"]],
        "workshops:agenda_item_move": [objects["w_item"]],
    }.get(name, args)
    for prefix, key in (("version", "q_version"), ("draft", "q_version"),
                        ("section", "q_section"), ("question", "q_question")):  # fmt: skip
        if name.startswith(f"intake:{prefix}_") or name == f"intake:{prefix}":
            args = [objects[key]]
    if name == "intake:question_create":
        args = [objects["q_section"]]
    if name == "intake:section_create":
        args = [objects["q_version"]]
    if name in ("handbook:page", "handbook:page_edit", "handbook:page_move",
                "handbook:versions"):  # fmt: skip
        args = [objects["handbook_page"]]
    if name == "handbook:version":
        args = [objects["handbook_page"], 1]
    if name.startswith("offerings:"):
        args = {
            "offerings:detail": [objects["offering"]],
            "offerings:edit": [objects["offering"]],
            "offerings:request_create": [objects["offering"]],
            "offerings:request": [objects["offering_request"]],
            "offerings:request_answer": [objects["offering_request"]],
            "offerings:project_link": [objects["project"]],
            "offerings:project_unlink": [objects["project"], objects["offering"]],
        }.get(name, [])
    if name.startswith("needs:"):
        args = {
            "needs:workspace_list": [objects["slug"]],
            "needs:workspace_export": [objects["slug"]],
            "needs:create": [objects["slug"]],
            "needs:detail": [objects["need"]],
            "needs:edit": [objects["need"]],
            "needs:status": [objects["need"]],
        }.get(name, [])
    if name in ("projects:detail", "projects:edit", "projects:archive", "projects:history",
                "projects:status_update_create", "synergies:synergy_create"):  # fmt: skip
        args = [objects[project_key]]
    if name in ("projects:status_update_correct", "projects:status_update_withdraw"):
        args = [objects[project_key], objects["status_update"]]
    return reverse(name, args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, request, role, objects, staff, partner, outsider,
                           leadership_user, rds_user, admin_user, expired_partner):  # fmt: skip
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    actual, expected = {}, {}
    for name, statuses in EXPECTED.items():
        actual[name] = client.get(_url(name, objects)).status_code
        expected[name] = statuses[role]
        if role == "anonymous" or role == "expired_partner":
            client.logout()
            if role == "expired_partner":
                client.force_login(request.getfixturevalue(role))
        elif name == "logout":
            client.force_login(request.getfixturevalue(role))
    for name, statuses in CONFIDENTIAL_PROJECT_PAGES.items():
        key = f"{name} (confidential)"
        actual[key] = client.get(_url(name, objects, "confidential")).status_code
        expected[key] = statuses[role]
    assert actual == expected
