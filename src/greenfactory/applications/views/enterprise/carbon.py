"""The enterprise's pages of its carbon accounts (decisions §73): the enterprise enters and reads
its inventories; district and city officers read those of their region; nobody else sees them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenfactory.accounts.enums import OFFICER_ROLES, Role
from greenfactory.core.downloads import stored_attachment

from ...carbon_forms import (
    FootprintForm,
    InventoryEditForm,
    InventoryForm,
    ProcessLineForm,
    Scope3LineForm,
    StatementForm,
    UnitClaimForm,
)
from ...domain.carbon.corrections import (
    RECORD_KINDS,
    InventoryCorrectionRefused,
    InventoryLocked,
    change_inventory,
    change_record,
    footprints_of,
    inventory_lock_reasons,
    remove_record,
)
from ...domain.carbon.efficiency import energy_efficiency_of
from ...domain.carbon.inventory import (
    carbon_files_visible_to,
    carbon_inventories_visible_to,
    compute_inventory,
)
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
from ...models import VerificationStatement

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
    except InventoryLocked as refusal:
        form.add_error(None, str(refusal))
    except ValidationError as error:
        form.add_error("proof" if part == "units" else "statement", error)
    return not form.errors


def _open_part(inventory, part, locks) -> bool:
    """Which forms a locked inventory still offers: none, but the statement may be replaced
    while nothing but the statement itself locks it (§79). A posted form is always shown back
    with the domain's refusal and what was typed."""
    if not locks:
        return True
    return part == "statement" and not inventory_lock_reasons(inventory, statement=False)


@login_required
@require_http_methods(["GET", "POST"])
def inventory_detail(request, code):
    inventory = get_object_or_404(carbon_inventories_visible_to(request.user), code=code)
    may_change = request.user.has_perm("applications.change_carbon_inventory", inventory)
    locks = inventory_lock_reasons(inventory) if may_change else []
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
            if part == posted or _open_part(inventory, part, locks)
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
            "footprints": footprints_of(inventory),
            "statement": getattr(inventory, "verification_statement", None),
            "forms": forms,
            "locks": locks,
            "may_correct": may_change and not locks,
            "process_lines": inventory.process_lines.all() if may_change else (),
            "scope3_lines": inventory.scope3_lines.all() if may_change else (),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inventory_edit(request, code):
    """The inventory's header and energy use corrected while it is not locked (§79)."""
    inventory = get_object_or_404(carbon_inventories_visible_to(request.user), code=code)
    if not request.user.has_perm("applications.change_carbon_inventory", inventory):
        raise PermissionDenied
    form = InventoryEditForm(request.POST or None, instance=inventory)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        inventory.refresh_from_db()
        try:
            change_inventory(inventory, actor=request.user, **values)
        except (InventoryLocked, InventoryCorrectionRefused) as refusal:
            form.add_error(getattr(refusal, "field", None), str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect("applications:carbon_inventory", code=code)
    return render(
        request,
        "applications/carbon/inventory_edit.html",
        {"inventory": inventory, "form": form},
        status=400 if form.errors else 200,
    )


# The records corrected on their own pages (decisions §79), by the kind's name in the URL and
# in ``RECORD_KINDS``: each one's edit form. Unit claims are removed only (then claimed again).
RECORD_FORMS = {
    "process": ProcessLineForm,
    "scope3": Scope3LineForm,
    "footprint": FootprintForm,
    "units": None,
}


def _load_record(request, code, kind, record_code):
    """The inventory (404 outside the user's reach), one of its records (404 otherwise), and
    403 for those who read but do not keep it."""
    inventory = get_object_or_404(carbon_inventories_visible_to(request.user), code=code)
    if kind not in RECORD_FORMS:
        raise Http404
    record = get_object_or_404(RECORD_KINDS[kind].records_of(inventory), code=record_code)
    if not request.user.has_perm("applications.change_carbon_inventory", inventory):
        raise PermissionDenied
    return inventory, record


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, code, kind, record_code):
    inventory, record = _load_record(request, code, kind, record_code)
    form_class = RECORD_FORMS[kind]
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in RECORD_KINDS[kind].fields}
        record.refresh_from_db()
        try:
            change_record(kind, record, actor=request.user, **values)
        except InventoryLocked as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Saved."))
            return redirect("applications:carbon_inventory", code=code)
    return render(
        request,
        "applications/carbon/record_edit.html",
        {"inventory": inventory, "record": record, "form": form, "kind": kind},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def record_remove(request, code, kind, record_code):
    _inventory, record = _load_record(request, code, kind, record_code)
    try:
        remove_record(kind, record, actor=request.user)
    except InventoryLocked as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Removed."))
    return redirect("applications:carbon_inventory", code=code)


@login_required
@require_GET
def statement_download(request, code):
    """The verification statement, to those who may read the inventory's files (§79)."""
    inventory = get_object_or_404(carbon_files_visible_to(request.user), code=code)
    return stored_attachment(
        VerificationStatement.objects.filter(inventory=inventory),
        action="applications.verification_statement.downloaded",
        actor=request.user,
        about=inventory,
    )


@login_required
@require_GET
def proof_download(request, code, record_code):
    """A unit claim's retirement proof, to those who may read the inventory's files (§79)."""
    inventory = get_object_or_404(carbon_files_visible_to(request.user), code=code)
    return stored_attachment(
        inventory.unit_claims.exclude(file=""),
        code=record_code,
        action="applications.unit_claim.proof_downloaded",
        actor=request.user,
    )
