"""Account pages of the system administrator (accounts) and security administrator (roles,
lockouts). The audit administrator's pages are in ``core``."""

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..domain.accounts import create_account, grant_role, set_account_active, unlock_account
from ..domain.activations import (
    ACTIVATION_HOURS,
    activations_waiting,
    cancel_activation,
    pending_activation,
    release_activation,
)
from ..domain.agencies import register_agency
from ..domain.enterprises import StepRefused
from ..domain.evaluation_bodies import register_evaluation_body
from ..domain.passwords import reset_password
from ..domain.queries import accounts_visible_to, regions_for_officers
from ..domain.second_factor import reset_second_factor
from ..enums import Role
from ..forms import AccountCreateForm, AgencyForm, EvaluationBodyForm, RoleGrantForm, UnlockForm
from ..models import Activation, Agency, EvaluationBody
from ..second_factor import confirmed_device, needs_second_factor


@login_required
@require_GET
def account_list(request):
    accounts = accounts_visible_to(request.user)
    if not (
        request.user.has_perm("accounts.manage_accounts")
        or request.user.has_perm("accounts.unlock_account")
    ):
        raise PermissionDenied
    role = request.GET.get("role", "")
    if role == "none":
        accounts = accounts.filter(role="")
    elif role in Role.values:
        accounts = accounts.filter(role=role)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(last_name__icontains=query)
            | Q(enterprise__name__icontains=query)
        )
    page = Paginator(accounts.order_by("username"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/admin/account_list.html",
        {
            "page": page,
            "role": role,
            "q": query,
            "roles": Role.choices,
            "waiting": [
                a
                for a in activations_waiting()
                if request.user.has_perm("accounts.release_activation", a)
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_create(request):
    if not request.user.has_perm("accounts.manage_accounts"):
        raise PermissionDenied
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account, _activation = create_account(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            _(
                "The account %(username)s was created without a password. Its activation link "
                "goes to its holder once the security administrator releases it."
            )
            % {"username": account.username},
        )
        return redirect("accounts:account_detail", code=account.code)
    return render(request, "accounts/admin/account_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account_detail(request, code):
    account = get_object_or_404(accounts_visible_to(request.user), code=code)
    activation = pending_activation(account)
    can_grant = request.user.has_perm("accounts.grant_role", account)
    form = RoleGrantForm(
        request.POST or None,
        regions=regions_for_officers(),
        initial={
            "role": account.role,
            "region": account.region,
            "agency": account.agency,
            "evaluation_body": account.evaluation_body,
        },
    )
    if request.method == "POST":
        if not can_grant:
            raise PermissionDenied
        if form.is_valid():
            try:
                grant_role(account, actor=request.user, **form.cleaned_data)
            except StepRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Role granted."))
                return redirect("accounts:account_detail", code=code)
    return render(
        request,
        "accounts/admin/account_detail.html",
        {
            "account": account,
            "form": form,
            "can_grant": can_grant,
            "can_change": request.user.has_perm("accounts.change_account", account),
            "can_reset_second_factor": request.user.has_perm(
                "accounts.reset_second_factor", account
            ),
            "needs_second_factor": needs_second_factor(account),
            "second_factor": confirmed_device(account),
            "activation": activation,
            "can_release": activation is not None
            and request.user.has_perm("accounts.release_activation", activation),
            "can_cancel": activation is not None
            and request.user.has_perm("accounts.cancel_activation", activation),
        },
    )


@login_required
@require_POST
def account_set_active(request, code):
    account = get_object_or_404(accounts_visible_to(request.user), code=code)
    if not request.user.has_perm("accounts.change_account", account):
        raise PermissionDenied
    active = request.POST.get("active") == "1"
    set_account_active(account, actor=request.user, active=active)
    messages.success(request, _("Account activated.") if active else _("Account deactivated."))
    return redirect("accounts:account_detail", code=code)


@login_required
@require_POST
def account_reset_password(request, code):
    account = get_object_or_404(accounts_visible_to(request.user), code=code)
    if not request.user.has_perm("accounts.change_account", account):
        raise PermissionDenied
    reset_password(account, actor=request.user)
    messages.success(
        request,
        _(
            "A new password for %(username)s was asked for: once the security administrator "
            "releases it, its holder receives a link to set their own."
        )
        % {"username": account.username},
    )
    return redirect("accounts:account_detail", code=code)


def _activation_of(request, code):
    activation = get_object_or_404(
        Activation.objects.select_related("account", "requested_by"), code=code
    )
    # Only accounts the administrator may see at all have activations they may see.
    get_object_or_404(accounts_visible_to(request.user), pk=activation.account_id)
    return activation


@login_required
@require_POST
def activation_release(request, code):
    activation = _activation_of(request, code)
    if not request.user.has_perm("accounts.release_activation", activation):
        raise PermissionDenied
    try:
        activation, link = release_activation(activation, actor=request.user)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:account_detail", code=activation.account.code)
    if link is None:
        messages.success(
            request,
            _("The activation link was sent to %(email)s; it works once, for %(hours)s hours.")
            % {"email": activation.account.email, "hours": ACTIVATION_HOURS},
        )
        return redirect("accounts:account_detail", code=activation.account.code)
    response = render(
        request,
        "accounts/admin/activation_link.html",
        {"account": activation.account, "link": link, "hours": ACTIVATION_HOURS},
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def activation_cancel(request, code):
    activation = _activation_of(request, code)
    if not request.user.has_perm("accounts.cancel_activation", activation):
        raise PermissionDenied
    try:
        cancel_activation(activation, actor=request.user)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The activation was cancelled."))
    return redirect("accounts:account_detail", code=activation.account.code)


@login_required
@require_POST
def account_reset_second_factor(request, code):
    account = get_object_or_404(accounts_visible_to(request.user), code=code)
    if not request.user.has_perm("accounts.reset_second_factor", account):
        raise PermissionDenied
    reset_second_factor(account, actor=request.user)
    messages.success(
        request,
        _("The second factor was reset: %(username)s enrols a new one at the next login.")
        % {"username": account.username},
    )
    return redirect("accounts:account_detail", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not request.user.has_perm("accounts.unlock_account"):
        raise PermissionDenied
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            unlock_account(form.cleaned_data["username"], actor=request.user)
            messages.success(
                request,
                _("%(username)s can log in again.") % {"username": form.cleaned_data["username"]},
            )
        return redirect("accounts:lockouts")
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")[:200]
    return render(request, "accounts/admin/lockouts.html", {"attempts": attempts})


def _registry_page(request, page, form_class, register, registered, **listing):
    """A register of the system administrator (``accounts:<page>``, its template
    ``accounts/admin/<page>.html``): what is registered (``listing``) and the form that registers
    one more through the domain step ``register``."""
    if not request.user.has_perm("accounts.manage_accounts"):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        register(actor=request.user, **form.cleaned_data)
        messages.success(request, registered)
        return redirect(f"accounts:{page}")
    return render(request, f"accounts/admin/{page}.html", {"form": form, **listing})


@login_required
@require_http_methods(["GET", "POST"])
def agency_list(request):
    """The consulting agencies (咨询服务机构) registered on the platform."""
    agencies = Agency.objects.order_by("name")
    return _registry_page(
        request,
        "agency_list",
        AgencyForm,
        register_agency,
        _("Agency registered."),
        agencies=agencies,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_body_list(request):
    """The third-party evaluation bodies (第三方评价机构) registered on the platform."""
    bodies = EvaluationBody.objects.order_by("name")
    registered = _("Evaluation body registered.")
    return _registry_page(
        request,
        "evaluation_body_list",
        EvaluationBodyForm,
        register_evaluation_body,
        registered,
        bodies=bodies,
    )
