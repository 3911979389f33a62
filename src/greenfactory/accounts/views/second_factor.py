"""Step 2 of the login of officers and administrators: the code of their TOTP device, or the
enrolment of one (QR code and secret, confirmed by a first code)."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..domain.second_factor import confirm_device
from ..forms import SecondFactorForm
from ..second_factor import (
    confirmed_device,
    end_pending_login,
    enrolment_device,
    pending_login,
    qr_data_uri,
    secret_text,
)
from .auth import locked_out


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
    return render(request, "accounts/second_factor.html", context)
