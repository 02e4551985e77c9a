"""The workshop templates (Workshopvorlagen): city staff read them; the central unit edits a
draft, publishes it and starts the next one. A published version is frozen: every page that
would change it sends the user back to the version with a message, and the services refuse it
anyway (as the models do)."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.decorators import central_required, city_wide_required
from core.forms import add_service_errors
from workshops import rights, standards
from workshops.forms_templates import AgendaItemForm, MoveForm, PublishForm, TemplateVersionForm
from workshops.models import AgendaItem, Part, TemplateVersion, WorkshopTemplate, time_slots

# The agenda's time slots are shown for a workshop that starts at this time.
EXAMPLE_START = time(9, 0)


def _version(pk) -> TemplateVersion:
    return get_object_or_404(
        TemplateVersion.objects.select_related("template", "based_on", "published_by"), pk=pk
    )


def _item(pk) -> AgendaItem:
    return get_object_or_404(AgendaItem.objects.select_related("version__template"), pk=pk)


def _frozen(request, version):
    """The answer to any change of a published version: back to it, with why."""
    messages.error(
        request,
        _(
            "This version of the template is published and cannot be changed. Start a new "
            "draft from it."
        ),
    )
    return redirect(version)


def _data(request):
    """The posted fields, also when none were posted (an empty form is bound, and invalid)."""
    return request.POST if request.method == "POST" else None


def _anchor(version, anchor: str):
    return redirect(f"{version.get_absolute_url()}#{anchor}")


# --- reading -------------------------------------------------------------------------------


@city_wide_required
@require_GET
def template_list(request):
    return render(request, "workshops/template_list.html", {"rows": standards.template_overview()})


@city_wide_required
@require_GET
def template_detail(request, pk):
    template = get_object_or_404(WorkshopTemplate, pk=pk)
    versions = standards.template_versions(template)
    return render(
        request,
        "workshops/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "latest_published": next((v for v in versions if v.is_published), None),
        },
    )


@city_wide_required
@require_GET
def version_detail(request, pk):
    version = _version(pk)
    if version.is_draft and not rights.may_plan(request.user):
        raise Http404  # a draft is the central unit's work in progress
    items = list(version.agenda_items.all())
    start = timezone.make_aware(datetime.combine(timezone.localdate(), EXAMPLE_START))
    total = sum(item.duration_minutes for item in items)
    template = version.template
    draft = None
    if not version.is_draft:
        draft = template.versions.filter(state=TemplateVersion.State.DRAFT).first()
    return render(
        request,
        "workshops/version_detail.html",
        {
            "version": version,
            "template": template,
            "slots": time_slots(items, start),
            "start": start,
            "total": standards.duration_label(total) if items else "",
            "draft": draft,
            "is_newest": version == standards.newest_published(template),
            "workshop_count": version.workshops.count(),
            "material_lines": [
                line.strip() for line in version.materials.splitlines() if line.strip()
            ],
        },
    )


# --- versions ------------------------------------------------------------------------------


@central_required
@require_POST
def draft_start(request, part):
    if part not in Part.values:
        raise Http404
    template = WorkshopTemplate.objects.filter(part=part).first() or WorkshopTemplate(part=part)
    try:
        draft = standards.template_draft_start(template=template, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(template) if template.pk else redirect("workshops:templates")
    if draft.based_on:
        messages.success(
            request,
            _("Draft version %(number)s has been started as a copy of version %(based_on)s.")
            % {"number": draft.number, "based_on": draft.based_on.number},
        )
    else:
        messages.success(request, _("The draft has been started. Add the agenda items."))
    return redirect(draft)


@central_required
@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    version = _version(pk)
    if not version.is_draft:
        return _frozen(request, version)
    initial = {name: getattr(version, name) for name in standards.VERSION_FIELDS}
    form = TemplateVersionForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            standards.template_version_update(
                version=version, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(version)
    return render(
        request,
        "workshops/version_form.html",
        {"version": version, "template": version.template, "form": form},
    )


@central_required
@require_http_methods(["GET", "POST"])
def version_publish(request, pk):
    version = _version(pk)
    if not version.is_draft:
        return _frozen(request, version)
    form = PublishForm(_data(request), initial={"change_note": version.change_note})
    problems = standards.publication_problems(version)
    if request.method == "POST" and form.is_valid():
        try:
            standards.template_publish(
                version=version, actor=request.user, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s has been published. Cohorts planned from now on use it.")
                % {"number": version.number},
            )
            return redirect(version)
    return render(
        request,
        "workshops/version_publish.html",
        {"version": version, "template": version.template, "problems": problems, "form": form},
        status=422 if request.method == "POST" else 200,
    )


@central_required
@require_http_methods(["GET", "POST"])
def version_discard(request, pk):
    version = _version(pk)
    if not version.is_draft:
        return _frozen(request, version)
    if request.method == "POST":
        try:
            template = standards.template_draft_discard(version=version, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(version)
        messages.success(request, _("The draft has been discarded."))
        return redirect(template)
    return render(
        request,
        "workshops/version_discard.html",
        {"version": version, "template": version.template},
    )


# --- agenda items --------------------------------------------------------------------------


def _item_form(request, version, item=None):
    initial = {}
    if item is not None:
        initial = {name: getattr(item, name) for name in standards.AGENDA_ITEM_FIELDS}
    form = AgendaItemForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if item is None:
                item = standards.agenda_item_add(
                    version=version, actor=request.user, **form.cleaned_data
                )
            else:
                item = standards.agenda_item_update(
                    item=item, actor=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been saved."))
            return _anchor(version, f"punkt-{item.pk}")
    return render(
        request,
        "workshops/agenda_item_form.html",
        {"version": version, "template": version.template, "item": item, "form": form},
    )


@central_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request, pk):
    version = _version(pk)
    if not version.is_draft:
        return _frozen(request, version)
    return _item_form(request, version)


@central_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, pk):
    item = _item(pk)
    if not item.version.is_draft:
        return _frozen(request, item.version)
    return _item_form(request, item.version, item)


@central_required
@require_http_methods(["GET", "POST"])
def agenda_item_delete(request, pk):
    item = _item(pk)
    version = item.version
    if not version.is_draft:
        return _frozen(request, version)
    if request.method == "POST":
        try:
            standards.agenda_item_delete(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _anchor(version, f"punkt-{item.pk}")
        messages.success(request, _("The agenda item has been deleted."))
        return _anchor(version, "tagesordnung")
    return render(
        request,
        "workshops/agenda_item_delete.html",
        {"version": version, "template": version.template, "item": item},
    )


@central_required
@require_POST
def agenda_item_move(request, pk):
    item = _item(pk)
    version = item.version
    if not version.is_draft:
        return _frozen(request, version)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to move it up or down."))
        return _anchor(version, f"punkt-{item.pk}")
    try:
        standards.agenda_item_move(
            item=item, actor=request.user, up=form.cleaned_data["direction"] == "up"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _anchor(version, f"punkt-{item.pk}")
