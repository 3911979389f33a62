"""The user's own password change, also the page every request leads to while the password
was issued by an administrator or has expired (``accounts.middleware``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..domain.activations import activation_for_key, complete_activation
from ..domain.enterprises import StepRefused
from ..domain.passwords import change_password
from ..passwords import password_expires_at


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    user = request.user
    must_change, expires = user.must_change_password, password_expires_at(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        change_password(
            user,
            actor=user,
            new_password=form.cleaned_data["new_password1"],
            keep_session=request.session.session_key,
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "must_change": must_change, "expires": expires},
    )


@require_http_methods(["GET", "POST"])
def activate(request, key):
    """The one-time link of an activation: its holder sets their own password, then logs in
    (and enrols their own second factor, where their role needs one). Any other key, used,
    cancelled or expired, gets the same answer, which names none of the accounts."""
    activation = activation_for_key(key)
    if activation is None:
        response = render(request, "accounts/activation_invalid.html", status=404)
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
        "accounts/activate.html",
        {"form": form, "account": activation.account},
        status=400 if form.errors else 200,
    )
    add_never_cache_headers(response)
    return response
