"""Writing an inventory (the claims are ``units.claim_units``)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused

from ...models import CarbonInventory


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
