from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from ..forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """The page shown while a login name is locked (django-axes' lockout callable)."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "limit": settings.AXES_FAILURE_LIMIT,
            "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=403,
    )
