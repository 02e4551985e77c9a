"""The questionnaire editor of the central unit (RDS): questionnaires, their versions, and a
draft's sections and questions. A published version is frozen: every page that would change
it sends the user back to the version with a message, and the services refuse it anyway."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access.decorators import central_required
from core.forms import add_service_errors
from intake import selectors, services
from intake.forms_questionnaires import (
    MoveForm,
    QuestionForm,
    QuestionnaireForm,
    SectionForm,
    VersionForm,
)


def _frozen(request, version):
    """The answer to any change of a published version: back to it, with why."""
    messages.error(
        request,
        _(
            "This version of the questionnaire is published and cannot be changed. Start a "
            "new draft from it."
        ),
    )
    return redirect(version)


def _anchor(version, anchor: str):
    return redirect(f"{version.get_absolute_url()}#{anchor}")


# --- questionnaires and versions ---------------------------------------------------------


@central_required
@require_GET
def questionnaire_list(request):
    return render(
        request,
        "intake/questionnaire_list.html",
        {"questionnaires": selectors.questionnaire_list()},
    )


@central_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request):
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.questionnaire_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The questionnaire has been created. Add sections and questions.")
            )
            return redirect(version)
    return render(request, "intake/questionnaire_form.html", {"form": form})


@central_required
@require_GET
def questionnaire_detail(request, pk):
    questionnaire = selectors.questionnaire_get(pk=pk)
    versions = list(questionnaire.versions.all())
    return render(
        request,
        "intake/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "latest_published": next((v for v in versions if v.is_published), None),
        },
    )


@central_required
@require_POST
def draft_start(request, pk):
    version = selectors.version_get(pk=pk)
    try:
        draft = services.draft_start(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version.questionnaire)
    messages.success(
        request,
        _("Draft version %(number)s has been started as a copy of version %(based_on)s.")
        % {"number": draft.number, "based_on": version.number},
    )
    return redirect(draft)


def _version_context(version) -> dict:
    return {
        "version": version,
        "questionnaire": version.questionnaire,
        "sections": selectors.version_contents(version),
    }


@central_required
@require_GET
def version_detail(request, pk):
    version = selectors.version_get(pk=pk)
    context = _version_context(version)
    context["draft"] = None if version.is_draft else selectors.version_draft(version)
    return render(request, "intake/version_detail.html", context)


@central_required
@require_GET
def version_preview(request, pk):
    version = selectors.version_get(pk=pk)
    return render(request, "intake/version_preview.html", _version_context(version))


@central_required
@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    version = selectors.version_get(pk=pk)
    if not version.is_draft:
        return _frozen(request, version)
    form = VersionForm(
        request.POST or None,
        initial={"introduction": version.introduction, "change_note": version.change_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_update(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(version)
    return render(request, "intake/version_form.html", {"version": version, "form": form})


@central_required
@require_http_methods(["GET", "POST"])
def version_publish(request, pk):
    version = selectors.version_get(pk=pk)
    if not version.is_draft:
        return _frozen(request, version)
    problems = services.publication_problems(version)
    if request.method == "POST":
        try:
            services.version_publish(actor=request.user, version=version)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request,
                _("Version %(number)s has been published. It can now be used for rounds.")
                % {"number": version.number},
            )
            return redirect(version)
    return render(
        request,
        "intake/version_publish.html",
        {"version": version, "questionnaire": version.questionnaire, "problems": problems},
        status=422 if request.method == "POST" else 200,
    )


# --- sections ----------------------------------------------------------------------------


def _section_form(request, version, section=None):
    initial = {}
    if section is not None:
        initial = {"title": section.title, "description": section.description}
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_save(
                actor=request.user, version=version, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The section has been saved."))
            return _anchor(version, f"abschnitt-{section.pk}")
    return render(
        request,
        "intake/section_form.html",
        {"version": version, "section": section, "form": form},
    )


@central_required
@require_http_methods(["GET", "POST"])
def section_create(request, pk):
    version = selectors.version_get(pk=pk)
    if not version.is_draft:
        return _frozen(request, version)
    return _section_form(request, version)


@central_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk):
    section = selectors.section_get(pk=pk)
    if not section.version.is_draft:
        return _frozen(request, section.version)
    return _section_form(request, section.version, section)


@central_required
@require_http_methods(["GET", "POST"])
def section_delete(request, pk):
    section = selectors.section_get(pk=pk)
    version = section.version
    if not version.is_draft:
        return _frozen(request, version)
    if request.method == "POST":
        try:
            services.section_delete(actor=request.user, section=section)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The section has been deleted."))
        return redirect(version)
    return render(
        request,
        "intake/section_delete.html",
        {"version": version, "section": section, "questions": section.questions.all()},
    )


def _move(request, item, anchor: str):
    version = item.version
    if not version.is_draft:
        return _frozen(request, version)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to move it up or down."))
        return _anchor(version, anchor)
    try:
        services.move(actor=request.user, item=item, up=form.cleaned_data["direction"] == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _anchor(version, anchor)


@central_required
@require_POST
def section_move(request, pk):
    section = selectors.section_get(pk=pk)
    return _move(request, section, f"abschnitt-{section.pk}")


# --- questions ---------------------------------------------------------------------------


def _question_form(request, section, question=None):
    version = section.version
    form = QuestionForm(request.POST or None, section=section, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_save(
                actor=request.user,
                section=form.cleaned_data["section"],
                question=question,
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return _anchor(version, f"frage-{question.pk}")
    return render(
        request,
        "intake/question_form.html",
        {"version": version, "section": section, "question": question, "form": form},
    )


@central_required
@require_http_methods(["GET", "POST"])
def question_create(request, pk):
    section = selectors.section_get(pk=pk)
    if not section.version.is_draft:
        return _frozen(request, section.version)
    return _question_form(request, section)


@central_required
@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = selectors.question_get(pk=pk)
    if not question.version.is_draft:
        return _frozen(request, question.version)
    return _question_form(request, question.section, question)


@central_required
@require_http_methods(["GET", "POST"])
def question_delete(request, pk):
    question = selectors.question_get(pk=pk)
    version = question.version
    if not version.is_draft:
        return _frozen(request, version)
    if request.method == "POST":
        try:
            services.question_delete(actor=request.user, question=question)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _anchor(version, f"frage-{question.pk}")
        messages.success(request, _("The question has been deleted."))
        return _anchor(version, f"abschnitt-{question.section_id}")
    dependents = selectors.question_dependents(question)
    return render(
        request,
        "intake/question_delete.html",
        {"version": version, "question": question, "dependents": dependents},
    )


@central_required
@require_POST
def question_move(request, pk):
    question = selectors.question_get(pk=pk)
    return _move(request, question, f"frage-{question.pk}")
