from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render

from greenfactory.core.ratelimits import LOGIN_MESSAGE, login_limit_reached

from ..forms import LoginForm
from ..second_factor import end_pending_login, needs_second_factor, start_pending_login


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
