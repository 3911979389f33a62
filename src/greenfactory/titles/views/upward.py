"""The city bureau's recommendation to the province (向省级推荐): choose a year, tick the valid
city-level titles of the region, and receive the package as a background export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import limit_exports

from .. import exports_upward  # noqa: F401  (registers the exporter in the web process)
from ..domain.upward import UPWARD_EXPORT, UpwardRefused, request_upward_export, upward_candidates
from ..forms.upward import UpwardForm, UpwardYearForm


@login_required
@limit_exports
@require_http_methods(["GET", "POST"])
def upward(request):
    if not request.user.has_perm("recognition.export_upward"):
        raise PermissionDenied
    year_form = UpwardYearForm(request.GET or None, user=request.user)
    year = year_form.chosen_year()
    form = UpwardForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                request_upward_export(form.cleaned_data["titles"], actor=request.user, year=year)
            except UpwardRefused as refusal:
                form.add_error(None, refusal)
            else:
                messages.success(
                    request,
                    _("The recommendation package is being prepared; it appears below when ready."),
                )
                return redirect(f"{reverse('titles:upward')}?{urlencode({'year': year})}")
        year = form.cleaned_data.get("year", year)
    selected = set(form["titles"].value() or []) if form.is_bound else set()
    return render(
        request,
        "titles/city/upward.html",
        {
            "year_form": year_form,
            "form": form,
            "year": year,
            "titles": list(upward_candidates(request.user, year=year)) if year else [],
            "selected": selected,
            "exports": ExportJob.objects.filter(requested_by=request.user, kind=UPWARD_EXPORT)[:5],
        },
        status=400 if form.errors else 200,
    )
