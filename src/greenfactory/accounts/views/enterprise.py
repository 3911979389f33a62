"""Pages of the enterprise itself: registration and its profile."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenfactory.core.ratelimits import REGISTRATION_MESSAGE, registration_limit_reached

from ..domain.agencies import authorise_agency, revoke_authorisation
from ..domain.enterprises import StepRefused, register_enterprise, update_enterprise_profile
from ..domain.queries import districts_for_platform
from ..enums import Role
from ..forms import AuthoriseAgencyForm, EnterpriseProfileForm, EnterpriseRegistrationForm


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("dashboards:home")
    form = EnterpriseRegistrationForm(request.POST or None, districts=districts_for_platform())
    if request.method == "POST" and registration_limit_reached(request):
        messages.error(request, REGISTRATION_MESSAGE)
        form = EnterpriseRegistrationForm(
            initial={k: v for k, v in request.POST.items() if not k.startswith("password")},
            districts=districts_for_platform(),
        )
        return render(request, "accounts/enterprise/register.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = register_enterprise(
            uscc=data["uscc"],
            name=data["name"],
            district=data["district"],
            industry=data["industry"],
            established_on=data["established_on"],
            address=data["address"],
            contact_person=data["contact_person"],
            phone=data["phone"],
            email=data["email"],
            username=data["username"],
            password=data["password1"],
        )
        login(request, user, backend="greenfactory.accounts.backends.AccountBackend")
        messages.success(
            request,
            _("Registration received. Your district bureau will confirm the enterprise."),
        )
        return redirect("dashboards:home")
    return render(request, "accounts/enterprise/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    enterprise = request.user.enterprise
    form = EnterpriseProfileForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        # Save through the domain function, never form.save(): it audits and keeps name history.
        update_enterprise_profile(enterprise, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Profile saved."))
        return redirect("accounts:profile")
    enterprise.refresh_from_db()
    return render(
        request,
        "accounts/enterprise/profile.html",
        {
            "form": form,
            "enterprise": enterprise,
            "name_history": enterprise.names.all()[:20],
            "authorisations": enterprise.agencyauthorisation_set.filter(
                revoked_at__isnull=True
            ).select_related("agency"),
            "agency_form": AuthoriseAgencyForm(),
        },
    )


@login_required
@require_POST
def agency_authorise(request):
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    form = AuthoriseAgencyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("agency_uscc", []):
            messages.error(request, error)
        return redirect("accounts:profile")
    try:
        authorise_agency(
            request.user.enterprise,
            actor=request.user,
            agency_uscc=form.cleaned_data["agency_uscc"],
        )
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The agency can now prepare your applications."))
    return redirect("accounts:profile")


@login_required
@require_POST
def agency_revoke(request, agency_code):
    if request.user.role != Role.ENTERPRISE:
        raise PermissionDenied
    try:
        revoke_authorisation(request.user.enterprise, actor=request.user, agency_code=agency_code)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The authorisation was revoked."))
    return redirect("accounts:profile")
