"""Workspace members, invitations of external partners, and their acceptance."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.decorators import central_required
from accounts import services
from accounts.forms import (
    AcceptInvitationForm,
    AcceptWithPasswordForm,
    InvitationForm,
    MemberAddForm,
)
from accounts.models import Invitation
from organisation.decorators import may_manage_members, workspace_view
from organisation.models import Department, Membership

# A workspace whose members the user manages; everyone else: 404 (not even its list).
managed_workspace = workspace_view(may_manage_members)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@managed_workspace
def members(request, department):
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
            return redirect("accounts:members", slug=department.slug)
    memberships = (
        department.memberships.select_related("user", "invited_by", "org_unit")
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
            "offices": department.units.order_by("name"),
            "partner_roles": [Membership.Role.PARTNER_READER, Membership.Role.PARTNER_CONTRIBUTOR],
        },
    )


def _membership(department: Department, pk) -> Membership:
    return get_object_or_404(department.memberships.select_related("user", "department"), pk=pk)


def _back(request, slug):
    """Back to the members page, or to the list of external accounts where the action began."""
    if request.POST.get("next") == reverse("accounts:external"):
        return redirect("accounts:external")
    return redirect("accounts:members", slug=slug)


@require_POST
@managed_workspace
def member_role(request, department, pk):
    membership = _membership(department, pk)
    try:
        services.membership_change_role(
            actor=request.user, membership=membership, role=request.POST.get("role", ""),
            request=request,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been changed."))
    return _back(request, department.slug)


@require_POST
@managed_workspace
def member_office(request, department, pk):
    membership = _membership(department, pk)
    try:
        services.membership_set_office(
            actor=request.user, membership=membership, office_id=request.POST.get("org_unit"),
            request=request,
        )  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The office has been saved."))
    return _back(request, department.slug)


def _confirm(request, department, pk, *, action: str, perform, done: str):
    """GET: ask (a page of its own, so it works without JavaScript); POST: do it."""
    membership = _membership(department, pk)
    if request.method == "POST":
        try:
            perform(actor=request.user, membership=membership, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return _back(request, department.slug)
    back = request.GET.get("next")
    return render(
        request,
        "accounts/member_confirm.html",
        {
            "membership": membership,
            "department": membership.department,
            "action": action,
            "next": back if back == reverse("accounts:external") else "",
        },
    )


@require_http_methods(["GET", "POST"])
@managed_workspace
def member_remove(request, department, pk):
    return _confirm(
        request, department, pk, action="remove", perform=services.membership_remove,
        done=_("The member has been removed."),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@managed_workspace
def member_revoke(request, department, pk):
    return _confirm(
        request, department, pk, action="revoke", perform=services.membership_revoke,
        done=_("The access has been withdrawn."),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@managed_workspace
def invite(request, department):
    form = InvitationForm(request.POST or None, department=department)
    mail_failed = False
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invitation_create(
                actor=request.user,
                department=department,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                access_expires_on=form.cleaned_data["access_expires_on"],
                projects=form.cleaned_data["projects"],
                accept_url_builder=lambda token: request.build_absolute_uri(
                    reverse("accounts:accept", args=[token])
                ),
                send_mail_now=not request.POST.get("without_mail"),
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.InvitationMailError:
            mail_failed = True
        else:
            if not created.mailed:  # the link is shown this once, for the inviter to pass on
                return render(
                    request, "accounts/invitation_link.html",
                    {"department": department, "invitation": created.invitation,
                     "accept_url": created.accept_url,
                     "link_days": services.INVITATION_LINK_DAYS},
                )  # fmt: skip
            messages.success(
                request,
                _("The invitation has been sent to %(email)s.")
                % {"email": created.invitation.email},
            )
            return redirect("accounts:members", slug=department.slug)
    return render(
        request,
        "accounts/invite.html",
        {"department": department, "form": form, "mail_failed": mail_failed},
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=410)
    existing = services.account_for_invitation(invitation)
    form_class = AcceptWithPasswordForm if existing is not None else AcceptInvitationForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if existing is not None:
                user, invitation = services.invitation_accept_existing(
                    token=token, password=form.cleaned_data["password"], request=request
                )
            else:
                user, invitation = services.invitation_accept(
                    token=token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                    request=request,
                )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            if invitation.role == Membership.Role.PARTNER_CONTRIBUTOR:
                welcome = _("Welcome! You can now contribute in this workspace.")
            else:
                welcome = _("Welcome! You can now read the projects of this workspace.")
            messages.success(request, welcome)
            return redirect(invitation.department)
    return render(
        request,
        "accounts/accept.html",
        {"invitation": invitation, "form": form, "has_account": existing is not None},
    )


@central_required
def external_accounts(request):
    """All external partners' access across workspaces (RDS and admin)."""
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
