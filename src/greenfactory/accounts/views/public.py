"""Pages for anyone not logged in: the login (password, then the second factor of officers and
administrators, or enrolment of one), the lock page with its login by password and code, and the
one-time activation link on which an account's holder sets their own password."""

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenfactory.core.context import client_ip
from greenfactory.core.domain.audit import record_event
from greenfactory.core.ratelimits import LOGIN_MESSAGE, login_limit_reached

from ..domain.activations import activation_for_key, complete_activation
from ..domain.enterprises import StepRefused
from ..domain.second_factor import confirm_device
from ..forms import LockedLoginForm, LoginForm, SecondFactorForm
from ..models import User
from ..second_factor import (
    confirmed_device,
    end_pending_login,
    enrolment_device,
    needs_second_factor,
    pending_login,
    qr_data_uri,
    secret_text,
    start_pending_login,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/public/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        """Over the rate limit the form comes back (429) with the login name typed, and the
        password is not even checked, so it neither counts as a failure nor costs a hash."""
        if login_limit_reached(request):
            messages.error(request, LOGIN_MESSAGE)
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")[:150]}
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        """Step 1 of 2 for officers and administrators: the password is right, but they are
        logged in only once their code is (``second_factor`` below)."""
        user = form.get_user()
        if needs_second_factor(user):
            start_pending_login(self.request, user, redirect_to=self.get_success_url())
            return redirect("accounts:second_factor")
        end_pending_login(self.request)
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None, proof_form=None, status=403):
    """The page shown while a login name is locked (django-axes' lockout callable). It offers
    every locked name the login with password and second-factor code together, so that it says
    nothing of whether the account has a second factor."""
    if proof_form is None:
        name = (credentials or {}).get("username") or request.POST.get("username", "")
        proof_form = LockedLoginForm(initial={"username": str(name)[:150]})
    return render(
        request,
        "accounts/public/locked_out.html",
        {
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "proof_form": proof_form,
        },
        status=status,
    )


def _proved_user(form):
    """The active account with a confirmed second factor whose password and current code were
    both given; ``None`` otherwise. The password is hashed whatever the login name, so the time
    taken says nothing of which names exist; the code is checked only after the password, so
    nobody without it can spend the device's throttle."""
    user = User._default_manager.filter(username=form.cleaned_data["username"]).first()
    if user is None:
        User().set_password(form.cleaned_data["password"])
        return None
    if not user.check_password(form.cleaned_data["password"]) or not user.is_active:
        return None
    device = confirmed_device(user) if needs_second_factor(user) else None
    if device is None or not device.verify_token(form.cleaned_data["code"]):
        return None
    user.otp_device = device
    return user


@require_POST
def login_with_code(request):
    """The login of a name that wrong passwords have locked: the password and a code of the
    account's second factor together, which an anonymous sender of wrong passwords cannot give,
    so they cannot keep an officer or administrator out (the issue of a lock renewed every
    half hour). Rate limited like the login; a failure is audited but does not count towards
    the lock; a success clears the name's failures."""
    if login_limit_reached(request):
        messages.error(request, LOGIN_MESSAGE)
        form = LockedLoginForm(initial={"username": request.POST.get("username", "")[:150]})
        return locked_out(request, proof_form=form, status=429)
    form = LockedLoginForm(request.POST)
    user = _proved_user(form) if form.is_valid() else None
    if user is None:
        record_event(
            "accounts.login_failed",
            username=str(request.POST.get("username", ""))[:150],
            ip=client_ip(request),
            changes={"with_code": True},
        )
        form.add_error(None, _("The login name, password or code is wrong."))
        return locked_out(request, proof_form=form)
    axes_reset(username=user.get_username())
    end_pending_login(request)
    auth_login(request, user, backend="greenfactory.accounts.backends.AccountBackend")
    record_event("accounts.login.lock_passed", actor=user, ip=client_ip(request))
    return redirect(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def second_factor(request):
    """Log in the user of step 1 once a code of their device is right.

    A wrong code counts as a login failure of the login name (django-axes): after the fifth
    the name is locked, as for passwords, and the pending login is dropped.
    """
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    pending = pending_login(request)
    if pending is None:
        end_pending_login(request)
        messages.error(request, _("Your login has expired or was not started. Log in again."))
        return redirect("accounts:login")
    user, data = pending
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        end_pending_login(request)
        return locked_out(request)
    device = confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = enrolment_device(user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if enrolling:
                confirm_device(device, actor=user)
            end_pending_login(request)
            user.otp_device = device  # django_otp.login keeps it in the session
            auth_login(request, user, backend=data["backend"])
            return redirect(data["next"])
        user_login_failed.send(
            sender=__name__,
            credentials={**credentials, "second_factor": True},
            request=request,
        )
        if getattr(request, "axes_locked_out", False):
            end_pending_login(request)
        form.add_error(
            "code",
            _(
                "The code is wrong or has expired. After %(limit)s failed attempts the account "
                "is locked for %(minutes)s minutes."
            )
            % {
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )
    context = {"form": form, "enrolling": enrolling, "account": user}
    if enrolling:
        context.update(qr=qr_data_uri(device), secret=secret_text(device))
    return render(request, "accounts/public/second_factor.html", context)


@require_http_methods(["GET", "POST"])
def activate(request, key):
    """The one-time link of an activation: its holder sets their own password, then logs in
    (and enrols their own second factor, where their role needs one). Any other key, used,
    cancelled or expired, gets the same answer, which names none of the accounts."""
    activation = activation_for_key(key)
    if activation is None:
        response = render(request, "accounts/public/activation_invalid.html", status=404)
        add_never_cache_headers(response)
        return response
    form = SetPasswordForm(activation.account, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complete_activation(activation, password=form.cleaned_data["new_password1"])
        except StepRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your password is set. Log in with it now."))
            return redirect(settings.LOGIN_URL)
    response = render(
        request,
        "accounts/public/activate.html",
        {"form": form, "account": activation.account},
        status=400 if form.errors else 200,
    )
    add_never_cache_headers(response)
    return response
