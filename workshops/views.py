"""Pages of cohorts and workshops. Thin: reads come from :mod:`workshops.selectors`, every
change from :mod:`workshops.services`, which decide who may take which step."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from access.decorators import central_required
from core.forms import keep_stale_input
from discussions.models import Thread
from workshops import forms, rights, selectors, services
from workshops.filters import CohortFilter, WorkshopFilter
from workshops.models import (
    ChangeItem,
    Decision,
    DiscussedProject,
    OpenQuestion,
    ResultItem,
    Workshop,
    WorkshopGuest,
)
from workshops.tables import CohortTable, WorkshopTable

PER_PAGE = 25


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Cohorts -------------------------------------------------------------------------------------


def cohort_list(request):
    cohort_filter = CohortFilter(
        request.GET,
        queryset=selectors.cohort_rows(selectors.cohorts_visible_to(request.user)),
        user=request.user,
    )
    page = Paginator(cohort_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/cohort_list.html",
        {
            "filter": cohort_filter,
            "page": page,
            "table": CohortTable(page.object_list, order=request.GET.get("o", "")),
            "can_plan": rights.may_plan(request.user),
        },
    )


def _cohort_form_page(request, form, cohort=None):
    return render(request, "workshops/cohort_form.html", {"form": form, "cohort": cohort})


def _cohort_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@central_required
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    form = forms.CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(actor=request.user, **_cohort_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The cohort has been planned with three workshops per department.")
            )
            if form.warning:
                messages.warning(request, form.warning)
            return redirect(cohort)
    return _cohort_form_page(request, form)


@central_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk):
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    form = forms.CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_update(
                cohort=cohort,
                actor=request.user,
                version=form.cleaned_data.get("version"),
                **_cohort_fields(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort has been saved."))
            if form.warning:
                messages.warning(request, form.warning)
            return redirect(cohort)
    return _cohort_form_page(request, form, cohort)


def cohort_detail(request, pk):
    cohort = selectors.cohort_get(user=request.user, pk=pk)
    return render(
        request,
        "workshops/cohort_detail.html",
        selectors.cohort_overview(user=request.user, cohort=cohort),
    )


# Workshops -----------------------------------------------------------------------------------


def workshop_list(request):
    workshop_filter = WorkshopFilter(
        request.GET,
        queryset=selectors.workshops_visible_to(request.user).order_by(
            "-cohort__number", "department__name", "part"
        ),
        user=request.user,
    )
    page = Paginator(workshop_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/workshop_list.html",
        {
            "filter": workshop_filter,
            "page": page,
            "table": WorkshopTable(page.object_list, order=request.GET.get("o", "")),
        },
    )


def _workshop_page(request, workshop, **extra):
    context = selectors.workshop_view(user=request.user, workshop=workshop)
    if context["can_record"] and not workshop.is_released and not workshop.is_cancelled:
        for kind in _RESULTS.values():
            context.setdefault(kind.context, kind.form(workshop=workshop, user=request.user))
    if context["can_decide"]:
        context.setdefault("review_form", forms.ReviewForm())
    if context["can_object"] and context["review_open"]:
        context.setdefault("objection_form", forms.ObjectionForm())
    context["answer_form"] = forms.AnswerForm()
    context.update(extra)
    return render(request, "workshops/workshop_detail.html", context)


def workshop_detail(request, pk):
    return _workshop_page(request, selectors.workshop_get(user=request.user, pk=pk))


def _recordable(request, pk) -> Workshop:
    """The workshop, when the user may record its results (404 otherwise: the page does not
    exist for them)."""
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    if not rights.may_record(request.user, workshop):
        raise Http404
    return workshop


@require_http_methods(["GET", "POST"])
def workshop_plan(request, pk):
    workshop = _recordable(request, pk)
    form = forms.WorkshopPlanForm(request.POST or None, instance=workshop)
    guest_form = forms.GuestForm()
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            workshop = services.workshop_plan(
                workshop=workshop,
                actor=request.user,
                version=data.pop("version"),
                participants=data.pop("participants"),
                **data,
            )
        except services.StaleWorkshopEdit as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                stale.current.version,
                _(
                    "Someone else has changed this workshop meanwhile. Your input is kept "
                    "below; the page now shows the saved state next to it. Save again to "
                    "overwrite it."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The workshop has been saved."))
            return redirect(workshop)
    return render(
        request,
        "workshops/workshop_plan.html",
        {
            "workshop": workshop,
            "form": form,
            "guest_form": guest_form,
            "guests": workshop.guests.all(),
            "conflict": conflict,
        },
    )


@require_POST
def guest_add(request, pk):
    workshop = _recordable(request, pk)
    form = forms.GuestForm(request.POST)
    if form.is_valid():
        try:
            services.guest_add(workshop=workshop, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("The guest has been added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("workshops:workshop_plan", pk=workshop.pk)


@require_POST
def guest_remove(request, pk):
    guest = get_object_or_404(
        WorkshopGuest.objects.filter(
            workshop__in=selectors.workshops_visible_to(request.user).values("pk")
        ),
        pk=pk,
    )
    if not rights.may_record(request.user, guest.workshop):
        raise Http404
    try:
        services.guest_remove(guest=guest, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The guest has been removed."))
    return redirect("workshops:workshop_plan", pk=guest.workshop_id)


_STEPS = {
    "durchgefuehrt": (services.workshop_mark_held, gettext_lazy("The workshop is marked as held.")),
    "absagen": (services.workshop_cancel, gettext_lazy("The workshop has been cancelled.")),
    "neu-planen": (services.workshop_reschedule, gettext_lazy("The workshop is planned again.")),
    "freigeben": (services.minutes_release, gettext_lazy("The minutes have been released.")),
}


@require_POST
def workshop_step(request, pk, step):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    if step not in (*_STEPS, "zur-abstimmung"):
        raise Http404
    try:
        if step == "zur-abstimmung":
            form = forms.ReviewForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["review_until"])
            services.minutes_open_review(
                workshop=workshop,
                actor=request.user,
                review_until=form.cleaned_data["review_until"],
            )
            messages.success(
                request, _("The draft minutes are shared with the participants for objections.")
            )
        else:
            action, done = _STEPS[step]
            action(workshop=workshop, actor=request.user)
            messages.success(request, done)
    except ValidationError as error:
        _report(request, error)
    return redirect(workshop)


@require_http_methods(["GET", "POST"])
def minutes_edit(request, pk):
    workshop = _recordable(request, pk)
    form = forms.MinutesForm(
        request.POST or None,
        initial={"minutes": workshop.minutes, "version": workshop.version},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.minutes_save(
                workshop=workshop,
                actor=request.user,
                version=form.cleaned_data["version"],
                minutes=form.cleaned_data["minutes"],
            )
        except services.StaleWorkshopEdit as stale:
            conflict = stale.current
            keep_stale_input(
                form,
                stale.current.version,
                _(
                    "Someone else has saved the minutes meanwhile. Your text is kept in the "
                    "field; the saved text is shown below it. Merge them and save again."
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect(reverse("workshops:workshop", args=[workshop.pk]) + "#protokoll")
    return render(
        request,
        "workshops/minutes_form.html",
        {"workshop": workshop, "form": form, "conflict": conflict},
    )


# Results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ResultKind:
    """One kind of result on the workshop page: its form, the form's name in the page's
    context, the page section it belongs to, the message after adding, its model."""

    form: type
    context: str
    anchor: str
    done: str
    model: type


_RESULTS = {
    "beschluss": _ResultKind(
        forms.DecisionForm, "decision_form", "beschluesse",
        gettext_lazy("The decision has been added."), Decision,
    ),
    "frage": _ResultKind(
        forms.QuestionForm, "question_form", "fragen",
        gettext_lazy("The open question has been added."), OpenQuestion,
    ),
    "vorhaben": _ResultKind(
        forms.DiscussedForm, "discussed_form", "vorhaben",
        gettext_lazy("The project has been added."), DiscussedProject,
    ),
    "aenderung": _ResultKind(
        forms.ChangeForm, "change_form", "aenderungen",
        gettext_lazy("The change is on the change list."), ChangeItem,
    ),
    "fund": _ResultKind(
        forms.FindingForm, "finding_form", "funde",
        gettext_lazy("The finding has been added."), ResultItem,
    ),
}  # fmt: skip


def _save_result(kind, *, workshop, actor, data):
    if kind == "beschluss":
        return services.decision_add(workshop=workshop, actor=actor, text=data["text"])
    if kind == "frage":
        return services.question_add(workshop=workshop, actor=actor, **data)
    if kind == "vorhaben":
        return services.discussed_add(workshop=workshop, actor=actor, **data)
    if kind == "aenderung":
        return services.change_propose(
            workshop=workshop,
            actor=actor,
            project=data["project"],
            field=data["field"],
            value=data["value"],
            note=data["note"],
        )
    return services.finding_add(workshop=workshop, actor=actor, **data)


@require_POST
def result_add(request, pk, kind):
    spec = _RESULTS.get(kind)
    if spec is None:
        raise Http404
    workshop = _recordable(request, pk)
    form = spec.form(request.POST, workshop=workshop, user=request.user)
    if form.is_valid():
        try:
            _save_result(kind, workshop=workshop, actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec.done)
            return redirect(reverse("workshops:workshop", args=[workshop.pk]) + f"#{spec.anchor}")
    messages.error(request, _("The entry could not be saved; see the form below."))
    if workshop.is_released or workshop.is_cancelled:
        return redirect(workshop)
    return _workshop_page(request, workshop, **{spec.context: form, "focus": spec.anchor})


@require_POST
def result_remove(request, kind, pk):
    spec = _RESULTS.get(kind)
    if spec is None:
        raise Http404
    model = spec.model
    item = get_object_or_404(
        model.objects.visible_to(request.user).select_related("workshop"), pk=pk
    )
    if not rights.may_record(request.user, item.workshop):
        raise Http404
    try:
        services.remove(item=item, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("The entry has been removed."))
    return redirect(reverse("workshops:workshop", args=[item.workshop_id]) + f"#{spec.anchor}")


@require_POST
def question_done(request, pk):
    question = get_object_or_404(
        OpenQuestion.objects.visible_to(request.user).select_related("workshop"), pk=pk
    )
    if not services.may_close_question(request.user, question):
        raise Http404
    done = request.POST.get("done", "1") != "0"
    services.question_done(question=question, actor=request.user, done=done)
    messages.success(
        request,
        _("The question is marked as done.") if done else _("The question is open again."),
    )
    target = request.POST.get("next", "")
    if target == "start":
        return redirect("dashboards:home")
    return redirect(reverse("workshops:workshop", args=[question.workshop_id]) + "#fragen")


# The change list -----------------------------------------------------------------------------


@require_POST
def change_decide(request, pk, decision):
    item = get_object_or_404(
        ChangeItem.objects.visible_to(request.user).select_related("workshop", "project"), pk=pk
    )
    if decision not in ("annehmen", "ablehnen", "aktualisieren"):
        raise Http404
    if not rights.may_record(request.user, item.workshop):
        raise Http404
    try:
        if decision == "aktualisieren":
            services.change_refresh(item=item, actor=request.user)
            messages.success(request, _("The change now starts from the project's current state."))
        else:
            accept = decision == "annehmen"
            services.change_decide(item=item, actor=request.user, accept=accept)
            messages.success(
                request, _("The change is accepted.") if accept else _("The change is rejected.")
            )
    except ValidationError as error:
        _report(request, error)
    return redirect(reverse("workshops:workshop", args=[item.workshop_id]) + "#aenderungen")


@require_POST
def change_list_apply(request, pk):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    try:
        changed = services.change_list_apply(workshop=workshop, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _("The accepted changes have been applied to %(count)s projects.")
            % {"count": len(changed)},
        )
    return redirect(reverse("workshops:workshop", args=[workshop.pk]) + "#aenderungen")


# The priority list ---------------------------------------------------------------------------


def priorities(request, pk, *, moved=None):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    if moved is None and request.GET.get("verschoben", "").isdigit():
        moved = (int(request.GET["verschoben"]), request.GET.get("richtung", ""))
    if workshop.part != 3:
        raise Http404
    editable = (
        rights.may_record(request.user, workshop)
        and not workshop.is_released
        and not workshop.is_cancelled
    )
    entries = selectors.priority_list(workshop=workshop, editable=editable, user=request.user)
    return render(
        request,
        "workshops/priorities.html",
        {
            "workshop": workshop,
            "entries": entries,
            "editable": editable,
            "can_apply": editable and rights.may_decide(request.user, workshop),
            "moved": moved,
        },
    )


@require_POST
def priority_move(request, pk):
    workshop = _recordable(request, pk)
    try:
        project_id = int(request.POST.get("project", ""))
    except ValueError:
        project_id = 0
    direction = request.POST.get("direction", "")
    try:
        services.priority_move(
            workshop=workshop, actor=request.user, project_id=project_id, direction=direction
        )
    except ValidationError as error:
        _report(request, error)
    if request.htmx:
        # The list again, with focus kept on the button just used (see priorities.html).
        return priorities(request, pk, moved=(project_id, direction))
    # Without htmx the page loads again with the same focus and announcement.
    query = f"?verschoben={project_id}&richtung={direction if direction in ('up', 'down') else ''}"
    return redirect(reverse("workshops:priorities", args=[pk]) + query + f"#rang-{project_id}")


@require_POST
def priorities_apply(request, pk):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    try:
        changed = services.priorities_apply(workshop=workshop, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(
            request,
            _(
                "The priority list is now the workspace's priority order (%(count)s projects "
                "changed)."
            )
            % {"count": changed},
        )
    return redirect("workshops:priorities", pk=pk)


# Objections to draft minutes -----------------------------------------------------------------


@require_POST
def objection_add(request, pk):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    if not rights.may_object(request.user, workshop):
        raise Http404
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_raise(
                workshop=workshop, actor=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Your objection has been recorded."))
            return redirect(reverse("workshops:workshop", args=[workshop.pk]) + "#einwaende")
    return _workshop_page(request, workshop, objection_form=form, focus="einwaende")


@require_POST
def objection_answer(request, pk):
    """The thread is found through a workshop the user sees (an external supporter is no
    member of the workspace the thread belongs to)."""
    thread = get_object_or_404(
        Thread.objects.filter(anchor=services.MINUTES_ANCHOR).select_related("content_type"),
        pk=pk,
    )
    if thread.content_type.model_class() is not Workshop:
        raise Http404
    workshop = get_object_or_404(selectors.workshops_visible_to(request.user), pk=thread.object_id)
    if not (rights.may_decide(request.user, workshop) or thread.created_by_id == request.user.pk):
        raise Http404
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(
                thread=thread,
                actor=request.user,
                body=form.cleaned_data["body"],
                resolve=form.cleaned_data["resolve"],
            )
        except ValidationError as error:
            _report(request, error)
        else:
            messages.success(request, _("Your answer has been recorded."))
    else:
        messages.error(request, _("Write an answer."))
    return redirect(reverse("workshops:workshop", args=[workshop.pk]) + "#einwaende")
