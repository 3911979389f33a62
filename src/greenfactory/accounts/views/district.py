"""Pages of the district officer: the enterprise registry of their district (confirming or
returning a registration, confirming the date of establishment) and its pilot-period credit codes.
City officers read the same list, detail and pilot codes for their whole city; the confirmation is
the district's alone, so the pages live here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.core.domain.workflow import can_move, check_move

from ..domain.enterprises import (
    StepRefused,
    confirm_enterprise,
    confirm_established_on,
    reject_enterprise,
)
from ..domain.pilot_codes import PilotCodeRefused, record_pilot_code
from ..domain.queries import enterprises_visible_to
from ..enums import EnterpriseStatus, RegionLevel
from ..forms import PilotCodeForm, ReasonForm
from ..models import PilotCode, Region
from ..scope import inside


@login_required
@require_GET
def enterprise_list(request):
    if not request.user.has_perm("accounts.view_enterprise_list"):
        raise PermissionDenied
    enterprises = enterprises_visible_to(request.user).select_related("industry__parent")
    status = request.GET.get("status", "")
    if status in EnterpriseStatus.values:
        enterprises = enterprises.filter(status=status)
    query = request.GET.get("q", "").strip()[:100]
    if query:
        enterprises = enterprises.filter(Q(name__icontains=query) | Q(uscc=query.upper()))
    page = Paginator(enterprises.order_by("district__code", "name"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/district/enterprise_list.html",
        {"page": page, "status": status, "q": query, "statuses": EnterpriseStatus.choices},
    )


@login_required
@require_GET
def enterprise_detail(request, code):
    enterprise = get_object_or_404(enterprises_visible_to(request.user), code=code)
    return render(
        request,
        "accounts/district/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "name_history": enterprise.names.all()[:20],
            "can_confirm": can_move(request.user, enterprise, EnterpriseStatus.CONFIRMED),
            "can_confirm_established_on": _can_confirm_established_on(request.user, enterprise),
            "reject_form": ReasonForm(),
        },
    )


def _can_confirm_established_on(user, enterprise) -> bool:
    return (
        enterprise.status == EnterpriseStatus.CONFIRMED
        and enterprise.established_on is not None
        and not enterprise.established_on_confirmed
        and user.has_perm("accounts.confirm_enterprise", enterprise)
    )


@login_required
@require_POST
def enterprise_confirm(request, code):
    enterprise = get_object_or_404(enterprises_visible_to(request.user), code=code)
    try:
        check_move(request.user, enterprise, EnterpriseStatus.CONFIRMED)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:enterprise_detail", code=code)
    try:
        confirm_enterprise(enterprise, actor=request.user)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": enterprise.name})
    return redirect("accounts:enterprise_detail", code=code)


@login_required
@require_POST
def enterprise_reject(request, code):
    enterprise = get_object_or_404(enterprises_visible_to(request.user), code=code)
    try:
        check_move(request.user, enterprise, EnterpriseStatus.REJECTED)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:enterprise_detail", code=code)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/district/enterprise_detail.html",
            {
                "enterprise": enterprise,
                "name_history": enterprise.names.all()[:20],
                "can_confirm": True,
                "reject_form": form,
            },
            status=400,
        )
    try:
        reject_enterprise(enterprise, actor=request.user, reason=form.cleaned_data["reason"])
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The registration was returned with your reason."))
    return redirect("accounts:enterprise_detail", code=code)


@login_required
@require_POST
def enterprise_confirm_established_on(request, code):
    """The district confirms the date of establishment (成立日期) the enterprise gave."""
    enterprise = get_object_or_404(enterprises_visible_to(request.user), code=code)
    try:
        confirm_established_on(enterprise, actor=request.user)
    except StepRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The date of establishment is confirmed."))
    return redirect("accounts:enterprise_detail", code=code)


@login_required
@require_http_methods(["GET", "POST"])
def pilot_codes(request):
    """The pilot-period credit codes recorded in the officer's region, and recording one."""
    if not request.user.has_perm("accounts.view_enterprise_list"):
        raise PermissionDenied
    region = request.user.region
    districts = Region.objects.filter(inside(region), level=RegionLevel.DISTRICT).order_by("code")
    form = PilotCodeForm(request.POST or None, districts=districts)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_pilot_code(
                    form.cleaned_data["uscc"],
                    district=form.cleaned_data["district"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except PilotCodeRefused as refused:
                form.add_error("uscc", refused.messages)
            else:
                messages.success(request, _("The pilot-period code is recorded."))
                return redirect("accounts:pilot_codes")
        status = 400
    codes = PilotCode.objects.filter(inside(region, via="district")).select_related(
        "district", "recorded_by"
    )[:200]
    return render(
        request,
        "accounts/district/pilot_codes.html",
        {"form": form, "codes": codes},
        status=status,
    )
