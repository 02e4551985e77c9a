from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.decorators import central_required
from intake import selectors, services
from intake.forms import RoundForm


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
