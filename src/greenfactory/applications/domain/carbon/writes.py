"""Writing an inventory (the claims are ``units.claim_units``)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.core.uploads import check_upload

from ...models import (
    CarbonInventory,
    ProcessEmission,
    ProductFootprint,
    Scope3Emission,
    VerificationStatement,
)
from .corrections import RECORD_KINDS, inventory_of_year, refuse_if_locked


class InventoryRefused(Refused):
    """An inventory that cannot be recorded; ``field`` names the form field."""

    def __init__(self, *problems, field=None):
        super().__init__(*problems)
        self.field = field


@transaction.atomic
def record_inventory(enterprise, *, actor, **values) -> CarbonInventory:
    """A new yearly inventory of the enterprise. Refused: a second inventory of the same year,
    a second baseline year. Side effects: the row and an audit entry."""
    year = values["year"]
    own = CarbonInventory.objects.select_for_update().filter(enterprise=enterprise)
    if own.filter(year=year).exists():
        raise InventoryRefused(
            _("An inventory of %(year)s exists already.") % {"year": year}, field="year"
        )
    if values.get("is_baseline"):
        baseline = own.filter(is_baseline=True).first()
        if baseline is not None:
            raise InventoryRefused(
                _("The baseline year is %(year)s already.") % {"year": baseline.year},
                field="is_baseline",
            )
    inventory = CarbonInventory.objects.create(enterprise=enterprise, created_by=actor, **values)
    record_event(
        "applications.carbon_inventory.created",
        actor=actor,
        obj=inventory,
        changes={"year": [None, year]},
    )
    return inventory


def _add_line(kind: str, inventory, *, actor, values: dict):
    """A line of the inventory of a kind in ``RECORD_KINDS``. Refused on a locked inventory
    (§79). Side effects: the row and an audit entry ``<action>.added`` naming it."""
    entry = RECORD_KINDS[kind]
    refuse_if_locked(inventory)
    line = entry.model.objects.create(inventory=inventory, **values)
    record_event(
        f"{entry.action}.added",
        actor=actor,
        obj=inventory,
        changes={entry.label: [None, entry.name_of(line)]},
    )
    return line


@transaction.atomic
def add_process_line(inventory, *, actor, **values) -> ProcessEmission:
    """A process-emission line of scope 1."""
    return _add_line("process", inventory, actor=actor, values=values)


@transaction.atomic
def add_scope3_line(inventory, *, actor, **values) -> Scope3Emission:
    """A scope 3 line (reported, not counted)."""
    return _add_line("scope3", inventory, actor=actor, values=values)


@transaction.atomic
def record_footprint(enterprise, *, actor, **values) -> ProductFootprint:
    """A key product's carbon footprint. Refused when the inventory of its year is locked
    (§79). Side effects: the row and an audit entry."""
    inventory = inventory_of_year(enterprise.pk, values["year"])
    if inventory is not None:
        refuse_if_locked(inventory)
    footprint = ProductFootprint.objects.create(enterprise=enterprise, **values)
    record_event(
        "applications.product_footprint.recorded",
        actor=actor,
        obj=footprint,
        changes={"product": [None, footprint.product]},
    )
    return footprint


@transaction.atomic
def attach_verification_statement(inventory, *, actor, upload) -> VerificationStatement:
    """The third-party verification statement, through the upload checks (a ValidationError
    for the file field otherwise); a new one replaces the old. Side effects: the file, the row
    and an audit entry. Refused when anything but the statement itself locks the inventory
    (§79)."""
    refuse_if_locked(inventory, statement=False)
    checked = check_upload(upload, actor=actor)
    VerificationStatement.objects.filter(inventory=inventory).delete()
    statement = VerificationStatement.objects.create(
        inventory=inventory,
        file=upload,
        **checked.fields_for(VerificationStatement),
        uploaded_by=actor,
    )
    record_event(
        "applications.verification_statement.uploaded",
        actor=actor,
        obj=inventory,
        changes={"statement_sha256": [None, checked.sha256]},
    )
    return statement
