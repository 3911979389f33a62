"""The "API tokens" page: each user issues and revokes their own keys. A new key is shown
once, on the page that answers the request that made it, and never again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..domain.tokens import TokenRefused, issue_token, revoke_token, tokens_visible_to
from ..forms import TokenForm


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """A user's own tokens and the form to issue one; for the security administrator, who holds
    none, every user's tokens to revoke."""
    may_issue = request.user.has_perm("api.issue_token")
    sees_all = request.user.has_perm("api.view_all_tokens")
    if not (may_issue or (sees_all and request.method == "GET")):
        raise PermissionDenied
    form = TokenForm(request.POST or None) if may_issue else None
    key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, key = issue_token(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
            except TokenRefused as refusal:
                form.add_error(None, str(refusal))
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "key": key,
            "sees_all": sees_all,
            "tokens": tokens_visible_to(request.user).order_by("revoked_at", "-created_at"),
        },
        status=status,
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_revoke(request, code):
    token = get_object_or_404(tokens_visible_to(request.user), code=code)
    try:
        revoke_token(token, actor=request.user)
    except TokenRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The token was revoked; it no longer opens the API."))
    return redirect("api:tokens")
