"""The city's overview of every district's cultivation pipeline."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenfactory.accounts.domain.queries import districts_for_platform
from greenfactory.core.models import ExportJob
from greenfactory.core.ratelimits import EXPORT_MESSAGE, export_limit_reached, rate_limited

from ..domain.export import CULTIVATION_EXPORT, request_cultivation_export
from ..domain.queries import candidates_visible_to
from ..domain.readiness import current_reference, readiness_of_many
from ..enums import CandidateStatus
from ..forms import ProvinceTablesForm
from ..models import TransformationProject

ZERO = Decimal(0)


@login_required
@require_GET
def overview(request):
    """Per district: active candidates, how many would pass today ("can put forward"), their
    projects and the projects' investment and expected savings."""
    if not request.user.has_perm("cultivation.view_city_overview"):
        raise PermissionDenied
    candidates = list(
        candidates_visible_to(request.user)
        .filter(status=CandidateStatus.ACTIVE)
        .select_related(None)
        .only("pk", "district_id", "code")
    )
    reference = current_reference()
    scores = readiness_of_many(candidates, reference)
    counts, ready = defaultdict(int), defaultdict(int)
    for candidate in candidates:
        counts[candidate.district_id] += 1
        state = scores.get(candidate.pk)
        if state is not None and state.can_put_forward:
            ready[candidate.district_id] += 1
    projects = {
        row["candidate__district"]: row
        for row in TransformationProject.objects.filter(candidate__in=[c.pk for c in candidates])
        .values("candidate__district")
        .annotate(
            n=Count("pk"),
            investment=Sum("investment"),
            energy=Sum("energy_saving_tce"),
            co2=Sum("co2_reduction_t"),
        )
        .order_by()
    }
    rows = []
    for district in districts_for_platform():
        if not request.user.region.contains(district):
            continue
        sums = projects.get(district.pk, {})
        rows.append(
            {
                "district": district,
                "candidates": counts[district.pk],
                "ready": ready[district.pk],
                "projects": sums.get("n", 0),
                "investment": sums.get("investment") or ZERO,
                "energy": sums.get("energy") or ZERO,
                "co2": sums.get("co2") or ZERO,
            }
        )
    totals = {
        key: sum((row[key] for row in rows), 0)
        for key in ("candidates", "ready", "projects", "investment", "energy", "co2")
    }
    user = request.user
    context = {"rows": rows, "totals": totals, "reference": reference}
    if user.has_perm("cultivation.export_tables"):
        context["export_form"] = ProvinceTablesForm(this_year=timezone.localdate().year)
        context["exports"] = list(
            ExportJob.objects.filter(requested_by=user, kind=CULTIVATION_EXPORT)[:6]
        )
    return render(request, "cultivation/city/overview.html", context)


@login_required
@require_POST
def export_tables(request):
    """The city bureau queues one of the three yearly tables for the province."""
    if not request.user.has_perm("cultivation.export_tables"):
        raise PermissionDenied
    form = ProvinceTablesForm(request.POST, this_year=timezone.localdate().year)
    if not form.is_valid():
        messages.error(request, _("Choose a table and a year to export."))
    elif export_limit_reached(request):
        return rate_limited(request, message=EXPORT_MESSAGE)
    else:
        request_cultivation_export(
            form.cleaned_data["table"], form.cleaned_data["year"], actor=request.user
        )
        messages.success(request, _("The export is being prepared; it appears below when ready."))
    return redirect("cultivation:city_overview")
