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
A product footprint follows the lock of its year's inventory.

Every kind of record corrected (the inventory's header, process and scope 3 lines, product
footprints, unit claims) is one row of ``RECORD_KINDS`` (decisions §86): its model, the fields
a change may set, its audit actions, whose lock it follows and what a removal also releases.
One ``change_record`` and one ``remove_record`` do every correction from it."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import attrgetter

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.programme.enums import BatchState, Programme

from ...enums import ACTIVE_STATES, EDITABLE_STATES
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
from .inventory import compute_inventory, scope2_certificate_kwh

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


def inventory_of_year(enterprise_id, year) -> CarbonInventory | None:
    """The enterprise's inventory of the year, whose lock its product footprints follow."""
    return CarbonInventory.objects.filter(enterprise_id=enterprise_id, year=year).first()


def footprints_of(inventory: CarbonInventory) -> QuerySet:
    """The product footprints of the inventory's enterprise and year."""
    return ProductFootprint.objects.filter(
        enterprise_id=inventory.enterprise_id, year=inventory.year
    )


def _refuse_second_baseline(inventory: CarbonInventory, values: dict) -> None:
    if not values.get("is_baseline"):
        return
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


def _refuse_grid_below_certificates(inventory: CarbonInventory) -> None:
    """§73's cap kept after a correction: the green certificates counted in scope 2 cover no
    more than the grid electricity entered."""
    figures = compute_inventory(inventory)
    claimed = scope2_certificate_kwh(inventory)
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


def _lock_ledger(claim: UnitClaim) -> None:
    """The kind's ``UnitLedger`` row locked as ``claim_units`` locks it, so a removal and a
    claim at once are serialised."""
    UnitLedger.objects.get_or_create(kind=claim.kind)
    UnitLedger.objects.select_for_update().get(kind=claim.kind)


def _itself(record):
    return record


_its_inventory = attrgetter("inventory")


@dataclass(frozen=True)
class RecordKind:
    """A kind of record the enterprise corrects on its carbon accounts (§79), for the one
    ``change_record`` and the one ``remove_record``."""

    model: type[models.Model]
    # The stem of its audit actions: ``<action>.changed``, ``<action>.removed``.
    action: str
    # The key naming the record in its audit entries, and the value it names it by.
    label: str
    name_of: Callable = str
    # What a change may set; none: the kind is removed, never changed.
    fields: tuple[str, ...] = ()
    # The inventory whose lock the record follows (None: there is none, nothing locks it).
    inventory_of: Callable = _its_inventory
    # The inventory's records of the kind (None: the inventory's header itself).
    records_of: Callable[[CarbonInventory], QuerySet] | None = None
    # What a change's and a removal's audit entries are about.
    changed_on: Callable = _its_inventory
    removed_on: Callable = _its_inventory
    # What a removal's audit entry names besides the record (None: the kind is never removed).
    removal_names: Callable[[object], dict] | None = None
    # A change's own refusals: with the values before they are set, then on the saved record.
    refuse: Callable[[object, dict], None] | None = None
    recheck: Callable[[object], None] | None = None
    # What a removal takes first, under its own lock (a claim's serial range).
    release: Callable[[object], None] | None = None


# Every correction of the carbon accounts, by the name the pages' URLs use.
RECORD_KINDS = {
    "inventory": RecordKind(
        CarbonInventory,
        "applications.carbon_inventory",
        label="year",
        name_of=attrgetter("year"),
        # All but the year: the year's footprints and disclosure are filed under it.
        fields=(
            "standard",
            "guideline",
            "coefficient_table",
            "grid_factor",
            "is_baseline",
            "exported_electricity_kwh",
            "exported_heat_mj",
            "verifier",
            "verified_on",
            "energy",
        ),
        inventory_of=_itself,
        changed_on=_itself,
        refuse=_refuse_second_baseline,
        recheck=_refuse_grid_below_certificates,
    ),
    "process": RecordKind(
        ProcessEmission,
        "applications.process_emission",
        label="process_line",
        fields=("description", "method", "activity", "activity_unit", "factor_t"),
        records_of=lambda inventory: inventory.process_lines.all(),
        removal_names=lambda line: {"tco2e": str(line.activity * line.factor_t)},
    ),
    "scope3": RecordKind(
        Scope3Emission,
        "applications.scope3_emission",
        label="scope3_line",
        fields=("category", "description", "method", "tco2e"),
        records_of=lambda inventory: inventory.scope3_lines.all(),
        removal_names=lambda line: {"tco2e": str(line.tco2e)},
    ),
    "footprint": RecordKind(
        ProductFootprint,
        "applications.product_footprint",
        label="product",
        name_of=attrgetter("product"),
        fields=("product", "functional_unit", "kgco2e_per_unit", "standard", "status", "verifier"),
        inventory_of=lambda footprint: inventory_of_year(footprint.enterprise_id, footprint.year),
        records_of=footprints_of,
        changed_on=_itself,
        # The footprint is gone; its enterprise's history keeps the removal.
        removed_on=attrgetter("enterprise"),
        removal_names=lambda footprint: {
            "year": footprint.year,
            "kgco2e_per_unit": str(footprint.kgco2e_per_unit),
        },
    ),
    "units": RecordKind(
        UnitClaim,
        "applications.unit_claim",
        label="range",
        records_of=lambda inventory: inventory.unit_claims.all(),
        removal_names=lambda claim: {
            "use": claim.use,
            "kind": claim.kind,
            "proof_sha256": claim.sha256,
        },
        release=_lock_ledger,
    ),
}


def _changed(obj, values: dict) -> dict:
    changes = {}
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [str(before), str(value)]
            setattr(obj, name, value)
    return changes


def _refuse_if_record_locked(entry: RecordKind, record) -> None:
    inventory = entry.inventory_of(record)
    if inventory is not None:
        refuse_if_locked(inventory)


@transaction.atomic
def change_record(kind: str, record, *, actor, **values):
    """Correct a record of the carbon accounts as ``RECORD_KINDS[kind]`` says. Refused: a
    locked inventory (``InventoryLocked``) and the kind's own refusals. A field the kind does not
    let a correction set is a caller's mistake (``TypeError``). Side effects: the row saved,
    an audit entry ``<action>.changed`` with each field changed, before and after."""
    entry = RECORD_KINDS[kind]
    unknown = sorted(set(values) - set(entry.fields))
    if unknown:
        raise TypeError(f"A correction of {kind} does not set {', '.join(unknown)}.")
    _refuse_if_record_locked(entry, record)
    if entry.refuse is not None:
        entry.refuse(record, values)
    changes = _changed(record, values)
    record.save()
    if entry.recheck is not None:
        entry.recheck(record)
    record_event(
        f"{entry.action}.changed", actor=actor, obj=entry.changed_on(record), changes=changes
    )
    return record


@transaction.atomic
def remove_record(kind: str, record, *, actor) -> None:
    """Remove a record of the carbon accounts as ``RECORD_KINDS[kind]`` says. Refused: a
    locked inventory (``InventoryLocked``). Side effects: what the kind releases first (a
    claim: its kind's ledger row locked), an audit entry ``<action>.removed`` naming what was
    removed, the row deleted, its stored file (if any) deleted after the commit."""
    entry = RECORD_KINDS[kind]
    if entry.removal_names is None:
        raise TypeError(f"A {kind} is not removed.")
    _refuse_if_record_locked(entry, record)
    if entry.release is not None:
        entry.release(record)
    names = {entry.label: entry.name_of(record), **entry.removal_names(record)}
    record_event(
        f"{entry.action}.removed",
        actor=actor,
        obj=entry.removed_on(record),
        changes={name: [value, None] for name, value in names.items()},
    )
    stored = getattr(record, "file", None)
    forget = partial(stored.storage.delete, stored.name) if stored else None
    record.delete()
    if forget is not None:
        transaction.on_commit(forget)


# The named steps the pages and the tests call.


def change_inventory(inventory: CarbonInventory, *, actor, **values) -> CarbonInventory:
    """The inventory's header and energy use, not its year. Refused besides the lock: a second
    baseline year; green certificates already counted in scope 2 that the corrected grid
    electricity no longer covers (remove some first)."""
    return change_record("inventory", inventory, actor=actor, **values)


def change_process_line(line: ProcessEmission, *, actor, **values) -> ProcessEmission:
    return change_record("process", line, actor=actor, **values)


def remove_process_line(line: ProcessEmission, *, actor) -> None:
    remove_record("process", line, actor=actor)


def change_scope3_line(line: Scope3Emission, *, actor, **values) -> Scope3Emission:
    return change_record("scope3", line, actor=actor, **values)


def remove_scope3_line(line: Scope3Emission, *, actor) -> None:
    remove_record("scope3", line, actor=actor)


def change_footprint(footprint: ProductFootprint, *, actor, **values) -> ProductFootprint:
    return change_record("footprint", footprint, actor=actor, **values)


def remove_footprint(footprint: ProductFootprint, *, actor) -> None:
    remove_record("footprint", footprint, actor=actor)


def remove_unit_claim(claim: UnitClaim, *, actor) -> None:
    """Release a claimed range: its serial numbers may be claimed again (a wrong range is
    removed and claimed again)."""
    remove_record("units", claim, actor=actor)
