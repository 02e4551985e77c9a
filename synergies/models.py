"""Synergies between projects: typed links (reuse, replication, shared component, dependency,
duplicate), the suggestions computed for each project, and the pairs staff dismissed.

A link is stored once per pair of projects, whatever its kind: for the directed kinds the
order says who gives and who takes (``source`` → ``target``), the symmetric kinds keep the
lower id first. A link follows the scope of its projects: whoever sees one of the two sees
the link (and of the other side no more than the project scope allows).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.rights import access_for
from core.text import LongTextField


class SynergyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links with at least one project the user may see, and none the user may not know
        of: a confidential project outside the user's scope hides its links altogether (not
        only its title: a list's search, sorting, department filter and counts would give it
        away). The other side may be a project the user cannot open (an external partner
        sees another department's project by its title only)."""
        from projects.models import Project

        access = access_for(user)
        if not access.authenticated:
            return self.none()
        if access.sees_all_confidential:
            return self
        if not access.is_partner_only:
            # City staff see every project but the confidential ones of other departments:
            # a link is visible when neither side is one of those (two joins, no subquery
            # over all projects).
            def hidden(side):
                return Q(**{f"{side}__confidential": True}) & ~Q(
                    **{f"{side}__department__in": access.internal_department_ids}
                )

            return self.exclude(hidden("source")).exclude(hidden("target"))
        visible = Project.objects.visible_to(user).values("pk")
        return (
            self.filter(Q(source__in=visible) | Q(target__in=visible))
            .exclude(Q(source__confidential=True) & ~Q(source__in=visible))
            .exclude(Q(target__confidential=True) & ~Q(target__in=visible))
        )

    def of_department(self, department_id):
        return self.filter(
            Q(source__department_id=department_id) | Q(target__department_id=department_id)
        )

    def of_project(self, project_id):
        return self.filter(Q(source_id=project_id) | Q(target_id=project_id))

    def between(self, a_id, b_id):
        return self.filter(Q(source_id=a_id, target_id=b_id) | Q(source_id=b_id, target_id=a_id))

    def cross_department(self):
        return self.exclude(source__department_id=F("target__department_id"))

    def within_department(self):
        return self.filter(source__department_id=F("target__department_id"))

    def for_list(self):
        return self.select_related(
            "source__department", "source__lead_unit", "target__department", "target__lead_unit"
        )


class Synergy(models.Model):
    class Kind(models.TextChoices):
        REUSE = "nachnutzung", _("Reuse")
        REPLICATION = "replikation", _("Replication")
        SHARED_COMPONENT = "gemeinsame_komponente", _("Shared component")
        DEPENDENCY = "abhaengigkeit", _("Dependency")
        DUPLICATE = "dublette", _("Duplicate")

    class Status(models.TextChoices):
        PROPOSED = "vorgeschlagen", _("Proposed")
        CONFIRMED = "bestaetigt", _("Confirmed")
        IMPLEMENTED = "umgesetzt", _("Implemented")
        DISCARDED = "verworfen", _("Discarded")

    # source → target: the project whose solution is reused → the one reusing it; the
    # original → its replica; the project that depends → the one it depends on.
    DIRECTED = frozenset({Kind.REUSE, Kind.REPLICATION, Kind.DEPENDENCY})
    OPEN = frozenset({Status.PROPOSED, Status.CONFIRMED})

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    source = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="synergies_out",
    )
    target = models.ForeignKey(
        "projects.Project",
        verbose_name=_("linked project"),
        on_delete=models.CASCADE,
        related_name="synergies_in",
    )
    description = LongTextField(_("description"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    status_reason = models.CharField(_("reason"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_suggestion = models.BooleanField(_("from a suggestion"), default=False)
    score = models.FloatField(_("similarity"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = SynergyQuerySet.as_manager()

    class Meta:
        verbose_name = _("synergy")
        verbose_name_plural = _("synergies")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="synergy_not_with_itself"
            ),
            models.UniqueConstraint(
                Least("source", "target"),
                Greatest("source", "target"),
                name="synergy_once_per_pair",
                violation_error_message=_("These two projects are already linked."),
            ),
        ]
        indexes = [
            models.Index(fields=["target"], name="synergy_target_idx"),
            models.Index(fields=["status", "kind"], name="synergy_status_kind_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.source} – {self.target}"

    def get_absolute_url(self):
        return reverse("synergies:synergy", args=[self.pk])

    @property
    def is_directed(self) -> bool:
        return self.kind in self.DIRECTED

    @property
    def is_cross_department(self) -> bool:
        return self.source.department_id != self.target.department_id

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def other(self, project):
        return self.target if project.pk == self.source_id else self.source


class Suggestion(models.Model):
    """One of a project's most similar projects of another office, as the last computation
    found it (see :mod:`synergies.suggestions`). ``reasons`` says why, in names:
    ``{"goals": [...], "fields": [...], "offerings": [...], "terms": [...]}``."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="suggestions"
    )
    other = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))
    reasons = models.JSONField(_("reasons"), default=dict)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["project", "-score", "other"]
        constraints = [
            models.UniqueConstraint(fields=["project", "other"], name="suggestion_once"),
        ]
        indexes = [
            models.Index(fields=["project", "-score"], name="suggestion_best_idx"),
            models.Index(fields=["other"], name="suggestion_other_idx"),
        ]

    def __str__(self):
        return f"{self.project_id} ~ {self.other_id} ({self.score:.2f})"


class Dismissal(models.Model):
    """A pair staff said is no synergy: never suggested again, from either side."""

    first = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="dismissal_once"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="dismissal_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} / {self.second_id}"


class PendingProject(models.Model):
    """A project whose suggestions are out of date since it changed; the next refresh task
    takes all of them at once."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("project awaiting new suggestions")
        verbose_name_plural = _("projects awaiting new suggestions")

    def __str__(self):
        return str(self.project_id)


class Computation(models.Model):
    """One run of the suggestion computation, for the pages ("computed on …") and for
    operators (how long it took, how much memory)."""

    class Scope(models.TextChoices):
        ALL = "alle", _("All projects")
        CHANGED = "geaendert", _("Changed projects")

    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    projects = models.PositiveIntegerField(_("projects"))
    computed = models.PositiveIntegerField(_("projects computed"))
    suggestions = models.PositiveIntegerField(_("suggestions stored"))
    peak_memory_mb = models.PositiveIntegerField(_("peak memory (MB)"), null=True)

    class Meta:
        verbose_name = _("suggestion computation")
        verbose_name_plural = _("suggestion computations")
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.get_scope_display()} {self.finished_at:%Y-%m-%d %H:%M}"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()
