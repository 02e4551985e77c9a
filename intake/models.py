"""The status-quo intake (Status-quo-Erfassung): a versioned questionnaire (Fragebogen) that
every office of a department answers in an intake round (Erfassungsrunde) before the
workshops; the department submits, the central unit reviews and accepts.

A published questionnaire version is frozen: :mod:`intake.services` refuses every change to
it, and the models refuse it too, whatever path saves. Answers are stored by the question's
stable ``key`` (not by the question row), so rounds on different versions compare.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.rights import MembershipRole, access_for
from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField, NameField


class FrozenVersionError(ValidationError):
    """A change to a published questionnaire version."""

    def __init__(self):
        super().__init__(
            _(
                "This version of the questionnaire is published and cannot be changed. Start "
                "a new draft from it."
            ),
            code="frozen",
        )


class Questionnaire(models.Model):
    title = NameField(_("title"), max_length=200, unique=True)
    description = LongTextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intake:questionnaire", args=[self.pk])


class QuestionnaireVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "entwurf", _("Draft")
        PUBLISHED = "veroeffentlicht", _("Published")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    introduction = LongTextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown to the offices above the questions."),
    )
    change_note = models.CharField(
        _("what changed"),
        max_length=500,
        blank=True,
        help_text=_("A sentence on what is new in this version, shown in the version list."),
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique"
            ),
            models.UniqueConstraint(
                fields=["questionnaire"],
                condition=Q(state="entwurf"),
                name="questionnaire_one_draft",
                violation_error_message=_("This questionnaire has a draft already."),
            ),
        ]

    def __str__(self):
        return _("%(title)s, version %(number)s") % {
            "title": self.questionnaire.title,
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        """A published version stays as it was published (publishing itself saves a draft)."""
        if self.pk is not None:
            stored = (
                QuestionnaireVersion.objects.filter(pk=self.pk)
                .values_list("state", flat=True)
                .first()
            )
            if stored == self.State.PUBLISHED:
                raise FrozenVersionError()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("intake:version", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise FrozenVersionError()
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class _FrozenWithVersion(models.Model):
    """Sections and questions of a published version refuse to be saved or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._ensure_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._ensure_draft()
        return super().delete(*args, **kwargs)

    def _ensure_draft(self):
        state = (
            QuestionnaireVersion.objects.filter(pk=self.version_id)
            .values_list("state", flat=True)
            .first()
        )
        if state == QuestionnaireVersion.State.PUBLISHED:
            raise FrozenVersionError()


class Section(_FrozenWithVersion):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = NameField(_("title"), max_length=200)
    description = LongTextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "kurztext", _("Short text")
    LONG_TEXT = "langtext", _("Long text")
    SINGLE_CHOICE = "einfachauswahl", _("Single choice")
    MULTIPLE_CHOICE = "mehrfachauswahl", _("Multiple choice")
    SCALE = "skala", _("Scale 1–5")
    NUMBER = "zahl", _("Number")
    YES_NO = "ja_nein", _("Yes/no with a reason")
    DATE = "datum", _("Date")
    PROJECTS = "vorhaben", _("List of projects and processes")


QUESTION_KINDS = QuestionKind.values


class Question(_FrozenWithVersion):
    Kind = QuestionKind

    CHOICE_KINDS = frozenset({Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE})

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_(
            "Stays the same across versions, so that answers of different rounds can be "
            "compared. Small letters, digits and hyphens."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = LongTextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    options = models.JSONField(
        _("options"),
        default=list,
        blank=True,
        help_text=_("For choices: the options, each with a key and a label."),
    )
    condition_key = models.SlugField(
        _("show only if question"),
        max_length=60,
        blank=True,
        help_text=_("The key of another question of this questionnaire."),
    )
    condition_value = models.CharField(
        _("has the answer"),
        max_length=200,
        blank=True,
        help_text=_("The key of an option, or ja / nein for a yes/no question."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "section__position", "section", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="question_key_unique_per_version",
                violation_error_message=_("Another question of this version has this key."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QUESTION_KINDS),
                name="question_kind_valid",
            ),
        ]

    def __str__(self):
        return self.text

    def option_label(self, key) -> str:
        for option in self.options or ():
            if option.get("key") == key:
                return option.get("label", key)
        return str(key)

    @property
    def option_choices(self) -> list[tuple[str, str]]:
        return [(option["key"], option["label"]) for option in self.options or ()]


class Round(models.Model):
    """An intake round (Erfassungsrunde): one questionnaire version, a deadline, one or more
    departments (usually a cohort's two)."""

    title = NameField(_("title"), max_length=200)
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    deadline = models.DateField(_("deadline"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("intake round")
        verbose_name_plural = _("intake rounds")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intake:round", args=[self.pk])


class IntakeState(models.TextChoices):
    OPEN = "in_bearbeitung", _("In progress")
    SUBMITTED = "eingereicht", _("Submitted")
    REVIEWED = "geprueft", _("Reviewed")
    CHANGES_REQUESTED = "aenderungen_erbeten", _("Changes requested")
    ACCEPTED = "abgenommen", _("Accepted")


INTAKE_STATES = IntakeState.values


class ResponseState(models.TextChoices):
    NOT_STARTED = "nicht_begonnen", _("Not started")
    IN_PROGRESS = "in_bearbeitung", _("In progress")
    SUBMITTED = "eingereicht", _("Submitted")
    CHANGES_REQUESTED = "aenderungen_erbeten", _("Changes requested")


RESPONSE_STATES = ResponseState.values


class DepartmentIntakeQuerySet(WorkspaceScopedQuerySet):
    """A department's intake: the central unit sees all; the department's staff theirs;
    a contributing partner one in which a response was shared with partners; leadership the
    accepted ones."""

    workspace_field = "department"

    def visible_to(self, user):
        access = access_for(user)
        if not access.authenticated:
            return self.none()
        if access.is_central:
            return self
        shared = Response.objects.filter(intake=OuterRef("pk"), shared_with_partners=True)
        q = Q(department__in=access.internal_department_ids) | Q(
            Exists(shared), department__in=access.contributing_whole_department_ids
        )
        if access.is_leadership:
            q |= Q(state=DepartmentIntake.State.ACCEPTED)
        return self.filter(q)

    def editable_q(self, access) -> Q:
        """Who may submit the department: its coordinators."""
        return Q(department__in=access.coordinated_department_ids)


class DepartmentIntake(models.Model):
    """One department's part of a round: submitted by its coordinator, reviewed by RDS."""

    State = IntakeState

    round = models.ForeignKey(
        Round, verbose_name=_("intake round"), on_delete=models.CASCADE, related_name="intakes"
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="intakes",
    )
    state = models.CharField(_("state"), max_length=30, choices=State.choices, default=State.OPEN)
    state_changed_at = models.DateTimeField(_("state since"), null=True, blank=True)

    objects = DepartmentIntakeQuerySet.as_manager()

    class Meta:
        verbose_name = _("department intake")
        verbose_name_plural = _("department intakes")
        ordering = ["round", "department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "department"], name="intake_one_per_department_and_round"
            ),
            models.CheckConstraint(
                condition=Q(state__in=INTAKE_STATES),
                name="intake_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.round} – {self.department}"

    def get_absolute_url(self):
        return reverse("intake:intake", args=[self.pk])

    @property
    def offices_may_edit(self) -> bool:
        return self.state in (self.State.OPEN, self.State.CHANGES_REQUESTED)


class ResponseQuerySet(WorkspaceScopedQuerySet):
    """An office's response: its own staff, the department's coordinators, the central
    unit; contributing partners the responses shared with them; leadership reads accepted
    intakes. ``editable_by``: who may fill it in (the state decides when)."""

    workspace_field = "intake__department"

    def _fill_in_q(self, access) -> Q:
        q = Q(intake__department__in=access.coordinated_department_ids)
        for department, office in access.offices.items():
            if access.memberships.get(department) == MembershipRole.STAFF:
                q |= Q(intake__department=department, unit=office)
        q |= Q(
            intake__department__in=access.contributing_whole_department_ids,
            shared_with_partners=True,
        )
        return q

    def visible_to(self, user):
        access = access_for(user)
        if not access.authenticated:
            return self.none()
        if access.is_central:
            return self
        q = self._fill_in_q(access)
        if access.is_leadership:
            q |= Q(intake__state=DepartmentIntake.State.ACCEPTED)
        return self.filter(q)

    def editable_q(self, access) -> Q:
        return self._fill_in_q(access)


class Response(models.Model):
    """One office's answers in a round."""

    State = ResponseState

    intake = models.ForeignKey(
        DepartmentIntake,
        verbose_name=_("department intake"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="intake_responses",
    )
    state = models.CharField(
        _("state"), max_length=30, choices=State.choices, default=State.NOT_STARTED
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    required_total = models.PositiveSmallIntegerField(_("required questions"), default=0)
    required_answered = models.PositiveSmallIntegerField(
        _("required questions answered"), default=0
    )
    shared_with_partners = models.BooleanField(
        _("shared with contributing partners"),
        default=False,
        help_text=_(
            "External partners invited to the workspace as contributors may see and edit "
            "this response."
        ),
    )
    updated_at = models.DateTimeField(_("last edit"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake response")
        verbose_name_plural = _("intake responses")
        ordering = ["intake", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "unit"], name="intake_one_response_per_office"
            ),
            models.CheckConstraint(
                condition=Q(state__in=RESPONSE_STATES),
                name="response_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.intake.round})"

    def get_absolute_url(self):
        return reverse("intake:response", args=[self.pk])

    @property
    def is_complete(self) -> bool:
        return self.required_answered >= self.required_total

    @property
    def completeness_percent(self) -> int:
        if not self.required_total:
            return 100
        return round(100 * self.required_answered / self.required_total)


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    key = models.SlugField(_("question key"), max_length=60)
    value = models.JSONField(_("answer"), null=True, blank=True)
    changed_in = models.PositiveIntegerField(
        _("changed in response version"),
        default=1,
        help_text=_("The response version that last changed this answer (for merging edits)."),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "key"]
        constraints = [
            models.UniqueConstraint(fields=["response", "key"], name="answer_one_per_question")
        ]

    def __str__(self):
        return f"{self.key}: {self.value}"


class ProjectEntry(models.Model):
    """A project or process named in a "list of projects" answer. The project itself lives in
    the workspace (written through the project services); ``snapshot`` keeps what the entry
    said when it was last saved or submitted, so rounds compare after the project changed or
    was deleted."""

    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="project_entries",
    )
    key = models.SlugField(_("question key"), max_length=60)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="intake_entries",
    )
    snapshot = models.JSONField(_("as answered"), default=dict)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project in an answer")
        verbose_name_plural = _("projects in answers")
        ordering = ["response", "key", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "key", "project"], name="intake_entry_project_once"
            )
        ]

    def __str__(self):
        return self.snapshot.get("title", "")


class Event(models.Model):
    """The record of every step of an intake: who moved what, when, and why."""

    class Action(models.TextChoices):
        OPENED = "eroeffnet", _("Round opened")
        STARTED = "begonnen", _("Office started")
        RESPONSE_SUBMITTED = "antwort_eingereicht", _("Office submitted")
        RESPONSE_REOPENED = "antwort_wieder_geoeffnet", _("Office response reopened")
        SUBMITTED = "eingereicht", _("Department submitted")
        REVIEWED = "geprueft", _("Reviewed")
        CHANGES_REQUESTED = "aenderungen_erbeten", _("Changes requested")
        ACCEPTED = "abgenommen", _("Accepted")
        REOPENED = "wieder_geoeffnet", _("Reopened")
        SHARED = "geteilt", _("Sharing with partners changed")
        REMINDED = "erinnert", _("Reminder sent")

    intake = models.ForeignKey(
        DepartmentIntake, verbose_name=_("intake"), on_delete=models.CASCADE, related_name="events"
    )
    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    action = models.CharField(_("step"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("intake event")
        verbose_name_plural = _("intake events")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_action_display()


class Reminder(models.Model):
    """A reminder e-mail sent to an office; at most one per office and day."""

    class Reason(models.TextChoices):
        NOT_STARTED = "nicht_begonnen", _("Not started")
        NOT_SUBMITTED = "nicht_eingereicht", _("Not submitted")

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="reminders"
    )
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.TextField(_("recipients"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "sent_on"], name="intake_reminder_once_a_day"
            )
        ]

    def __str__(self):
        return f"{self.response} {self.sent_on}"
