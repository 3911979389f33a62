"""The enterprise's pages: a title's certificate (also downloaded by the city officers of the
region), and its candidacies for the province with its confirmation (decisions §64)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from greenfactory.accounts.enums import Role
from greenfactory.core.downloads import stored_attachment
from greenfactory.core.refusals import Refused

from ..domain.province import candidates_visible_to, confirm_candidate
from ..domain.titles import certificate_filename, certificate_visible_to
from ..domain.upward_words import words_of
from ..enums import CandidateState
from ..forms.province import CandidateConfirmForm


def certificate_file(user, code):
    """The certificate PDF (the page and the API): the city officers of the region and the
    title's own enterprise; 404 until it has been generated; the download is in the audit
    trail."""
    return stored_attachment(
        certificate_visible_to(user),
        code=code,
        field="certificate",
        filename=certificate_filename,
        content_type="application/pdf",
        action="titles.certificate.downloaded",
        actor=user,
    )


@login_required
@require_GET
def certificate(request, code):
    return certificate_file(request.user, code)


@login_required
@require_http_methods(["GET"])
def candidacies(request):
    """The enterprise's own candidacies, newest call first; only enterprise accounts."""
    if request.user.role != Role.ENTERPRISE or not request.user.enterprise_id:
        raise PermissionDenied
    return render(
        request,
        "titles/enterprise/province_candidacies.html",
        {
            "candidates": [
                (candidate, words_of(candidate.level).state(candidate.state))
                for candidate in candidates_visible_to(request.user)
            ]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirmation(request, code):
    """The enterprise's confirmation of its candidacy with its data for the year of the call."""
    user = request.user
    item = get_object_or_404(
        candidates_visible_to(user).filter(title__enterprise_id=user.enterprise_id or 0), code=code
    )
    form = CandidateConfirmForm(request.POST if request.method == "POST" else None, instance=item)
    problems: list[str] = []
    if request.method == "POST":
        if not user.has_perm("titles.confirm_candidate", item):
            raise PermissionDenied
        if form.is_valid():
            try:
                confirm_candidate(item, actor=user, data=form.cleaned_data)
            except Refused as refusal:
                problems = refusal.messages
            else:
                messages.success(
                    request, _("Confirmed: the city bureau sends your data to the province.")
                )
                return redirect("titles:province_confirmation", code=item.code)
    return render(
        request,
        "titles/enterprise/province_confirmation.html",
        {
            "candidate": item,
            "words": words_of(item.level),
            "state": words_of(item.level).state(item.state),
            "form": form,
            "problems": problems,
            "may_confirm": item.state == CandidateState.SELECTED,
        },
        status=400 if problems or form.errors else 200,
    )
