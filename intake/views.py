from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.decorators import central_required
from core.excel import XLSX_CONTENT_TYPE, attachment
from intake import reminders, selectors, services, uploads
from intake.forms import AnswersUploadForm, RoundForm


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


def _round_url(intake_round) -> str:
    """The round's page; until that page exists, the intake's start page."""
    try:
        return reverse("intake:round", args=[intake_round.pk])
    except NoReverseMatch:
        return reverse("intake:index")


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
    """The response's page; until that page exists, the intake's start page."""
    try:
        return reverse("intake:response", args=[response.pk])
    except NoReverseMatch:
        return reverse("intake:index")


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
