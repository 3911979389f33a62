"""Where the experts of a batch disagree (专家评分分歧): for each application with submitted
expert scores, the spread between the lowest and highest expert total and the indicators the
experts scored furthest apart. Reads only.

A completed review is read from its ``ExpertResult`` (the totals as they were aggregated); a
review still open is scored from the submitted sheets, as the batch page previews it. The
indicator spreads come from one aggregate query over ``ExpertScore`` for the whole batch, so the
page costs the same for one application or hundreds.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from greenfactory.applications.domain.queries import applications_visible_to
from greenfactory.programme.enums import AggregationRule

from ..models import ExpertAssignment, ExpertResult, ExpertScore
from .aggregation import aggregate, divergent
from .expert_scores import expert_sheet

TOP_INDICATORS = 3
ORDERS = ("-spread", "spread", "name")


@dataclass(frozen=True)
class IndicatorSpread:
    """One indicator the experts scored apart: its lowest and highest points."""

    indicator: object
    lowest: Decimal
    highest: Decimal
    experts: int

    @property
    def spread(self) -> Decimal:
        return self.highest - self.lowest


@dataclass
class DivergenceRow:
    """One application: its experts' totals, the aggregate (final once the review is completed,
    provisional before), and the indicators where the experts differ most."""

    application: object
    totals: list[Decimal]
    assigned: int
    completed: bool
    score: Decimal | None
    rule: str  # the aggregation rule used, an ``AggregationRule`` value
    divergent: bool
    indicators: list[IndicatorSpread] = field(default_factory=list)

    @property
    def rule_label(self) -> str:
        return AggregationRule(self.rule).label if self.rule in AggregationRule.values else ""

    @property
    def expert_count(self) -> int:
        return len(self.totals)

    @property
    def lowest(self) -> Decimal | None:
        return min(self.totals) if self.totals else None

    @property
    def highest(self) -> Decimal | None:
        return max(self.totals) if self.totals else None

    @property
    def spread(self) -> Decimal | None:
        return self.highest - self.lowest if len(self.totals) > 1 else None


def divergence_applications(user, batch):
    """The batch's applications the user may see that have an expert result or at least one
    submitted expert sheet."""
    submitted = ExpertAssignment.objects.filter(
        application=OuterRef("pk"), submitted_at__isnull=False
    )
    result = ExpertResult.objects.filter(application=OuterRef("pk"))
    return (
        applications_visible_to(user)
        .filter(batch=batch)
        .filter(Q(Exists(result)) | Q(Exists(submitted)))
    )


def indicator_spreads(applications) -> dict[int, list[tuple[int, Decimal, Decimal, int]]]:
    """Per application id, ``(indicator id, lowest, highest, experts)`` for every indicator
    on which the submitted experts' points differ: one aggregate query. Entries without points
    (gates, not applicable) take no part."""
    rows = (
        ExpertScore.objects.filter(
            assignment__application__in=applications.values("pk"),
            assignment__submitted_at__isnull=False,
            score__isnull=False,
            not_applicable=False,
        )
        .values("assignment__application_id", "indicator_id")
        .annotate(lowest=Min("score"), highest=Max("score"), experts=Count("pk"))
        .filter(highest__gt=F("lowest"))
        .order_by()
    )
    spreads: dict[int, list] = {}
    for row in rows:
        spreads.setdefault(row["assignment__application_id"], []).append(
            (
                row["indicator_id"],
                Decimal(row["lowest"]),
                Decimal(row["highest"]),
                row["experts"],
            )
        )
    return spreads


def divergence_rows(
    user, batch, *, divergent_only: bool = False, order: str = "-spread"
) -> list[DivergenceRow]:
    """The rows of the batch's divergence page, sorted by ``order`` (``-spread``: widest
    first; ``spread``: narrowest first; ``name``: by enterprise). Rows without a spread (one
    expert so far) come last in either spread order."""
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}")
    assigned = (
        ExpertAssignment.objects.filter(application=OuterRef("pk"))
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_sheets = ExpertAssignment.objects.filter(
        submitted_at__isnull=False, application__expert_result__isnull=True
    ).prefetch_related("scores")
    base = divergence_applications(user, batch)
    applications = list(
        base.select_related("enterprise__district", "expert_result")
        .annotate(assigned=Coalesce(Subquery(assigned, output_field=IntegerField()), Value(0)))
        .prefetch_related(
            Prefetch("expert_assignments", queryset=open_sheets.order_by("pk"), to_attr="sheets")
        )
        .order_by("enterprise__name", "pk")
    )
    system = batch.indicator_system
    indicators = list(system.indicators.all())
    by_pk = {indicator.pk: indicator for indicator in indicators}
    spreads = indicator_spreads(base) if applications else {}
    rows = []
    for application in applications:
        result = getattr(application, "expert_result", None)
        if result is not None:
            totals = [Decimal(str(entry["total"])) for entry in result.totals]
            row = DivergenceRow(
                application,
                totals,
                application.assigned,
                completed=True,
                score=result.score,
                rule=result.rule,
                divergent=result.divergent,
            )
        else:
            totals = [
                expert_sheet(
                    system,
                    indicators,
                    {s.indicator_id: s for s in sheet.scores.all()},
                    application,
                ).total
                for sheet in application.sheets
            ]
            score, rule = aggregate(totals, batch.aggregation_rule)
            row = DivergenceRow(
                application,
                totals,
                application.assigned,
                completed=False,
                score=score,
                rule=rule,
                divergent=divergent(totals, batch.divergence_threshold),
            )
        found = [
            IndicatorSpread(by_pk[pk], lowest, highest, experts)
            for pk, lowest, highest, experts in spreads.get(application.pk, [])
            if pk in by_pk
        ]
        found.sort(key=lambda item: (-item.spread, item.indicator.position))
        row.indicators = found[:TOP_INDICATORS]
        rows.append(row)
    if divergent_only:
        rows = [row for row in rows if row.divergent]
    if order == "name":
        return rows  # already by enterprise name
    widest_first = order == "-spread"
    with_spread = [row for row in rows if row.spread is not None]
    without = [row for row in rows if row.spread is None]
    with_spread.sort(key=lambda row: row.spread, reverse=widest_first)  # stable: ties by name
    return with_spread + without
