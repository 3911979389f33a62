"""The enterprise's carbon accounts (decisions §73): the enterprise enters and reads its
inventories; district and city officers read those of their region; nobody else sees them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..carbon_forms import InventoryForm, UnitClaimForm
from ..domain.carbon.inventory import carbon_inventories_visible_to, compute_inventory
from ..domain.carbon.status import inventory_status
from ..domain.carbon.units import UnitsRefused, claim_units
from ..domain.carbon.writes import InventoryRefused, record_inventory


@login_required
@require_http_methods(["GET", "POST"])
def inventory_list(request):
    may_add = request.user.has_perm("applications.add_carbon_inventory")
    form = InventoryForm(request.POST or None) if may_add else None
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                inventory = record_inventory(
                    request.user.enterprise, actor=request.user, **form.values()
                )
            except InventoryRefused as refusal:
                form.add_error(refusal.field, str(refusal))
            else:
                messages.success(request, _("Inventory recorded."))
                return redirect("applications:carbon_inventory", code=inventory.code)
    inventories = carbon_inventories_visible_to(request.user).order_by("enterprise__name", "-year")
    return render(
        request,
        "applications/carbon/inventory_list.html",
        {"inventories": inventories, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inventory_detail(request, code):
    inventory = get_object_or_404(carbon_inventories_visible_to(request.user), code=code)
    may_change = request.user.has_perm("applications.change_carbon_inventory", inventory)
    form = UnitClaimForm(request.POST or None, request.FILES or None) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim_units(
                    inventory,
                    actor=request.user,
                    use=data["use"],
                    kind=data["kind"],
                    first_serial=data["first_serial"],
                    last_serial=data["last_serial"],
                    retired_on=data["retired_on"],
                    project=data["project"],
                    proof=data["proof"],
                )
            except UnitsRefused as refusal:
                form.add_error(refusal.field, str(refusal))
            except ValidationError as error:
                form.add_error("proof", error)
            else:
                messages.success(request, _("Units recorded."))
                return redirect("applications:carbon_inventory", code=code)
    return render(
        request,
        "applications/carbon/inventory_detail.html",
        {
            "inventory": inventory,
            "figures": compute_inventory(inventory),
            "outcome": inventory_status(inventory),
            "claims": inventory.unit_claims.all(),
            "form": form,
        },
    )
