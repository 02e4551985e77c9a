"""Writes of the status-quo intake. Every step checks who may take it and from which state;
views and tasks call these and nothing else.

The steps (``State`` of responses and department intakes)::

    office:      nicht begonnen → in Bearbeitung → eingereicht
                 (→ Änderungen erbeten → eingereicht, when RDS asks for changes)
    department:  in Bearbeitung → eingereicht (coordinator, all offices in)
                 → geprüft (RDS) → abgenommen (RDS)
                 eingereicht / geprüft → Änderungen erbeten (RDS) → eingereicht
                 eingereicht / geprüft / abgenommen → in Bearbeitung (reopened by RDS)
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from access.rights import access_for
from access.scope import may_edit
from core.text import name_key
from discussions import services as discussions
from discussions.models import Thread
from intake import answers
from intake.models import (
    Answer,
    DepartmentIntake,
    Event,
    ProjectEntry,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Round,
    Section,
)
from organisation.models import OrgUnit
from projects import services as project_services
from projects.models import Project

Action = Event.Action
IntakeState = DepartmentIntake.State
ResponseState = Response.State

# The project fields an entry of a "list of projects" answer asks for.
ENTRY_FIELDS = (
    "title",
    "kind",
    "description",
    "status",
    "financing",
    "influence",
    "goals",
    "fields_of_action",
    "external_partners",
)


# --- who may ---------------------------------------------------------------------------


def _ensure_central(actor) -> None:
    if not access_for(actor).is_central:
        raise PermissionDenied(_("Only the Referat Digitale Stadt may do this."))


def may_coordinate(actor, intake: DepartmentIntake) -> bool:
    """The department's coordinators and the central unit move the department's steps."""
    return access_for(actor).can_manage_members(intake.department_id)


def may_fill_in(actor, response: Response) -> bool:
    """May ``actor`` change the answers now (their office, and a state that allows it)?"""
    return (
        response.state != ResponseState.SUBMITTED
        and response.intake.offices_may_edit
        and may_edit(actor, response)
    )


def may_discuss(actor, response: Response) -> bool:
    """Comments on answers: RDS starts them; whoever may fill in the response answers."""
    return access_for(actor).is_central or may_edit(actor, response)


def _ensure_fill_in(actor, response: Response) -> None:
    if not may_edit(actor, response):
        raise PermissionDenied(_("You may not fill in this office's response."))
    if response.state == ResponseState.SUBMITTED or not response.intake.offices_may_edit:
        raise ValidationError(
            _("This response has been submitted and cannot be changed unless it is reopened.")
        )


def _ensure_coordinates(actor, intake: DepartmentIntake) -> None:
    if not may_coordinate(actor, intake):
        raise PermissionDenied(_("Only the department's coordination may do this."))


def _ensure_state(obj, *allowed) -> None:
    if obj.state not in allowed:
        raise ValidationError(
            _("This step is not possible in the state “%(state)s”.")
            % {"state": obj.get_state_display()}
        )


def _record(intake, action, actor, *, response=None, note="") -> Event:
    return Event.objects.create(
        intake=intake, response=response, action=action, actor=actor, note=note[:1000]
    )


# --- questionnaires --------------------------------------------------------------------


def _ensure_draft(version: QuestionnaireVersion) -> None:
    state = QuestionnaireVersion.objects.filter(pk=version.pk).values_list("state", flat=True)
    if state.first() != QuestionnaireVersion.State.DRAFT:
        raise ValidationError(
            _(
                "This version of the questionnaire is published and cannot be changed. Start "
                "a new draft from it."
            ),
            code="frozen",
        )


@transaction.atomic
def questionnaire_create(*, actor, title: str, description: str = "") -> QuestionnaireVersion:
    """A new questionnaire with its first (draft) version."""
    _ensure_central(actor)
    questionnaire = Questionnaire(title=title, description=description)
    questionnaire.full_clean()
    if Questionnaire.objects.filter(title__iexact=questionnaire.title).exists():
        raise ValidationError({"title": _("There is a questionnaire of this title already.")})
    questionnaire.save()
    return QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)


@transaction.atomic
def draft_start(*, actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """A new draft as a copy of ``version``: same sections, questions and keys."""
    _ensure_central(actor)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=version.questionnaire_id)
    if questionnaire.versions.filter(state=QuestionnaireVersion.State.DRAFT).exists():
        raise ValidationError(_("This questionnaire has a draft already; edit that one."))
    number = (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=number,
        introduction=version.introduction,
        based_on=version,
    )
    for section in version.sections.prefetch_related("questions"):
        copy = Section.objects.create(
            version=draft,
            position=section.position,
            title=section.title,
            description=section.description,
        )
        Question.objects.bulk_create(
            Question(
                version=draft,
                section=copy,
                key=question.key,
                position=question.position,
                kind=question.kind,
                text=question.text,
                help_text=question.help_text,
                required=question.required,
                options=question.options,
                condition_key=question.condition_key,
                condition_value=question.condition_value,
            )
            for question in section.questions.all()
        )
    return draft


def version_update(*, actor, version, introduction: str, change_note: str):
    _ensure_central(actor)
    _ensure_draft(version)
    version.introduction = introduction
    version.change_note = change_note
    version.full_clean()
    version.save()
    return version


def _next_position(queryset) -> int:
    return (queryset.aggregate(p=Max("position"))["p"] or 0) + 1


def section_save(*, actor, version, section: Section | None = None, **fields) -> Section:
    _ensure_central(actor)
    _ensure_draft(version)
    if section is None:
        section = Section(version=version, position=_next_position(version.sections))
    elif section.version_id != version.pk:
        raise ValidationError(_("The section belongs to another version."))
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def section_delete(*, actor, section: Section) -> None:
    _ensure_central(actor)
    _ensure_draft(section.version)
    for question in section.questions.all():
        question.delete()
    section.delete()


def _check_question(question: Question, version) -> None:
    errors = {}
    if question.kind in Question.CHOICE_KINDS:
        keys = [option.get("key") for option in question.options or ()]
        if len(keys) < 2:
            errors["options"] = _("A choice needs at least two options.")
        elif len(set(keys)) != len(keys):
            errors["options"] = _("Two options have the same key.")
    else:
        question.options = []
    if question.condition_key:
        other = version.questions.filter(key=question.condition_key).first()
        if other is None or other.key == question.key:
            errors["condition_key"] = _("There is no other question with this key.")
        elif other.kind not in (*Question.CHOICE_KINDS, Question.Kind.YES_NO):
            errors["condition_key"] = _("A condition can only name a choice or a yes/no question.")
        elif other.kind == Question.Kind.YES_NO:
            if question.condition_value not in (answers.YES, answers.NO):
                errors["condition_value"] = _("Enter ja or nein.")
        elif question.condition_value not in {o["key"] for o in other.options}:
            errors["condition_value"] = _("Enter the key of one of that question's options.")
    elif question.condition_value:
        errors["condition_key"] = _("Name the question the condition refers to.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_save(
    *, actor, section: Section, question: Question | None = None, **fields
) -> Question:
    """Add or change a question of a draft. Questions shown depending on it must still work
    afterwards (its key, type and options), or nothing is saved."""
    _ensure_central(actor)
    version = section.version
    _ensure_draft(version)
    if question is None:
        question = Question(
            version=version, section=section, position=_next_position(section.questions)
        )
    elif question.version_id != version.pk:
        raise ValidationError(_("The question belongs to another version."))
    old_key = question.key
    for name, value in fields.items():
        setattr(question, name, value)
    if old_key and old_key != question.key and version.questions.filter(condition_key=old_key):
        raise ValidationError(
            {
                "key": _(
                    "Other questions are shown depending on this key; change their condition first."
                )
            }
        )
    question.section = section
    question.full_clean()
    _check_question(question, version)
    question.save()
    for dependent in version.questions.filter(condition_key=question.key).exclude(pk=question.pk):
        try:
            _check_question(dependent, version)
        except ValidationError as error:
            raise ValidationError(
                _(
                    "“%(question)s” is shown depending on this question and would no longer "
                    "work: %(problem)s Change its condition first."
                )
                % {"question": dependent.text, "problem": " ".join(error.messages)}
            ) from error
    return question


def question_delete(*, actor, question: Question) -> None:
    _ensure_central(actor)
    _ensure_draft(question.version)
    if question.version.questions.filter(condition_key=question.key).exists():
        raise ValidationError(
            _("Other questions are shown depending on this one; change their condition first.")
        )
    question.delete()


@transaction.atomic
def move(*, actor, item: Section | Question, up: bool) -> None:
    """Swap a section or question with its neighbour above or below."""
    _ensure_central(actor)
    _ensure_draft(item.version)
    if isinstance(item, Section):
        siblings = list(item.version.sections.order_by("position", "pk"))
    else:
        siblings = list(item.section.questions.order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


def publication_problems(version) -> list[str]:
    """What keeps a draft from being published."""
    questions = list(version.questions.select_related("section").order_by(*Question._meta.ordering))
    problems = []
    if not questions:
        problems.append(_("The questionnaire has no questions yet."))
    position = {question.key: index for index, question in enumerate(questions)}
    for index, question in enumerate(questions):
        if not question.condition_key:
            continue
        if position.get(question.condition_key, index) >= index:
            problems.append(
                _("“%(question)s” depends on a question that does not come before it.")
                % {"question": question.text}
            )
            continue
        try:  # the question it depends on may have changed its type or options since
            _check_question(question, version)
        except ValidationError as error:
            problems.extend(f"„{question.text}“: {message}" for message in error.messages)
    return problems


@transaction.atomic
def version_publish(*, actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """Freeze the draft: from now on it can be used for rounds and never changes."""
    _ensure_central(actor)
    locked = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    _ensure_draft(locked)
    if problems := publication_problems(locked):
        raise ValidationError(problems)
    locked.state = QuestionnaireVersion.State.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = actor
    locked.save()
    return locked


# --- rounds ----------------------------------------------------------------------------


def _required_total(questions) -> int:
    return answers.completeness(questions, {}, {})[1]


@transaction.atomic
def round_open(*, actor, title: str, version, deadline, departments) -> Round:
    """Open a round: every office of the departments gets a response, not started."""
    _ensure_central(actor)
    if not version.is_published:
        raise ValidationError({"version": _("Choose a published version of a questionnaire.")})
    departments = list(departments)
    if not departments:
        raise ValidationError({"departments": _("Choose at least one department.")})
    intake_round = Round(title=title, version=version, deadline=deadline, opened_by=actor)
    intake_round.full_clean()
    intake_round.save()
    required = _required_total(list(version.questions.all()))
    units = OrgUnit.objects.filter(department__in=departments).order_by("department", "name")
    by_department: dict[int, list[OrgUnit]] = {}
    for unit in units:
        by_department.setdefault(unit.department_id, []).append(unit)
    now = timezone.now()
    for department in departments:
        intake = DepartmentIntake.objects.create(
            round=intake_round, department=department, state_changed_at=now
        )
        Response.objects.bulk_create(
            Response(intake=intake, unit=unit, required_total=required)
            for unit in by_department.get(department.pk, [])
        )
        _record(intake, Action.OPENED, actor)
    return intake_round


# --- filling in ------------------------------------------------------------------------


@dataclass
class ResponseConflict(Exception):
    """Someone else saved answers to the same questions after the editor loaded the form.
    Nothing was saved."""

    current: Response
    keys: list[str]
    values: dict = field(default_factory=dict)  # key -> the value saved meanwhile


def _values_and_entries(response) -> tuple[dict, dict]:
    values = dict(response.answers.values_list("key", "value"))
    entries = dict(
        response.project_entries.values("key").annotate(n=Count("pk")).values_list("key", "n")
    )
    return values, entries


def _refresh_completeness(response: Response, questions=None) -> None:
    questions = (
        questions if questions is not None else list(response.intake.round.version.questions.all())
    )
    values, entries = _values_and_entries(response)
    response.required_answered, response.required_total = answers.completeness(
        questions, values, entries
    )


def _touch(response: Response, actor) -> None:
    """After any change to the answers: the state leaves "not started", the version rises."""
    if response.state == ResponseState.NOT_STARTED:
        response.state = ResponseState.IN_PROGRESS
        _record(response.intake, Action.STARTED, actor, response=response)
    response.version += 1
    response.updated_at = timezone.now()
    response.updated_by = actor


@transaction.atomic
def response_save(*, actor, response: Response, version: int | None, values: dict, loaded: dict):
    """Save the answers the editor changed. ``values``: question key → stored value for the
    questions on the form; ``loaded``: key → :func:`answers.fingerprint` of the value the
    form showed. An answer counts as changed by the editor when its value differs from what
    the form showed; answers others saved meanwhile are kept. If the editor and someone else
    changed the same answer differently, nothing is saved (:class:`ResponseConflict`)."""
    locked = (
        Response.objects.select_for_update().select_related("intake__round").get(pk=response.pk)
    )
    _ensure_fill_in(actor, locked)
    questions = {q.key: q for q in locked.intake.round.version.questions.all()}
    current = {answer.key: answer for answer in locked.answers.all()}
    mine = {
        key: value
        for key, value in values.items()
        if key in questions
        and questions[key].kind != Question.Kind.PROJECTS
        and answers.fingerprint(value) != loaded.get(key)
    }
    stale = version is None or version != locked.version
    conflicts = [
        key
        for key, value in mine.items()
        if stale
        and key in current
        and (version is None or current[key].changed_in > version)
        and current[key].value != value
    ]
    if conflicts:
        raise ResponseConflict(
            current=locked, keys=conflicts, values={key: current[key].value for key in current}
        )
    changed = {
        key: value
        for key, value in mine.items()
        if (current[key].value if key in current else None) != value
    }
    if not changed:
        return locked
    _touch(locked, actor)
    for key, value in changed.items():
        Answer.objects.update_or_create(
            response=locked, key=key, defaults={"value": value, "changed_in": locked.version}
        )
    _refresh_completeness(locked, list(questions.values()))
    locked.save()
    return locked


def _snapshot(project: Project) -> dict:
    return {
        "project_id": project.pk,
        "title": project.title,
        "kind": project.kind,
        "status": project.status,
        "financing": project.financing,
        "influence": project.influence,
        "goals": sorted(goal.title for goal in project.goals.all()),
        "fields_of_action": sorted(str(item) for item in project.fields_of_action.all()),
        "external_partners": project.external_partners,
    }


def entry_matches(*, actor, response: Response, title: str):
    """Projects that may be the one the office means: the same title in the department
    (the office's own first). Only projects the actor may see are named."""
    return (
        Project.objects.visible_to(actor)
        .filter(department=response.intake.department_id, title_key=name_key(title))
        .order_by("-lead_unit_id")
    )


def _changes(project: Project, fields: dict) -> bool:
    """Whether saving ``fields`` would change ``project``."""
    for name, value in fields.items():
        if name in project_services.M2M_FIELDS:
            current = {obj.pk for obj in getattr(project, name).all()}
            if current != {getattr(item, "pk", item) for item in value}:
                return True
        elif getattr(project, name) != value:
            return True
    return False


def _reason(response: Response) -> str:
    return (_("from the status-quo intake: %(round)s") % {"round": response.intake.round})[:100]


@transaction.atomic
def entry_save(
    *,
    actor,
    response: Response,
    key: str,
    fields: dict,
    project: Project | None = None,
    project_version: int | None = None,
    entry: ProjectEntry | None = None,
) -> ProjectEntry:
    """Add or change a project in a "list of projects" answer, writing the project through
    the project services: ``project`` given → that project is updated (optimistic locking
    with ``project_version``); none → a new project of the office is created."""
    locked = (
        Response.objects.select_for_update()
        .select_related("intake__round", "unit")
        .get(pk=response.pk)
    )
    _ensure_fill_in(actor, locked)
    question = locked.intake.round.version.questions.filter(key=key).first()
    if question is None or question.kind != Question.Kind.PROJECTS:
        raise ValidationError(_("This question does not list projects."))
    fields = {name: value for name, value in fields.items() if name in ENTRY_FIELDS}
    if project is None:
        project = project_services.project_create(
            actor=actor,
            department=locked.intake.department,
            reason=_reason(locked),
            lead_unit=locked.unit,
            **fields,
        )
    else:
        if project.department_id != locked.intake.department_id:
            raise ValidationError(_("Choose a project of this department."))
        # Compared with the project as stored (a bound model form changes the instance).
        if _changes(Project.objects.get(pk=project.pk), fields):
            project = project_services.project_update(
                project=project,
                actor=actor,
                version=project_version,
                reason=_reason(locked),
                **fields,
            )
        elif not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
            # Taken into the list as it is: no new version, no history entry.
            raise ValidationError(_("Choose a project of this department."))
    duplicate = locked.project_entries.filter(key=key, project=project)
    if entry is not None:
        duplicate = duplicate.exclude(pk=entry.pk)
    if duplicate.exists():
        raise ValidationError(_("This project is in the list already."))
    if entry is None:
        entry = ProjectEntry(
            response=locked,
            key=key,
            position=_next_position(locked.project_entries.filter(key=key)),
        )
    elif entry.response_id != locked.pk:
        raise ValidationError(_("The entry belongs to another response."))
    entry.project = project
    entry.snapshot = _snapshot(project)
    entry.save()
    _touch(locked, actor)
    _refresh_completeness(locked)
    locked.save()
    return entry


@transaction.atomic
def entry_remove(*, actor, entry: ProjectEntry) -> None:
    """Take a project off the list. The project stays in the workspace."""
    locked = Response.objects.select_for_update().get(pk=entry.response_id)
    _ensure_fill_in(actor, locked)
    entry.delete()
    _touch(locked, actor)
    _refresh_completeness(locked)
    locked.save()


@transaction.atomic
def response_submit(*, actor, response: Response) -> Response:
    """The office hands its answers in: every required question shown must be answered.
    The projects' entries keep what the projects say at this moment."""
    locked = (
        Response.objects.select_for_update().select_related("intake__round").get(pk=response.pk)
    )
    _ensure_fill_in(actor, locked)
    questions = list(locked.intake.round.version.questions.all())
    values, entries = _values_and_entries(locked)
    if gaps := answers.missing(questions, values, entries):
        raise ValidationError(
            [_("Required question not answered: %(question)s") % {"question": q.text} for q in gaps]
        )
    for entry in locked.project_entries.select_related("project").prefetch_related(
        "project__goals", "project__fields_of_action"
    ):
        if entry.project is not None:
            entry.snapshot = _snapshot(entry.project)
            entry.save(update_fields=["snapshot"])
    locked.state = ResponseState.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.required_answered, locked.required_total = answers.completeness(
        questions, values, entries
    )
    locked.save()
    _record(locked.intake, Action.RESPONSE_SUBMITTED, actor, response=locked)
    return locked


@transaction.atomic
def response_reopen(*, actor, response: Response, note: str = "") -> Response:
    """The coordinator gives a submitted response back to its office, while the department
    has not submitted."""
    locked = Response.objects.select_for_update().select_related("intake").get(pk=response.pk)
    _ensure_coordinates(actor, locked.intake)
    _ensure_state(locked, ResponseState.SUBMITTED)
    if not locked.intake.offices_may_edit:
        raise ValidationError(
            _("The department has submitted; only a request for changes opens it again.")
        )
    locked.state = ResponseState.IN_PROGRESS
    locked.save(update_fields=["state"])
    _record(locked.intake, Action.RESPONSE_REOPENED, actor, response=locked, note=note)
    return locked


def response_share(*, actor, response: Response, shared: bool) -> Response:
    _ensure_coordinates(actor, response.intake)
    if response.shared_with_partners != shared:
        response.shared_with_partners = shared
        response.save(update_fields=["shared_with_partners"])
        note = _("shared with contributing partners") if shared else _("no longer shared")
        _record(response.intake, Action.SHARED, actor, response=response, note=note)
    return response


# --- the department's steps ------------------------------------------------------------


def _move(intake: DepartmentIntake, state, actor, action, note="") -> DepartmentIntake:
    intake.state = state
    intake.state_changed_at = timezone.now()
    intake.save(update_fields=["state", "state_changed_at"])
    _record(intake, action, actor, note=note)
    return intake


def _lock(intake) -> DepartmentIntake:
    return DepartmentIntake.objects.select_for_update().select_related("round").get(pk=intake.pk)


@transaction.atomic
def intake_submit(*, actor, intake: DepartmentIntake) -> DepartmentIntake:
    """The coordinator submits the department once every office has submitted."""
    locked = _lock(intake)
    _ensure_coordinates(actor, locked)
    _ensure_state(locked, IntakeState.OPEN, IntakeState.CHANGES_REQUESTED)
    waiting = locked.responses.exclude(state=ResponseState.SUBMITTED).select_related("unit")
    if waiting:
        raise ValidationError(
            _("Not all offices have submitted yet: %(offices)s")
            % {"offices": ", ".join(response.unit.name for response in waiting)}
        )
    return _move(locked, IntakeState.SUBMITTED, actor, Action.SUBMITTED)


@transaction.atomic
def intake_mark_reviewed(*, actor, intake: DepartmentIntake) -> DepartmentIntake:
    locked = _lock(intake)
    _ensure_central(actor)
    _ensure_state(locked, IntakeState.SUBMITTED)
    return _move(locked, IntakeState.REVIEWED, actor, Action.REVIEWED)


@transaction.atomic
def intake_request_changes(
    *, actor, intake: DepartmentIntake, note: str, responses=None
) -> DepartmentIntake:
    """Send the intake back. The offices named (by default those with open comments) are
    asked for changes and must submit again."""
    locked = _lock(intake)
    _ensure_central(actor)
    _ensure_state(locked, IntakeState.SUBMITTED, IntakeState.REVIEWED)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what should change.")})
    chosen = locked.responses.all()
    if responses is not None:
        chosen = chosen.filter(pk__in=[getattr(r, "pk", r) for r in responses])
    else:
        discussed = Thread.objects.about_any(Response, chosen).open()
        if discussed.exists():
            chosen = chosen.filter(pk__in=discussed.values("object_id"))
    if not chosen.exists():
        raise ValidationError({"responses": _("Choose at least one office.")})
    for response in chosen:
        response.state = ResponseState.CHANGES_REQUESTED
        response.save(update_fields=["state"])
        _record(locked, Action.CHANGES_REQUESTED, actor, response=response, note=note)
    return _move(locked, IntakeState.CHANGES_REQUESTED, actor, Action.CHANGES_REQUESTED, note)


@transaction.atomic
def intake_accept(*, actor, intake: DepartmentIntake) -> DepartmentIntake:
    locked = _lock(intake)
    _ensure_central(actor)
    _ensure_state(locked, IntakeState.REVIEWED)
    return _move(locked, IntakeState.ACCEPTED, actor, Action.ACCEPTED)


@transaction.atomic
def intake_reopen(*, actor, intake: DepartmentIntake, note: str) -> DepartmentIntake:
    """Open a submitted, reviewed or accepted intake again (recorded with the reason).
    The offices' responses stay submitted; the coordinator reopens those that change."""
    locked = _lock(intake)
    _ensure_central(actor)
    _ensure_state(locked, IntakeState.SUBMITTED, IntakeState.REVIEWED, IntakeState.ACCEPTED)
    if not (note or "").strip():
        raise ValidationError({"note": _("Give a reason for reopening.")})
    return _move(locked, IntakeState.OPEN, actor, Action.REOPENED, note)


# --- comments on answers ---------------------------------------------------------------


def comment_start(*, actor, response: Response, key: str, body: str) -> Thread:
    """RDS comments on one answer (``key``) or on the response as a whole (empty key)."""
    _ensure_central(actor)
    if key and not response.intake.round.version.questions.filter(key=key).exists():
        raise ValidationError(_("There is no such question."))
    return discussions.thread_start(
        actor=actor, target=response, department=response.intake.department, anchor=key, body=body
    )


def _thread_of(response: Response, thread: Thread) -> Thread:
    if thread.object_id != response.pk or thread.content_type.model_class() is not Response:
        raise ValidationError(_("The comment belongs to another response."))
    return thread


def comment_reply(*, actor, response: Response, thread: Thread, body: str):
    if not may_discuss(actor, response):
        raise PermissionDenied(_("You may not take part in this discussion."))
    return discussions.comment_add(thread=_thread_of(response, thread), actor=actor, body=body)


def comment_resolve(*, actor, response: Response, thread: Thread, resolved: bool = True):
    """RDS closes a discussion once the answer is clear (and may open it again)."""
    _ensure_central(actor)
    thread = _thread_of(response, thread)
    if resolved:
        return discussions.thread_resolve(thread=thread, actor=actor)
    return discussions.thread_reopen(thread=thread, actor=actor)
