"""Workspace members, invitations of external partners, and their acceptance."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import AcceptInvitationForm, InvitationForm, MemberAddForm
from accounts.models import Invitation
from accounts.views import require_central_unit
from organisation.access import access_for
from organisation.models import Department, Membership


def _managed_workspace(request, slug) -> Department:
    """A workspace whose members the user manages; everyone else: 404 (not even its list)."""
    department = get_object_or_404(Department.objects.visible_to(request.user), slug=slug)
    if not access_for(request.user).can_manage_members(department.pk):
        raise Http404
    return department


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def members(request, slug):
    department = _managed_workspace(request, slug)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                actor=request.user,
                department=department,
                identifier=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The member has been added."))
            return redirect("accounts:members", slug=slug)
    memberships = (
        department.memberships.select_related("user", "invited_by")
        .prefetch_related("projects")
        .order_by("role", "user__last_name", "user__username")
    )
    now = timezone.now()
    return render(
        request,
        "accounts/members.html",
        {
            "department": department,
            "form": form,
            "internal": [m for m in memberships if not m.is_partner],
            "partners": [m for m in memberships if m.is_partner],
            "invitations": department.invitations.open().select_related("invited_by"),
            "now": now,
            "internal_roles": [Membership.Role.STAFF, Membership.Role.COORDINATOR],
            "partner_roles": [Membership.Role.PARTNER_READER, Membership.Role.PARTNER_CONTRIBUTOR],
        },
    )


@require_POST
def member_update(request, slug, pk):
    department = _managed_workspace(request, slug)
    membership = get_object_or_404(department.memberships.select_related("user"), pk=pk)
    action = request.POST.get("action")
    try:
        if action == "role":
            services.membership_change_role(
                actor=request.user, membership=membership, role=request.POST.get("role", ""),
                request=request,
            )  # fmt: skip
            messages.success(request, _("The role has been changed."))
        elif action == "revoke":
            services.membership_revoke(actor=request.user, membership=membership, request=request)
            messages.success(request, _("The access has been withdrawn."))
        elif action == "remove":
            services.membership_remove(actor=request.user, membership=membership, request=request)
            messages.success(request, _("The member has been removed."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    next_url = request.POST.get("next")
    if next_url == reverse("accounts:external"):
        return redirect(next_url)
    return redirect("accounts:members", slug=slug)


@require_http_methods(["GET", "POST"])
def invite(request, slug):
    department = _managed_workspace(request, slug)
    form = InvitationForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                department=department,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                access_expires_on=form.cleaned_data["access_expires_on"],
                projects=form.cleaned_data["projects"],
                accept_url_builder=lambda token: request.build_absolute_uri(
                    reverse("accounts:accept", args=[token])
                ),
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:members", slug=slug)
    return render(request, "accounts/invite.html", {"department": department, "form": form})


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, invitation = services.invitation_accept(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! You can now work in this workspace."))
            return redirect(invitation.department)
    return render(request, "accounts/accept.html", {"invitation": invitation, "form": form})


def external_accounts(request):
    """All external partners' access across workspaces (RDS and admin)."""
    require_central_unit(request.user)
    partners = (
        Membership.objects.filter(role__in=Membership.PARTNER_ROLES)
        .select_related("user", "department", "invited_by")
        .prefetch_related("projects")
        .order_by("-expires_at")
    )
    return render(
        request,
        "accounts/external_accounts.html",
        {"partners": partners, "now": timezone.now(), "open_invitations": Invitation.objects.open()
         .select_related("department", "invited_by")},
    )  # fmt: skip
