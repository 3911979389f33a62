"""The yearly carbon disclosure of a designated zero-carbon factory (decisions §73)."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenfactory.applications.domain.carbon.inventory import compute_inventory
from greenfactory.applications.domain.carbon.status import inventory_status
from greenfactory.applications.domain.carbon.trend import change_against_baseline, inventory_trend
from greenfactory.applications.enums import CarbonStatus
from greenfactory.core.domain.audit import record_event
from greenfactory.core.refusals import Refused
from greenfactory.cultivation.models import TransformationProject
from greenfactory.programme.enums import Programme
from greenfactory.titles.domain.titles import titles_in_force

from ..models import AnnualFiling, CarbonDisclosure


class DisclosureRefused(Refused):
    pass


def disclosure_locks(inventory) -> list[str]:
    """Registered in ``applications.hooks.inventory_lock_providers``: the public read the
    figures of a published disclosure, so its inventory is kept as it is (decisions §79)."""
    years = CarbonDisclosure.objects.filter(inventory_id=inventory.pk).values_list(
        "year", flat=True
    )
    return [
        str(_("A carbon disclosure of %(year)s was published from this inventory.") % {"year": y})
        for y in years
    ]


def _t(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.001")))


def disclosure_figures(inventory) -> dict:
    """What the public reads: totals by scope, renewable share, reductions, offsets retired,
    verification and the status with its arithmetic, as plain values."""
    figures = compute_inventory(inventory)
    outcome = inventory_status(inventory)
    projects = TransformationProject.objects.filter(candidate__enterprise=inventory.enterprise)
    reductions = projects.aggregate(
        expected=Sum("co2_reduction_t"), achieved=Sum("achieved_co2_reduction_t")
    )
    statement = getattr(inventory, "verification_statement", None)
    # The change against the baseline as the trend shows it (decisions §84), kept as published.
    change_t, change_pct = change_against_baseline(inventory_trend(inventory.enterprise_id)).get(
        inventory.code, (None, None)
    )
    return {
        "scope1_t": _t(figures.scope1_t),
        "scope2_location_t": _t(figures.scope2_location_t),
        "scope2_market_t": _t(figures.scope2_market_t),
        "scope3_t": _t(figures.scope3_t),
        "offsets_t": _t(figures.offsets_t),
        "net_t": _t(figures.net_t),
        "renewable_share_pct": None
        if figures.renewable_share_pct is None
        else str(figures.renewable_share_pct.quantize(Decimal("0.01"))),
        "reduction_projects": projects.count(),
        "expected_reduction_t": _t(reductions["expected"] or 0),
        "achieved_reduction_t": _t(reductions["achieved"] or 0),
        "offsets": [
            {"label": line.label, "units": str(line.amount), "t": _t(line.tco2e)}
            for line in figures.offsets
        ],
        "baseline_year": outcome.baseline_year,
        "reduction_pct": None
        if outcome.reduction_pct is None
        else str(outcome.reduction_pct.quantize(Decimal("0.01"))),
        "change_t": None if change_t is None else _t(change_t),
        "change_pct": None if change_pct is None else str(change_pct.quantize(Decimal("0.01"))),
        "offset_share_pct": None
        if outcome.offset_share_pct is None
        else str(outcome.offset_share_pct.quantize(Decimal("0.01"))),
        "standard": inventory.get_standard_display(),
        "verifier": inventory.verifier,
        "verified_on": inventory.verified_on.isoformat() if inventory.verified_on else None,
        "statement_sha256": statement.sha256 if statement else "",
        "status": outcome.status,
    }


@transaction.atomic
def publish_carbon_disclosure(inventory, *, actor, on=None) -> CarbonDisclosure:
    """Publish (or publish again) the inventory's year. Refused unless the enterprise holds a
    zero-carbon title in force. Side effects: the disclosure row (the year's filing linked
    where there is one), an audit entry."""
    on = on or timezone.localdate()
    if not titles_in_force(inventory.enterprise, on, programme=Programme.ZERO_CARBON):
        raise DisclosureRefused(
            _("Only a designated zero-carbon factory publishes a carbon disclosure.")
        )
    figures = disclosure_figures(inventory)
    disclosure, _created = CarbonDisclosure.objects.update_or_create(
        enterprise=inventory.enterprise,
        year=inventory.year,
        defaults={
            "inventory": inventory,
            "filing": AnnualFiling.objects.filter(
                enterprise=inventory.enterprise, year=inventory.year
            ).first(),
            "figures": figures,
            "status": figures["status"],
            "meets_rule": figures["status"] != CarbonStatus.NOT_YET,
            "published_by": actor,
            "published_at": timezone.now(),
        },
    )
    record_event(
        "filings.carbon_disclosure.published",
        actor=actor,
        obj=disclosure,
        changes={"status": [None, disclosure.status]},
    )
    return disclosure


def disclosures_to_check():
    """Published disclosures whose figures no longer meet the status rule: the spot check's
    candidates (decisions §73)."""
    return CarbonDisclosure.objects.filter(meets_rule=False).select_related("enterprise")
