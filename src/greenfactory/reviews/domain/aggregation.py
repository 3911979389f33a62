"""Aggregating the experts' totals into the application's expert score: pure functions on
Decimal, no database (DOMAIN §8).

Each result is computed exactly and rounded once, half up, to 0.01 point.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from greenfactory.programme.enums import AggregationRule

CENT = Decimal("0.01")
# Dropping the highest and the lowest total is meaningful only with enough experts left.
MIN_EXPERTS_TO_TRIM = 5


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _checked(totals: Sequence[Decimal]) -> list[Decimal]:
    values = [Decimal(total) for total in totals]
    if not values:
        raise ValueError("No totals to aggregate.")
    return values


def mean(totals: Sequence[Decimal]) -> Decimal:
    values = _checked(totals)
    return _rounded(sum(values, Decimal(0)) / len(values))


def median(totals: Sequence[Decimal]) -> Decimal:
    """The middle total; with an even number, the mean of the two middle ones."""
    values = sorted(_checked(totals))
    middle = len(values) // 2
    if len(values) % 2:
        return _rounded(values[middle])
    return _rounded((values[middle - 1] + values[middle]) / 2)


def trimmed_mean(totals: Sequence[Decimal]) -> Decimal:
    """The mean after dropping one highest and one lowest total (one of each, even if tied)."""
    values = sorted(_checked(totals))
    if len(values) < 3:
        raise ValueError("A trimmed mean needs at least three totals.")
    return mean(values[1:-1])


def aggregate(totals: Sequence[Decimal], rule: str) -> tuple[Decimal, str]:
    """The expert score by the batch's rule, and the rule actually used: a trimmed mean with
    fewer than ``MIN_EXPERTS_TO_TRIM`` experts falls back to the mean, and says so."""
    values = _checked(totals)
    if rule == AggregationRule.MEAN:
        return mean(values), AggregationRule.MEAN.value
    if rule == AggregationRule.MEDIAN:
        return median(values), AggregationRule.MEDIAN.value
    if rule == AggregationRule.TRIMMED_MEAN:
        if len(values) < MIN_EXPERTS_TO_TRIM:
            return mean(values), AggregationRule.MEAN.value
        return trimmed_mean(values), AggregationRule.TRIMMED_MEAN.value
    raise ValueError(f"Unknown aggregation rule: {rule!r}")


def divergent(totals: Sequence[Decimal], threshold: Decimal) -> bool:
    """Whether the experts disagree widely: the highest and lowest totals are more than
    ``threshold`` points apart."""
    values = [Decimal(total) for total in totals]
    if len(values) < 2:
        return False
    return max(values) - min(values) > Decimal(threshold)
