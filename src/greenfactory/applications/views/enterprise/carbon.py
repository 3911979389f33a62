"""The enterprise's pages of its carbon accounts (decisions §73): the enterprise enters and reads
its inventories; district and city officers read those of their region; nobody else sees them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenfactory.accounts.enums import OFFICER_ROLES, Role

from ...carbon_forms import (
    FootprintForm,
    InventoryForm,
    ProcessLineForm,
    Scope3LineForm,
    StatementForm,
    UnitClaimForm,
)
from ...domain.carbon.efficiency import energy_efficiency_of
from ...domain.carbon.inventory import carbon_inventories_visible_to, compute_inventory
from ...domain.carbon.status import inventory_status
from ...domain.carbon.trend import inventory_trend
from ...domain.carbon.units import UnitsRefused, claim_units
from ...domain.carbon.writes import (
    InventoryRefused,
    add_process_line,
    add_scope3_line,
    attach_verification_statement,
    record_footprint,
    record_inventory,
)
from ...models import ProductFootprint

# The forms of the inventory page, by the name of the submit button's ``part``.
PARTS = {
    "units": UnitClaimForm,
    "process": ProcessLineForm,
    "scope3": Scope3LineForm,
    "footprint": FootprintForm,
    "statement": StatementForm,
}


@login_required
@require_http_methods(["GET", "POST"])
def inventory_list(request):
    if request.user.role not in (Role.ENTERPRISE, *OFFICER_ROLES):
        raise PermissionDenied
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


def _save_part(part, form, inventory, actor):
    """Write what one form of the page holds; refusals go to the form's field."""
    data = form.cleaned_data
    try:
        if part == "units":
            claim_units(inventory, actor=actor, **data)
        elif part == "process":
            add_process_line(inventory, actor=actor, **data)
        elif part == "scope3":
            add_scope3_line(inventory, actor=actor, **data)
        elif part == "footprint":
            record_footprint(inventory.enterprise, actor=actor, year=inventory.year, **data)
        else:
            attach_verification_statement(inventory, actor=actor, upload=data["statement"])
    except UnitsRefused as refusal:
        form.add_error(refusal.field, str(refusal))
    except ValidationError as error:
        form.add_error("proof" if part == "units" else "statement", error)
    return not form.errors


@login_required
@require_http_methods(["GET", "POST"])
def inventory_detail(request, code):
    inventory = get_object_or_404(carbon_inventories_visible_to(request.user), code=code)
    may_change = request.user.has_perm("applications.change_carbon_inventory", inventory)
    forms = {}
    if may_change:
        posted = request.POST.get("part") if request.method == "POST" else None
        forms = {
            part: form_class(
                request.POST if part == posted else None,
                request.FILES if part == posted else None,
                prefix=part,
            )
            for part, form_class in PARTS.items()
        }
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        part = request.POST.get("part")
        form = forms.get(part)
        if form is None:
            raise PermissionDenied
        if form.is_valid() and _save_part(part, form, inventory, request.user):
            messages.success(request, _("Saved."))
            return redirect("applications:carbon_inventory", code=code)
    return render(
        request,
        "applications/carbon/inventory_detail.html",
        {
            "inventory": inventory,
            "figures": compute_inventory(inventory),
            "outcome": inventory_status(inventory),
            "trend": inventory_trend(inventory.enterprise_id),
            "efficiency": energy_efficiency_of(inventory),
            "claims": inventory.unit_claims.all(),
            "footprints": ProductFootprint.objects.filter(
                enterprise_id=inventory.enterprise_id, year=inventory.year
            ),
            "statement": getattr(inventory, "verification_statement", None),
            "forms": forms,
        },
    )
