"""Pages of any logged-in user about their own account: the password change, also the page
every request leads to while the password was issued by an administrator or has expired
(``accounts.middleware``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

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
        "accounts/account/password_change.html",
        {"form": form, "must_change": must_change, "expires": expires},
    )
