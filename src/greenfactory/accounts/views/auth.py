from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenfactory.core.context import client_ip
from greenfactory.core.domain.audit import record_event
from greenfactory.core.ratelimits import LOGIN_MESSAGE, login_limit_reached

from ..forms import LockedLoginForm, LoginForm
from ..models import User
from ..second_factor import (
    confirmed_device,
    end_pending_login,
    needs_second_factor,
    start_pending_login,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
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
        logged in only once their code is (``views.second_factor``)."""
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
        "accounts/locked_out.html",
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
