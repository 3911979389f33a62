"""The zero-carbon status as data (decisions §73): the strictest status whose rule is met, with
its arithmetic."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from greenfactory.programme.enums import Programme

from ...enums import CarbonStatus
from ...models import CarbonInventory, CarbonStatusRule
from .inventory import InventoryFigures, compute_inventory

HUNDRED = Decimal(100)
ORDER = (CarbonStatus.ZERO, CarbonStatus.NEAR_ZERO)


@dataclass(frozen=True)
class Check:
    label: str
    value: Decimal | None
    limit: Decimal
    arithmetic: str
    met: bool


@dataclass
class StatusOutcome:
    status: str
    gross_t: Decimal
    offsets_t: Decimal
    net_t: Decimal
    baseline_year: int | None
    baseline_t: Decimal | None
    reduction_pct: Decimal | None
    offset_share_pct: Decimal | None
    net_share_pct: Decimal | None
    checks: dict = field(default_factory=dict)  # status -> [Check]
    rules: dict = field(default_factory=dict)  # status -> CarbonStatusRule

    @property
    def label(self) -> str:
        return CarbonStatus(self.status).label


def _pct(numerator: Decimal, denominator: Decimal | None) -> Decimal | None:
    if not denominator:
        return None
    return numerator * HUNDRED / denominator


def evaluate_status(
    figures: InventoryFigures,
    *,
    baseline_year: int | None,
    baseline_t: Decimal | None,
    rules=None,
) -> StatusOutcome:
    """Net = scope 1 + market-based scope 2 − offsets retired; reduction = (baseline − this
    year's emissions) ÷ baseline × 100; offset share = offsets (up to this year's emissions) ÷
    this year's emissions × 100;
    net share = net ÷ baseline × 100. Reduction projects are already in this year's measured
    emissions, so they are shown beside it, never subtracted again. Without a baseline, a
    reduction and a net share cannot be computed and no status is met."""
    if rules is None:
        rules = {rule.status: rule for rule in CarbonStatusRule.objects.all()}
    gross, offsets = figures.gross_t, figures.offsets_t
    net = gross - offsets
    reduction = _pct(baseline_t - gross, baseline_t) if baseline_t is not None else None
    # Units retired beyond the year's emissions cover nothing more: the share is at most 100 %.
    offset_share = _pct(min(offsets, gross), gross) if gross > 0 else Decimal(0)
    net_share = _pct(net, baseline_t) if baseline_t is not None else None
    outcome = StatusOutcome(
        CarbonStatus.NOT_YET,
        gross,
        offsets,
        net,
        baseline_year,
        baseline_t,
        reduction,
        offset_share,
        net_share,
        rules=rules,
    )
    for status in ORDER:
        rule = rules.get(status)
        if rule is None:
            continue
        checks = [
            Check(
                str(_("net emissions ÷ baseline emissions × 100 at most")),
                net_share,
                rule.max_net_share_pct,
                f"{net:.3f} ÷ {baseline_t if baseline_t is not None else '—'} × 100",
                net_share is not None and net_share <= rule.max_net_share_pct,
            ),
            Check(
                str(_("reduction against the baseline at least (%)")),
                reduction,
                rule.min_reduction_pct,
                f"({baseline_t if baseline_t is not None else '—'} − {gross:.3f}) ÷ "
                f"{baseline_t if baseline_t is not None else '—'} × 100",
                reduction is not None and reduction >= rule.min_reduction_pct,
            ),
            Check(
                str(_("offsets ÷ this year's emissions × 100 at most")),
                offset_share,
                rule.max_offset_share_pct,
                f"{min(offsets, gross):.3f} ÷ {gross:.3f} × 100",
                offset_share is not None and offset_share <= rule.max_offset_share_pct,
            ),
        ]
        outcome.checks[status] = checks
        if outcome.status == CarbonStatus.NOT_YET and all(c.met for c in checks):
            outcome.status = status
    return outcome


def inventory_status(inventory: CarbonInventory) -> StatusOutcome:
    """The status of one inventory against the enterprise's baseline inventory."""
    figures = compute_inventory(inventory)
    baseline = (
        CarbonInventory.objects.filter(enterprise_id=inventory.enterprise_id, is_baseline=True)
        .select_related("coefficient_table", "grid_factor")
        .first()
    )
    if baseline is None:
        return evaluate_status(figures, baseline_year=None, baseline_t=None)
    base_t = figures.gross_t if baseline.pk == inventory.pk else compute_inventory(baseline).gross_t
    return evaluate_status(figures, baseline_year=baseline.year, baseline_t=base_t)


def carbon_of_application(application):
    """For the pages of an application in a zero-carbon batch (its enterprise, the reviewers):
    the enterprise's latest inventory up to the batch's year with its figures and status, or
    None. Green-factory batches read nothing."""
    if application.batch.programme != Programme.ZERO_CARBON:
        return None
    inventory = (
        CarbonInventory.objects.filter(
            enterprise_id=application.enterprise_id, year__lte=application.batch.year
        )
        .select_related("coefficient_table", "grid_factor")
        .order_by("-year")
        .first()
    )
    if inventory is None:
        return {"inventory": None}
    return {
        "inventory": inventory,
        "figures": compute_inventory(inventory),
        "outcome": inventory_status(inventory),
    }


# The statuses that grade a zero-carbon title (零碳工厂 / 近零碳工厂, decisions §78).
GRADED_STATUSES = (CarbonStatus.ZERO, CarbonStatus.NEAR_ZERO)


def carbon_status_of_application(application) -> str:
    """The status the one status rule gives the application's enterprise now (its latest
    inventory up to the batch's year against its baseline; "not yet" without an inventory), for
    the ranking, the party group's decision and the designation of a zero-carbon batch. Empty
    for a batch of another programme: nothing is graded there."""
    found = carbon_of_application(application)
    if found is None:
        return ""
    if found["inventory"] is None:
        return CarbonStatus.NOT_YET
    return found["outcome"].status


# What ``compute_inventory`` reads of each inventory, fetched for many at once.
INVENTORY_PREFETCH = (
    "coefficient_table__carriers",
    "unit_claims",
    "process_lines",
    "scope3_lines",
)


def inventory_outcomes(
    inventories, *, latest_only: bool = False
) -> list[tuple[CarbonInventory, InventoryFigures, StatusOutcome]]:
    """Each inventory of ``inventories`` (a queryset already narrowed to what the reader sees;
    with ``latest_only`` each enterprise's latest one only) with its figures and its status
    against the enterprise's baseline inventory among them — the same ``compute_inventory`` and
    ``evaluate_status`` as the inventory page, shared by the API and the dashboards, in a fixed
    number of queries however many inventories there are. Ordered by enterprise, newest first."""
    rows = list(
        inventories.select_related("coefficient_table", "grid_factor")
        .prefetch_related(*INVENTORY_PREFETCH)
        .order_by("enterprise_id", "-year")
    )
    rules = {rule.status: rule for rule in CarbonStatusRule.objects.all()}
    baselines = {i.enterprise_id: i for i in rows if i.is_baseline}
    computed: dict[int, InventoryFigures] = {}

    def figures_of(inventory):
        if inventory.pk not in computed:
            computed[inventory.pk] = compute_inventory(inventory)
        return computed[inventory.pk]

    out, seen = [], set()
    for inventory in rows:
        if latest_only and inventory.enterprise_id in seen:
            continue
        seen.add(inventory.enterprise_id)
        figures = figures_of(inventory)
        baseline = baselines.get(inventory.enterprise_id)
        if baseline is None:
            outcome = evaluate_status(figures, baseline_year=None, baseline_t=None, rules=rules)
        else:
            outcome = evaluate_status(
                figures,
                baseline_year=baseline.year,
                baseline_t=figures_of(baseline).gross_t,
                rules=rules,
            )
        out.append((inventory, figures, outcome))
    return out
