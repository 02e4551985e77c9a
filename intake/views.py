"""Pages of the status-quo intake. Thin: the scope comes from :mod:`intake.selectors`, every
change from :mod:`intake.services`, which also decide who may take which step."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.decorators import central_required
from core.excel import XLSX_CONTENT_TYPE, attachment
from discussions.models import Thread
from intake import answers, reminders, selectors, services, uploads
from intake.forms import (
    AnswersUploadForm,
    CommentForm,
    EntryForm,
    NoteForm,
    PickProjectForm,
    ResponseForm,
    RoundForm,
    loaded_field_name,
)
from intake.models import ProjectEntry, Question
from projects.models import Project


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def index(request):
    return render(request, "intake/index.html", selectors.overview(user=request.user))


@central_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intake_round = services.round_open(
                actor=request.user,
                title=form.cleaned_data["title"],
                version=form.cleaned_data["version"],
                deadline=form.cleaned_data["deadline"],
                departments=form.cleaned_data["departments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The intake round has been opened."))
            return redirect(intake_round)
    return render(request, "intake/round_form.html", {"form": form})


def round_detail(request, pk):
    """The progress view: per department and office the state, completeness, last edit."""
    intake_round = selectors.round_get(user=request.user, pk=pk)
    return render(
        request,
        "intake/round_detail.html",
        selectors.round_progress(user=request.user, intake_round=intake_round),
    )


def intake_detail(request, pk):
    intake = selectors.intake_get(user=request.user, pk=pk)
    context = selectors.intake_overview(user=request.user, intake=intake)
    context["changes_form"] = NoteForm()
    context["reopen_form"] = NoteForm()
    return render(request, "intake/intake_detail.html", context)


_STEPS = {
    "submit": (services.intake_submit, _("The department's intake has been submitted.")),
    "review": (services.intake_mark_reviewed, _("The intake is marked as reviewed.")),
    "accept": (services.intake_accept, _("The intake has been accepted.")),
}


@require_POST
def intake_step(request, pk, step):
    intake = selectors.intake_get(user=request.user, pk=pk)
    note = request.POST.get("note", "")
    try:
        if step == "changes":
            chosen = request.POST.getlist("responses")
            services.intake_request_changes(
                actor=request.user,
                intake=intake,
                note=note,
                responses=intake.responses.filter(pk__in=[v for v in chosen if v.isdigit()])
                if chosen
                else None,
            )
            messages.success(request, _("The offices have been asked for changes."))
        elif step == "reopen":
            services.intake_reopen(actor=request.user, intake=intake, note=note)
            messages.success(request, _("The intake has been reopened."))
        else:
            action, done = _STEPS[step]
            action(actor=request.user, intake=intake)
            messages.success(request, done)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    return redirect(intake)


def response_detail(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    context = selectors.response_view(user=request.user, response=response)
    context["comment_form"] = CommentForm()
    context["reopen_form"] = NoteForm()
    return render(request, "intake/response_detail.html", context)


def _form_context(request, response, form, *, conflict=None):
    context = selectors.response_view(user=request.user, response=response)
    context.update(
        {
            "form": form,
            "conflict": conflict,
            "pick_forms": {
                question.key: PickProjectForm(
                    queryset=selectors.projects_to_pick(
                        user=request.user, response=response, key=question.key
                    ),
                    prefix=question.key,
                )
                for question in context["project_questions"]
            },
        }
    )
    return context


def _editable(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    if not services.may_fill_in(request.user, response):
        if response.state == response.State.SUBMITTED or not response.intake.offices_may_edit:
            messages.info(request, _("This response has been submitted and can only be read."))
            return response, redirect(response)
        raise PermissionDenied
    return response, None


@require_http_methods(["GET", "POST"])
def response_edit(request, pk):
    """Fill in a response. A save (also the automatic one every few seconds) writes only the
    answers the editor changed; answers someone else changed meanwhile are kept, and the
    same answer changed by both is shown as a conflict with nothing lost."""
    response, refused = _editable(request, pk)
    autosave = request.headers.get("X-Autosave") == "1"
    if refused:
        if autosave:
            return JsonResponse({"error": _("This response can no longer be changed.")}, status=409)
        return refused
    questions = selectors.questions_of(response)
    values = selectors.values_of(response)
    form = ResponseForm(
        request.POST or None, questions=questions, values=values, version=response.version
    )
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            try:
                response = services.response_save(
                    actor=request.user,
                    response=response,
                    version=form.cleaned_data["version"],
                    values=form.values(),
                    loaded=form.loaded(),
                )
            except services.ResponseConflict as clash:
                conflict = clash
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if autosave:
                    return JsonResponse(_autosave_state(response))
                messages.success(request, _("Your answers have been saved."))
                if "submit" in request.POST:
                    return _submit(request, response)
                return redirect(reverse("intake:response_edit", args=[response.pk]))
        if autosave:
            if conflict is not None:
                return JsonResponse(
                    {
                        "conflict": [q.text for q in questions if q.key in conflict.keys],
                        "message": _(
                            "Someone else changed the same answers meanwhile. Save with the "
                            "button to see both versions."
                        ),
                    },
                    status=409,
                )
            return JsonResponse(
                {"message": _("Not saved: please check the marked answers.")}, status=400
            )
        if conflict is not None:
            form = _merged_form(form, conflict, questions)
    return render(
        request,
        "intake/response_form.html",
        _form_context(request, response, form, conflict=conflict),
    )


def _autosave_state(response) -> dict:
    stored = dict(response.answers.values_list("key", "value"))
    return {
        "version": response.version,
        "fingerprints": {
            loaded_field_name(key): answers.fingerprint(value) for key, value in stored.items()
        },
        "completeness": [response.required_answered, response.required_total],
    }


def _merged_form(form, conflict, questions):
    """The form again after a conflict: the editor's input stays; answers only the other
    person changed show their saved value; the marks say "seen" for the saved values, so
    saving again takes the editor's version knowingly."""
    data = form.data.copy()
    data["version"] = conflict.current.version
    saved = conflict.values
    changed_by_me = {
        key
        for key, value in form.values().items()
        if answers.fingerprint(value) != form.loaded().get(key)
    }
    refreshed = ResponseForm(questions=questions, values=saved, version=conflict.current.version)
    for question in form.questions:
        key = question.key
        data[loaded_field_name(key)] = answers.fingerprint(saved.get(key))
        if key not in changed_by_me:
            for name in (f"a-{key}", f"a-{key}--grund"):
                if name in refreshed.fields:
                    initial = refreshed.initial.get(name)
                    data.setlist(name, _as_list(initial))
    merged = ResponseForm(data, questions=questions, values=saved, version=conflict.current.version)
    merged.is_valid()
    merged.conflict_keys = set(conflict.keys)
    merged.saved_values = {
        question.key: answers.display(question, saved.get(question.key))
        for question in questions
        if question.key in conflict.keys
    }
    return merged


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]


def _submit(request, response):
    try:
        services.response_submit(actor=request.user, response=response)
    except ValidationError as error:
        messages.error(
            request,
            _("The response cannot be submitted yet. Please answer the required questions:"),
        )
        for message in _errors(error):
            messages.error(request, message)
        return redirect(reverse("intake:response_edit", args=[response.pk]) + "#fragen")
    messages.success(request, _("Your office's response has been submitted. Thank you!"))
    return redirect(response)


@require_POST
def response_submit(request, pk):
    response, refused = _editable(request, pk)
    return refused or _submit(request, response)


@require_POST
def response_reopen(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    try:
        services.response_reopen(
            actor=request.user, response=response, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The office can change its response again."))
    return redirect(response)


@require_POST
def response_share(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    shared = request.POST.get("shared") == "1"
    services.response_share(actor=request.user, response=response, shared=shared)
    messages.success(
        request,
        _("Contributing partners of the workspace can now see and edit this response.")
        if shared
        else _("The response is no longer shared with partners."),
    )
    return redirect(response)


# --- projects in answers ---------------------------------------------------------------


def _projects_question(response, key) -> Question:
    question = next((q for q in selectors.questions_of(response) if q.key == key), None)
    if question is None or question.kind != Question.Kind.PROJECTS:
        raise Http404
    return question


def _save_entry(request, response, question, form, *, entry=None):
    """Write the entry through the services; problems go onto the form (None returned)."""
    if entry is not None:
        project, version = entry.project, form.cleaned_data.get("project_version")
    elif form.matches:
        if not form.cleaned_data.get("match"):
            form.add_error("match", _("Choose whether it is the existing project."))
            return None
        project = form.chosen_match()
        version = project.version if project is not None else None
    else:
        project = version = None
    try:
        return services.entry_save(
            actor=request.user,
            response=response,
            key=question.key,
            fields=form.service_fields(),
            project=project,
            project_version=version,
            entry=entry,
        )
    except services.project_services.StaleEditError:
        form.add_error(
            None,
            _(
                "Someone else saved this project after you opened the form. Your input is "
                "still here; check the project and save again."
            ),
        )
    except ValidationError as error:
        form.add_error(None, error)
    return None


@require_http_methods(["GET", "POST"])
def entry_create(request, pk, key):
    response, refused = _editable(request, pk)
    if refused:
        return refused
    question = _projects_question(response, key)
    matches = []
    if request.method == "POST":
        title = request.POST.get("title", "")
        matches = list(
            services.entry_matches(actor=request.user, response=response, title=title)
            .select_related("lead_unit")
            .exclude(intake_entries__response=response, intake_entries__key=key)
        )
    form = EntryForm(
        request.POST or None,
        user=request.user,
        matches=matches,
        initial={"kind": Project.Kind.PROJECT},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_entry(request, response, question, form)
    ):
        messages.success(request, _("The project is on the list and in the workspace."))
        return redirect(reverse("intake:response_edit", args=[response.pk]) + f"#q-{key}")
    return render(
        request,
        "intake/entry_form.html",
        {"response": response, "question": question, "form": form},
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = get_object_or_404(
        ProjectEntry.objects.select_related("project"),
        pk=pk,
        response__in=selectors.responses_visible_to(request.user),
    )
    response, refused = _editable(request, entry.response_id)
    if refused:
        return refused
    question = _projects_question(response, entry.key)
    project = entry.project
    if (
        project is None
        or not Project.objects.visible_to(request.user).filter(pk=project.pk).exists()
    ):
        messages.info(
            request, _("The project no longer exists; remove the entry and add it again.")
        )
        return redirect(reverse("intake:response_edit", args=[response.pk]))
    form = EntryForm(request.POST or None, instance=project, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_entry(request, response, question, form, entry=entry)
    ):
        messages.success(request, _("The project has been updated."))
        return redirect(reverse("intake:response_edit", args=[response.pk]) + f"#q-{entry.key}")
    return render(
        request,
        "intake/entry_form.html",
        {"response": response, "question": question, "form": form, "entry": entry},
    )


@require_POST
def entry_pick(request, pk, key):
    """Take a project of the workspace into the list, as it stands."""
    response, refused = _editable(request, pk)
    if refused:
        return refused
    question = _projects_question(response, key)
    form = PickProjectForm(
        request.POST,
        queryset=selectors.projects_to_pick(user=request.user, response=response, key=key),
        prefix=key,
    )
    if form.is_valid():
        project = form.cleaned_data["project"]
        try:
            services.entry_save(
                actor=request.user,
                response=response,
                key=question.key,
                fields={},
                project=project,
                project_version=project.version,
            )
        except (ValidationError, services.project_services.StaleEditError) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The project is on the list."))
    else:
        messages.error(request, _("Choose a project of the list."))
    return redirect(reverse("intake:response_edit", args=[response.pk]) + f"#q-{key}")


@require_http_methods(["GET", "POST"])
def entry_remove(request, pk):
    entry = get_object_or_404(
        ProjectEntry.objects.all(), pk=pk, response__in=selectors.responses_visible_to(request.user)
    )
    response, refused = _editable(request, entry.response_id)
    if refused:
        return refused
    if request.method == "POST":
        services.entry_remove(actor=request.user, entry=entry)
        messages.success(
            request, _("The project is no longer on the list. It stays in the workspace.")
        )
        return redirect(reverse("intake:response_edit", args=[response.pk]) + f"#q-{entry.key}")
    return render(request, "intake/entry_remove.html", {"response": response, "entry": entry})


# --- comments on answers ---------------------------------------------------------------


def _comment_redirect(response, key):
    return redirect(
        reverse("intake:response", args=[response.pk]) + (f"#q-{key}" if key else "#kommentare")
    )


@require_POST
def comment_start(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    key = request.POST.get("key", "")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
        return _comment_redirect(response, key)
    try:
        services.comment_start(
            actor=request.user, response=response, key=key, body=form.cleaned_data["body"]
        )
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Your comment has been added; the office sees it."))
    return _comment_redirect(response, key)


def _thread(request, response, thread_pk) -> Thread:
    return get_object_or_404(Thread.objects.about(response), pk=thread_pk)


@require_POST
def comment_reply(request, pk, thread_pk):
    response = selectors.response_get(user=request.user, pk=pk)
    thread = _thread(request, response, thread_pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reply(
                actor=request.user, response=response, thread=thread, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Your answer has been added."))
    else:
        messages.error(request, _("Write a comment first."))
    return _comment_redirect(response, thread.anchor)


@require_POST
def comment_resolve(request, pk, thread_pk):
    response = selectors.response_get(user=request.user, pk=pk)
    thread = _thread(request, response, thread_pk)
    resolved = request.POST.get("resolved", "1") == "1"
    services.comment_resolve(
        actor=request.user, response=response, thread=thread, resolved=resolved
    )
    messages.success(
        request,
        _("The discussion is resolved.") if resolved else _("The discussion is open again."),
    )
    return _comment_redirect(response, thread.anchor)


def _round_url(intake_round) -> str:
    return reverse("intake:round", args=[intake_round.pk])


@require_http_methods(["GET", "POST"])
def round_remind(request, pk):
    """Remind the offices that have not started or not submitted: RDS all of the round's,
    a coordinator their department's. GET shows who would get what; POST sends it (in the
    worker)."""
    intake_round = selectors.round_get(user=request.user, pk=pk)
    departments = reminders.departments_to_remind(request.user, intake_round)
    if departments == []:
        raise PermissionDenied(
            _("Only the Referat Digitale Stadt and the coordination may do this.")
        )
    if request.method == "POST":
        reminders.send_round_reminders.enqueue(
            intake_round.pk,
            actor_id=request.user.pk,
            departments=departments,
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _(
                "The reminders are being sent. Each office gets at most one reminder a day; "
                "the offices' history records each one."
            ),
        )
        return redirect(_round_url(intake_round))
    today = timezone.localdate()
    report = reminders.send(intake_round, today, dry_run=True, departments=departments)
    return render(
        request,
        "intake/round_remind.html",
        {
            "round": intake_round,
            "report": report,
            "today": today,
            "round_url": _round_url(intake_round),
        },
    )


def _response_url(response) -> str:
    return reverse("intake:response", args=[response.pk])


def _fillable_response(request, pk):
    response = selectors.response_get(user=request.user, pk=pk)
    if not services.may_fill_in(request.user, response):
        raise PermissionDenied(_("You may not fill in this office's response."))
    return response


@require_http_methods(["GET"])
def response_template(request, pk):
    """The response as a spreadsheet to fill in: one row per question, with the answers."""
    response = _fillable_response(request, pk)
    return attachment(
        uploads.template_xlsx(response),
        content_type=XLSX_CONTENT_TYPE,
        filename=uploads.template_filename(response),
    )


@require_http_methods(["GET", "POST"])
def response_upload(request, pk):
    """Upload the filled-in template: every row is checked and shown (old and new answer,
    errors); "Übernehmen" saves the changes, all or nothing."""
    response = _fillable_response(request, pk)
    context = {"response": response, "response_url": _response_url(response)}
    if request.method == "POST" and "payload" in request.POST:
        try:
            uploads.apply(actor=request.user, response=response, payload=request.POST["payload"])
        except uploads.StalePreview:
            messages.error(
                request,
                _(
                    "The answers were changed after the file was checked, or the check is "
                    "too old. Nothing was saved; upload the file again."
                ),
            )
            return redirect("intake:response_upload", pk=response.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("intake:response_upload", pk=response.pk)
        messages.success(request, _("The answers from the file have been saved."))
        return redirect(_response_url(response))
    form = AnswersUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        preview = uploads.read_upload(response, form.cleaned_data["file"])
        if preview.file_error:
            form.add_error("file", preview.file_error)
        else:
            context["preview"] = preview
            if preview.ok and preview.values:
                context["payload"] = uploads.sign(response, preview)
    context["form"] = form
    return render(request, "intake/response_upload.html", context)
