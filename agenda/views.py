from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.decorators import central_required
from agenda import selectors, services
from agenda.forms import KINDS
from core.forms import add_service_errors, keep_stale_input
from core.history import history_entries


def overview(request):
    return render(
        request,
        "agenda/overview.html",
        {
            "agenda": selectors.active_agenda(user=request.user),
            "may_maintain": services.may_maintain_strategy(request.user),
        },
    )


def _linked(request, template, subject_name, subject, lookup):
    projects = selectors.linked_projects(user=request.user, **lookup)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            subject_name: subject,
            "page": page,
            "may_maintain": services.may_maintain_strategy(request.user),
        },
    )


def field_detail(request, pk):
    field = selectors.field_get(user=request.user, pk=pk)
    return _linked(request, "agenda/field_detail.html", "field", field, {"fields_of_action": field})


def goal_detail(request, pk):
    goal = selectors.goal_get(user=request.user, pk=pk)
    return _linked(request, "agenda/goal_detail.html", "goal", goal, {"goals": goal})


# Keeping the strategy (the central unit) ------------------------------------------------------


def _kind(slug: str):
    try:
        return KINDS[slug]
    except KeyError:
        raise Http404 from None


@central_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request, kind, pk=None):
    """A new entry of the active agenda, or a change to one; a save on an outdated version is
    refused and the editor's input kept next to the saved version."""
    kind = _kind(kind)
    entry = selectors.strategy_entry(kind.model, pk) if pk else None
    initial = {}
    if entry is None and "field" in kind.form.base_fields:
        initial["field"] = request.GET.get("handlungsfeld") or None
    form = kind.form(request.POST or None, instance=entry, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            if entry is None:
                saved = services.strategy_create(actor=request.user, model=kind.model, **fields)
            else:
                saved = services.strategy_update(
                    actor=request.user,
                    entry=entry,
                    version=form.cleaned_data["version"],
                    **fields,
                )
        except services.StaleEditError as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                conflict.version,
                _(
                    "Someone else saved this entry after you opened the form. Nothing has been "
                    "saved. Your input is still here; compare it with the saved version and "
                    "save again."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Saved: “%(entry)s” (%(kind)s).") % {"kind": kind.name, "entry": saved},
            )
            return redirect(kind.url_of(saved))
    return render(
        request,
        "agenda/strategy_form.html",
        {
            "kind": kind,
            "entry": entry,
            "form": form,
            "conflict": conflict,
            "saved_values": selectors.shown_values(conflict, form) if conflict else [],
            "back": kind.url_of(entry) if entry else kind.url_of(None),
        },
    )


@central_required
@require_GET
def strategy_history(request, kind, pk):
    kind = _kind(kind)
    entry = get_object_or_404(kind.model, pk=pk)
    return render(
        request,
        "agenda/strategy_history.html",
        {
            "kind": kind,
            "entry": entry,
            "entries": history_entries(entry),
            "back": kind.url_of(entry),
        },
    )
