"""Correcting the carbon accounts (decisions §79): the enterprise edits or removes its process
and scope 3 lines and its product footprints, and removes a unit claim (a wrong range is removed
and claimed again), while the inventory is not locked.

An inventory is locked once its figures are relied on by someone else:
- a third-party verification statement is attached (the verifier signed these figures);
- an application of a zero-carbon batch of the same or a later year is with the reviewers
  (submitted, not returned or withdrawn, its batch's decision not yet published): they read
  the latest inventory up to the batch's year;
- a carbon disclosure was published from it (``filings`` says so through
  ``hooks.inventory_lock_providers``).
A product footprint follows the lock of its year's inventory."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.programme.enums import BatchState, Programme

from ...enums import ACTIVE_STATES, EDITABLE_STATES, UnitUse
from ...hooks import inventory_locks
from ...models import (
    Application,
    CarbonInventory,
    ProcessEmission,
    ProductFootprint,
    Scope3Emission,
    UnitClaim,
    UnitLedger,
    VerificationStatement,
)
from .inventory import compute_inventory

IN_REVIEW_STATES = tuple(s for s in ACTIVE_STATES if s not in EDITABLE_STATES)


class InventoryLocked(Refused):
    """The inventory's figures are relied on already; the message says by whom."""


class InventoryCorrectionRefused(Refused):
    """A correction of the inventory's header that cannot stand; ``field`` names the field."""

    def __init__(self, *problems, field=None):
        super().__init__(*problems)
        self.field = field


def inventory_lock_reasons(inventory: CarbonInventory, *, statement: bool = True) -> list[str]:
    """Why the inventory is kept as it is (empty: the enterprise may correct it). With
    ``statement=False`` the attached verification statement is not counted (it may itself be
    replaced while nothing else relies on the inventory)."""
    reasons = []
    if statement and VerificationStatement.objects.filter(inventory_id=inventory.pk).exists():
        reasons.append(
            str(_("The third-party verification statement is attached: the verified figures stay."))
        )
    if (
        Application.objects.filter(
            enterprise_id=inventory.enterprise_id,
            batch__programme=Programme.ZERO_CARBON,
            batch__year__gte=inventory.year,
            state__in=IN_REVIEW_STATES,
        )
        .exclude(batch__state=BatchState.PUBLISHED)
        .exists()
    ):
        reasons.append(
            str(
                _(
                    "An application of the zero-carbon programme that reads this inventory "
                    "is in review."
                )
            )
        )
    reasons.extend(inventory_locks(inventory))
    return reasons


def refuse_if_locked(inventory: CarbonInventory, *, statement: bool = True) -> None:
    """Lock the inventory's row (a correction and a lock at once are serialised) and refuse
    when it is locked."""
    CarbonInventory.objects.select_for_update().filter(pk=inventory.pk).first()
    reasons = inventory_lock_reasons(inventory, statement=statement)
    if reasons:
        raise InventoryLocked(
            _("This inventory can no longer be changed: %(reasons)s")
            % {"reasons": " ".join(reasons)}
        )


def _footprint_inventory(footprint: ProductFootprint) -> CarbonInventory | None:
    return CarbonInventory.objects.filter(
        enterprise_id=footprint.enterprise_id, year=footprint.year
    ).first()


def _changed(obj, values: dict) -> dict:
    changes = {}
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [str(before), str(value)]
            setattr(obj, name, value)
    return changes


@transaction.atomic
def change_inventory(inventory: CarbonInventory, *, actor, **values) -> CarbonInventory:
    """Correct the inventory's header and energy use (not its year). Refused: a locked
    inventory; a second baseline year; green certificates already counted in scope 2 that the
    corrected grid electricity no longer covers (remove some first). Side effects: the row, an
    audit entry with each field before and after."""
    refuse_if_locked(inventory)
    if values.get("is_baseline"):
        other = (
            CarbonInventory.objects.filter(enterprise_id=inventory.enterprise_id, is_baseline=True)
            .exclude(pk=inventory.pk)
            .first()
        )
        if other is not None:
            raise InventoryCorrectionRefused(
                _("The baseline year is %(year)s already.") % {"year": other.year},
                field="is_baseline",
            )
    changes = _changed(inventory, values)
    inventory.save()
    figures = compute_inventory(inventory)
    per_certificate = next(
        (
            c.certificate_kwh
            for c in inventory.coefficient_table.carriers.all()
            if c.certificate_kwh
        ),
        Decimal(1000),
    )
    claimed = (
        sum((c.units for c in inventory.unit_claims.all() if c.use == UnitUse.SCOPE2), 0)
        * per_certificate
    )
    if claimed > figures.grid_kwh:
        raise InventoryCorrectionRefused(
            _(
                "The green certificates counted in scope 2 cover %(kwh)s kWh, more than the "
                "%(grid)s kWh of grid electricity now entered; remove some of them first."
            )
            % {
                "kwh": Decimal(claimed).quantize(Decimal(1)),
                "grid": figures.grid_kwh.quantize(Decimal(1)),
            },
            field=None,
        )
    record_event(
        "applications.carbon_inventory.changed", actor=actor, obj=inventory, changes=changes
    )
    return inventory


@transaction.atomic
def change_process_line(line: ProcessEmission, *, actor, **values) -> ProcessEmission:
    """Side effects: the line saved, an audit entry with each field before and after."""
    refuse_if_locked(line.inventory)
    changes = _changed(line, values)
    line.save()
    record_event(
        "applications.process_emission.changed", actor=actor, obj=line.inventory, changes=changes
    )
    return line


@transaction.atomic
def remove_process_line(line: ProcessEmission, *, actor) -> None:
    """Side effects: the line deleted, an audit entry naming it."""
    refuse_if_locked(line.inventory)
    record_event(
        "applications.process_emission.removed",
        actor=actor,
        obj=line.inventory,
        changes={
            "process_line": [str(line), None],
            "tco2e": [str(line.activity * line.factor_t), None],
        },
    )
    line.delete()


@transaction.atomic
def change_scope3_line(line: Scope3Emission, *, actor, **values) -> Scope3Emission:
    """Side effects: the line saved, an audit entry with each field before and after."""
    refuse_if_locked(line.inventory)
    changes = _changed(line, values)
    line.save()
    record_event(
        "applications.scope3_emission.changed", actor=actor, obj=line.inventory, changes=changes
    )
    return line


@transaction.atomic
def remove_scope3_line(line: Scope3Emission, *, actor) -> None:
    """Side effects: the line deleted, an audit entry naming it."""
    refuse_if_locked(line.inventory)
    record_event(
        "applications.scope3_emission.removed",
        actor=actor,
        obj=line.inventory,
        changes={"scope3_line": [str(line), None], "tco2e": [str(line.tco2e), None]},
    )
    line.delete()


@transaction.atomic
def change_footprint(footprint: ProductFootprint, *, actor, **values) -> ProductFootprint:
    """Side effects: the footprint saved, an audit entry with each field before and after."""
    inventory = _footprint_inventory(footprint)
    if inventory is not None:
        refuse_if_locked(inventory)
    changes = _changed(footprint, values)
    footprint.save()
    record_event(
        "applications.product_footprint.changed", actor=actor, obj=footprint, changes=changes
    )
    return footprint


@transaction.atomic
def remove_footprint(footprint: ProductFootprint, *, actor) -> None:
    """Side effects: the footprint deleted, an audit entry naming it."""
    inventory = _footprint_inventory(footprint)
    if inventory is not None:
        refuse_if_locked(inventory)
    record_event(
        "applications.product_footprint.removed",
        actor=actor,
        obj=footprint.enterprise,
        changes={
            "product": [footprint.product, None],
            "year": [footprint.year, None],
            "kgco2e_per_unit": [str(footprint.kgco2e_per_unit), None],
        },
    )
    footprint.delete()


@transaction.atomic
def remove_unit_claim(claim: UnitClaim, *, actor) -> None:
    """Release a claimed range: its serial numbers may be claimed again. The kind's
    ``UnitLedger`` row is locked first, as ``claim_units`` does, so a removal and a claim at
    once are serialised. Side effects: the claim deleted, its proof file deleted after the
    commit, an audit entry with the range released."""
    refuse_if_locked(claim.inventory)
    UnitLedger.objects.get_or_create(kind=claim.kind)
    UnitLedger.objects.select_for_update().get(kind=claim.kind)
    record_event(
        "applications.unit_claim.removed",
        actor=actor,
        obj=claim.inventory,
        changes={
            "range": [str(claim), None],
            "use": [claim.use, None],
            "kind": [claim.kind, None],
            "proof_sha256": [claim.sha256, None],
        },
    )
    stored = claim.file.name if claim.file else ""
    storage = claim.file.storage
    claim.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
