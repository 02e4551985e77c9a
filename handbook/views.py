"""The handbook's pages. Every logged-in user reads them; the central unit (RDS,
administration) creates, edits and reorders pages, and for everyone else those pages do not
exist (404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.decorators import central_required
from core.forms import add_service_errors
from handbook import selectors, services
from handbook.forms import MoveForm, PageCreateForm, PageEditForm


@require_GET
def index(request):
    return render(request, "handbook/index.html", {"entries": selectors.handbook_toc()})


@require_GET
def print_all(request):
    return render(request, "handbook/print.html", {"entries": selectors.handbook_print()})


@require_GET
def page_detail(request, slug):
    entry, previous, following = selectors.page_with_neighbours(slug=slug)
    return render(
        request,
        "handbook/page_detail.html",
        {"entry": entry, "page": entry.page, "previous": previous, "following": following},
    )


@require_GET
def version_list(request, slug):
    page = selectors.page_get(slug=slug)
    return render(
        request,
        "handbook/version_list.html",
        {"page": page, "versions": selectors.version_list(page)},
    )


@require_GET
def version_detail(request, slug, number):
    page = selectors.page_get(slug=slug)
    version = selectors.version_get(page=page, number=number)
    return render(
        request,
        "handbook/version_detail.html",
        {
            "page": page,
            "version": version,
            "current": selectors.current_version(page),
            "diff": selectors.version_diff(version),
        },
    )


@central_required
@require_http_methods(["GET", "POST"])
def page_create(request):
    form = PageCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.page_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The page has been created."))
            return redirect(page)
    return render(request, "handbook/page_form.html", {"form": form})


@central_required
@require_http_methods(["GET", "POST"])
def page_edit(request, slug):
    page = selectors.page_get(slug=slug)
    current = selectors.current_version(page)
    form = PageEditForm(
        request.POST or None,
        initial={
            "title": page.title,
            "body": current.body if current else "",
            "based_on": current.number if current else 1,
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.page_revise(page=page, actor=request.user, **form.cleaned_data)
        except services.StaleEditError as stale:
            conflict = stale.current
            form.add_error(
                None,
                _(
                    "Someone else saved a newer version of this page after you opened the "
                    "form. Nothing has been saved. Your text is still here; compare it with "
                    "the current version and save again."
                ),
            )
            form.data = form.data.copy()
            form.data["based_on"] = conflict.number
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved as a new version."))
            return redirect(page)
    return render(
        request,
        "handbook/page_form.html",
        {"form": form, "page": page, "current": current, "conflict": conflict},
    )


@central_required
@require_POST
def page_move(request, slug):
    page = selectors.page_get(slug=slug)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to move it up or down."))
    else:
        try:
            services.page_move(
                actor=request.user, page=page, up=form.cleaned_data["direction"] == "up"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('handbook:index')}#seite-{page.slug}")
