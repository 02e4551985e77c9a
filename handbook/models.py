"""The handbook (Handreichung): pages that explain the process to the departments. A page's
text is never overwritten: every edit adds a version, and the latest version is the current
text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """The steps of the process a page can explain; other pages link to the page of a step
    (``{% handbook_link "teil-1" %}``)."""

    OVERVIEW = "ueberblick", _("Overview of the process")
    COHORT = "staffel", _("The cohort")
    STATUS_QUO = "status-quo", _("Status-quo intake")
    PART_1 = "teil-1", _("Workshop part 1")
    PART_2 = "teil-2", _("Workshop part 2")
    PART_3 = "teil-3", _("Workshop part 3")
    AFTER = "nach-den-workshops", _("After the workshops")


class HandbookPage(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("address"),
        max_length=80,
        unique=True,
        help_text=_("The last part of the page's web address, e.g. workshop-teil-1."),
    )
    step = models.CharField(
        _("step of the process"),
        max_length=30,
        choices=Step.choices,
        blank=True,
        help_text=_(
            "The step this page explains. The pages of cohorts, workshops and the intake link "
            "to it. At most one page per step."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handbook page")
        verbose_name_plural = _("handbook pages")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["step"],
                condition=~Q(step=""),
                name="handbook_page_step_unique",
                violation_error_message=_("Another page explains this step already."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("handbook:page", args=[self.slug])


class HandbookPageVersion(models.Model):
    page = models.ForeignKey(
        HandbookPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("handbook page version")
        verbose_name_plural = _("handbook page versions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="handbook_version_unique"),
            models.CheckConstraint(condition=~Q(change_note=""), name="handbook_change_note"),
        ]

    def __str__(self):
        return _("%(page)s, version %(number)s") % {"page": self.page.title, "number": self.number}

    def get_absolute_url(self):
        return reverse("handbook:version", args=[self.page.slug, self.number])
