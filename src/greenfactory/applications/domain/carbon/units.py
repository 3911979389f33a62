"""Numbered units (green certificates, CCER, other credits) claimed once on the platform.

A claim is a range of serial numbers: the same prefix, a number of the same width. Two claims
of the same kind overlap when their prefixes are equal and their numbers meet; the second is
refused, whichever enterprise made it, naming the other claim's year but not its enterprise.
The kind's ``UnitLedger`` row is locked while the claim is checked and written, so two claims
at once are serialised on PostgreSQL (row lock) and SQLite (one writer) alike."""

import re
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.core.uploads import check_upload

from ...enums import UnitKind, UnitUse
from ...models import CarbonInventory, UnitClaim, UnitLedger
from .corrections import refuse_if_locked
from .inventory import compute_inventory, scope2_certificate_kwh

SERIAL = re.compile(r"^(.*?)(\d{1,18})$")


class UnitsRefused(Refused):
    """A claim on numbered units that cannot be recorded; ``field`` names the form field."""

    def __init__(self, *problems, field=None):
        super().__init__(*problems)
        self.field = field


def parse_range(first: str, last: str) -> tuple[str, int, int, int]:
    """(prefix, first number, last number, width) of a serial range, or a refusal at the field
    that is wrong. A single unit is a range whose first and last are the same."""
    first, last = (first or "").strip(), (last or "").strip() or (first or "").strip()
    head = SERIAL.match(first)
    if not head:
        raise UnitsRefused(
            _("A serial number ends in its number (at most 18 digits)."), field="first_serial"
        )
    tail = SERIAL.match(last)
    if not tail or tail.group(1) != head.group(1) or len(tail.group(2)) != len(head.group(2)):
        raise UnitsRefused(
            _("The last serial number must have the same prefix and length as the first."),
            field="last_serial",
        )
    start, end = int(head.group(2)), int(tail.group(2))
    if end < start:
        raise UnitsRefused(_("The last serial number comes before the first."), field="last_serial")
    return head.group(1), start, end, len(head.group(2))


@transaction.atomic
def claim_units(
    inventory: CarbonInventory,
    *,
    actor,
    use: str,
    kind: str,
    first_serial: str,
    last_serial: str,
    retired_on,
    project: str = "",
    proof=None,
) -> UnitClaim:
    """Record a range of units retired for this inventory. Refused: a range that overlaps any
    claim on the platform; green certificates in scope 2 beyond the grid electricity bought
    (the rest is an offset); a credit other than a green certificate in scope 2; a locked
    inventory (§79).
    Side effects: the claim row, its proof file (through the upload checks), an audit entry."""
    refuse_if_locked(inventory)
    prefix, start, end, width = parse_range(first_serial, last_serial)
    if use == UnitUse.SCOPE2 and kind != UnitKind.GREEN_CERTIFICATE:
        raise UnitsRefused(
            _("Only green certificates are counted in scope 2; retire other credits as offsets."),
            field="kind",
        )
    checked = check_upload(proof, actor=actor) if proof is not None else None
    UnitLedger.objects.get_or_create(kind=kind)
    UnitLedger.objects.select_for_update().get(kind=kind)
    other = (
        UnitClaim.objects.filter(kind=kind, prefix=prefix, first__lte=end, last__gte=start)
        .select_related("inventory")
        .order_by("first")
        .first()
    )
    if other is not None:
        raise UnitsRefused(
            _(
                "Serial numbers %(first)s to %(last)s are already claimed, in a %(year)s "
                "inventory on this platform: a unit is counted once."
            )
            % {
                "first": other.serial(max(start, other.first)),
                "last": other.serial(min(end, other.last)),
                "year": other.inventory.year,
            },
            field="first_serial",
        )
    if use == UnitUse.SCOPE2:
        _refuse_beyond_grid(inventory, end - start + 1)
    claim = UnitClaim(
        inventory=inventory,
        use=use,
        kind=kind,
        prefix=prefix,
        first=start,
        last=end,
        width=width,
        retired_on=retired_on,
        project=project,
        created_by=actor,
    )
    if checked is not None:
        claim.file = proof
        for name, value in checked.fields_for(UnitClaim).items():
            setattr(claim, name, value)
    claim.save()
    record_event(
        "applications.unit_claim.created",
        actor=actor,
        obj=claim,
        changes={"range": [None, str(claim)], "use": [None, use], "kind": [None, kind]},
    )
    return claim


def _refuse_beyond_grid(inventory: CarbonInventory, adding: int) -> None:
    figures = compute_inventory(inventory)
    covered = scope2_certificate_kwh(inventory, adding)
    if covered > figures.grid_kwh:
        raise UnitsRefused(
            _(
                "These certificates would cover %(kwh)s kWh, more than the %(grid)s kWh of grid "
                "electricity bought; retire the rest as an offset."
            )
            % {
                "kwh": covered.quantize(Decimal(1)),
                "grid": figures.grid_kwh.quantize(Decimal(1)),
            },
            field="last_serial",
        )
