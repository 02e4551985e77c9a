"""Synergy pages: the lists (city-wide and per workspace), a link's page with its decisions,
proposing a link from a project, acting on suggestions, the title hint and the reuse
catalogue. Every page reads through the selectors' scope; every write goes through the
services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.decorators import city_wide_required
from core.excel import XLSX_CONTENT_TYPE, CellTooLong, attachment, write_xlsx
from core.forms import keep_stale_input
from organisation.decorators import workspace_view
from projects import selectors as project_selectors
from projects.models import Project
from synergies import forms, rights, selectors, services
from synergies.filters import CatalogueFilter, SynergyFilter
from synergies.models import Synergy
from synergies.tables import CatalogueTable, SynergyTable

PER_PAGE = 25
SEARCH_RESULTS = 20


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Lists --------------------------------------------------------------------------------------


def _synergy_list(request, *, department=None):
    scope = selectors.synergies_visible_to(request.user).for_list()
    if department is not None:
        scope = scope.of_department(department.pk)
    synergy_filter = SynergyFilter(
        request.GET, queryset=scope, user=request.user, department=department
    )
    if request.GET.get("format") == "xlsx":
        return _export(request, synergy_filter.qs, department)
    page = Paginator(synergy_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    selectors.mark_visible(page.object_list, request.user)
    return render(
        request,
        "synergies/synergy_list.html",
        {
            "filter": synergy_filter,
            "page": page,
            "table": SynergyTable(page.object_list, order=request.GET.get("o", "")),
            "department": department,
            "computation": selectors.last_computation(),
        },
    )


def synergy_list(request):
    """Every link the user sees: for external partners those of their workspaces."""
    return _synergy_list(request)


@workspace_view()
def workspace_synergies(request, department):
    return _synergy_list(request, department=department)


def _side(project):
    """A link's project in the export: its department only where the viewer may open it."""
    return project.title, project.department.name if project.is_visible else ""


EXPORT_LIMIT = 10_000


def _export(request, synergies, department):
    if synergies.count() > EXPORT_LIMIT:
        messages.error(
            request,
            _("More than %(limit)s links: narrow the list down with the filters and export again.")
            % {"limit": f"{EXPORT_LIMIT:,}".replace(",", ".")},
        )
        return redirect(_without_format(request))
    synergies = selectors.mark_visible(synergies, request.user)
    headers = [
        pgettext("synergy side", "Project"), _("Department"), _("Kind"), _("Linked project"),
        _("Department"),
        _("Status"), _("Reason"), _("Description"), _("From a suggestion"), _("Last change"),
    ]  # fmt: skip
    rows = [
        [
            *_side(s.source),
            s.get_kind_display(),
            *_side(s.target),
            s.get_status_display(),
            s.status_reason,
            s.description,
            _("yes") if s.from_suggestion else _("no"),
            s.updated_at,
        ]
        for s in synergies
    ]
    stamp = timezone.localdate().isoformat()
    name = f"synergien-{department.slug}-{stamp}.xlsx" if department else f"synergien-{stamp}.xlsx"
    try:
        content = write_xlsx(title=_("Synergies"), headers=headers, rows=rows)
    except CellTooLong as error:
        messages.error(request, str(error))
        return redirect(_without_format(request))
    return attachment(content, content_type=XLSX_CONTENT_TYPE, filename=name)


def _without_format(request) -> str:
    """The list as it was filtered, without the export."""
    query = request.GET.copy()
    query.pop("format", None)
    return f"{request.path}?{query.urlencode()}" if query else request.path


# One link -----------------------------------------------------------------------------------


def _decisions(synergy) -> list[tuple[str, str, bool]]:
    """The status changes offered on a link's page: (status, button label, needs a reason)."""
    labels = {
        Synergy.Status.CONFIRMED: _("Confirm"),
        Synergy.Status.IMPLEMENTED: _("Mark as implemented"),
        Synergy.Status.DISCARDED: _("Discard"),
        Synergy.Status.PROPOSED: _("Reopen"),
    }
    if synergy.status == Synergy.Status.IMPLEMENTED:
        labels[Synergy.Status.CONFIRMED] = _("Back to confirmed")
    return [
        (status, labels[status], (synergy.status, status) in services.NEEDS_REASON)
        for status in sorted(services.TRANSITIONS[synergy.status], key=list(labels).index)
    ]


def _synergy_page(request, synergy, *, edit_form=None, status=200):
    may_decide = rights.may_decide(request.user, synergy)
    return render(
        request,
        "synergies/synergy_detail.html",
        {
            "synergy": synergy,
            "may_change": rights.may_change(request.user, synergy),
            "may_decide": may_decide,
            "decisions": _decisions(synergy) if may_decide else [],
            "edit_form": edit_form
            or forms.SynergyEditForm(
                initial={
                    "version": synergy.version,
                    "kind": synergy.kind,
                    "description": synergy.description,
                }
            ),
            "merge_form": forms.MergeForm(
                synergy=synergy, initial={"version": synergy.version}, auto_id="merge-%s"
            )
            if may_decide
            and synergy.kind == Synergy.Kind.DUPLICATE
            and synergy.status == Synergy.Status.CONFIRMED
            else None,
            "history": synergy.history.select_related("history_user").order_by("-history_date")[
                :20
            ],
        },
        status=status,
    )


def synergy_detail(request, pk):
    return _synergy_page(request, selectors.synergy_get(user=request.user, pk=pk))


@require_POST
def synergy_edit(request, pk):
    synergy = selectors.synergy_get(user=request.user, pk=pk)
    if not rights.may_change(request.user, synergy):
        raise PermissionDenied
    form = forms.SynergyEditForm(request.POST)
    if form.is_valid():
        try:
            services.synergy_update(synergy=synergy, actor=request.user, **form.cleaned_data)
        except services.StaleSynergy as stale:
            keep_stale_input(
                form,
                stale.current.version,
                _(
                    "Someone changed this link since you opened the page. Your text is kept "
                    "below; compare it with the current state and save again."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The link has been saved."))
            return redirect(synergy)
    return _synergy_page(
        request, selectors.synergy_get(user=request.user, pk=pk), edit_form=form, status=400
    )


@require_POST
def synergy_decide(request, pk):
    synergy = selectors.synergy_get(user=request.user, pk=pk)
    if not rights.may_decide(request.user, synergy):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Please try again."))
        return redirect(synergy)
    try:
        services.synergy_decide(synergy=synergy, actor=request.user, **form.cleaned_data)
    except services.StaleSynergy:
        messages.error(
            request, _("Someone changed this link meanwhile. Check its state and decide again.")
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The status of the link has been changed."))
    return redirect(synergy)


@require_POST
def duplicate_merge(request, pk):
    synergy = selectors.synergy_get(user=request.user, pk=pk)
    if not rights.may_decide(request.user, synergy):
        raise PermissionDenied
    form = forms.MergeForm(request.POST, synergy=synergy)
    if not form.is_valid():
        messages.error(request, _("Choose which of the two projects stays."))
        return redirect(synergy)
    keep = synergy.source if form.cleaned_data["keep"] == synergy.source_id else synergy.target
    try:
        kept = services.duplicate_merge(
            synergy=synergy, actor=request.user, keep=keep, version=form.cleaned_data["version"]
        )
    except services.StaleSynergy:
        messages.error(request, _("Someone changed this link meanwhile. Check it and try again."))
        return redirect(synergy)
    except ValidationError as error:
        _report(request, error)
        return redirect(synergy)
    messages.success(request, _("The duplicates have been merged; the other project is archived."))
    return redirect(kept)


# From a project -----------------------------------------------------------------------------


def _linkable_project(request, pk) -> Project:
    project = project_selectors.project_get(user=request.user, pk=pk)
    if not rights.may_link(request.user, project):
        raise PermissionDenied
    return project


def _candidates(user, project, query: str):
    query = " ".join(query.split())
    scope = (
        Project.objects.visible_to(user)
        .active()
        .exclude(pk=project.pk)
        .select_related("department")
        .order_by("title", "pk")
    )
    if not query:
        return scope.none()
    return scope.filter(title__icontains=query) | scope.filter(
        department__name__icontains=query
    ) | scope.filter(lead_unit__name__icontains=query)  # fmt: skip


@require_http_methods(["GET", "POST"])
def synergy_create(request, pk):
    """Link a project with another: find the other one (plain GET search), then choose the
    kind, direction and a description."""
    project = _linkable_project(request, pk)
    search = forms.ProjectSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        candidates = Project.objects.visible_to(request.user).active().exclude(pk=project.pk)
    else:
        candidates = _candidates(request.user, project, query)[:SEARCH_RESULTS]
    form = forms.SynergyProposeForm(request.POST or None, project=project, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            synergy = services.synergy_propose(
                actor=request.user,
                project=project,
                other=data["other"],
                kind=data["kind"],
                description=data["description"],
                outgoing=data["direction"] == forms.DirectionChoices.OUTGOING,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The link has been proposed."))
            return redirect(synergy)
    if request.method == "POST":
        # Offer the chosen project again when the form comes back with errors, or the search
        # results when none was chosen.
        chosen = getattr(form, "cleaned_data", {}).get("other")
        form.fields["other"].queryset = (
            candidates.filter(pk=chosen.pk)
            if chosen
            else _candidates(request.user, project, query)[:SEARCH_RESULTS]
        )
        if chosen is None and not form.errors.get("other"):
            messages.error(request, _("Find and choose the other project."))
    found, more = None, 0
    if query or request.method == "POST":
        found = list(form.fields["other"].queryset)
        if len(found) == SEARCH_RESULTS:  # say that there are more, and how many
            more = _candidates(request.user, project, query).count() - SEARCH_RESULTS
    context = {"project": project, "search": search, "query": query, "form": form}
    return render(
        request,
        "synergies/synergy_form.html",
        {**context, "found": found, "more": more, "shown": SEARCH_RESULTS},
        status=400 if request.method == "POST" else 200,
    )


def _suggested(request, pk, other_pk):
    project = _linkable_project(request, pk)
    other = get_object_or_404(Project.objects.visible_to(request.user), pk=other_pk)
    return project, other


@require_POST
def suggestion_accept(request, pk, other_pk):
    project, other = _suggested(request, pk, other_pk)
    form = forms.AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered kinds."))
        return redirect(project)
    try:
        synergy = services.suggestion_accept(
            actor=request.user, project=project, other=other, kind=form.cleaned_data["kind"]
        )
    except ValidationError as error:
        _report(request, error)
        return redirect(project)
    messages.success(
        request,
        _("“%(title)s” is now a proposed synergy. Describe it and have it confirmed.")
        % {"title": other.title},
    )
    return redirect(synergy)


@require_POST
def suggestion_dismiss(request, pk, other_pk):
    project, other = _suggested(request, pk, other_pk)
    try:
        services.suggestion_dismiss(actor=request.user, project=project, other=other)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("“%(title)s” will not be suggested for this project again.") % {"title": other.title},
        )
    return redirect(f"{project.get_absolute_url()}#synergien")


@require_GET
def title_hint(request):
    """While a new project's title is typed: projects with a similar title exist already
    (an htmx fragment of the project form)."""
    if not rights.sees_suggestions(request.user):
        raise Http404
    form = forms.TitleHintForm(request.GET)
    found = []
    if form.is_valid():
        found = selectors.similar_titles(
            user=request.user,
            title=form.cleaned_data["title"],
            exclude_pk=form.cleaned_data["project"],
        )
    return render(request, "synergies/_title_hint.html", {"found": found})


# The reuse catalogue ------------------------------------------------------------------------


@city_wide_required
def catalogue(request):
    catalogue_filter = CatalogueFilter(
        request.GET, queryset=selectors.catalogue(user=request.user).order_by("title", "pk")
    )
    page = Paginator(catalogue_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    reuses = selectors.reuses_of(user=request.user, projects=page.object_list)
    for project in page.object_list:
        project.reuse_links = [link.other(project) for link in reuses[project.pk]]
    return render(
        request,
        "synergies/catalogue.html",
        {
            "filter": catalogue_filter,
            "page": page,
            "table": CatalogueTable(page.object_list, order=request.GET.get("o", "")),
        },
    )
