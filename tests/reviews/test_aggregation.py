"""Aggregating the experts' totals: hand-computed examples, Decimal rounding, divergence."""

from decimal import Decimal as D

import pytest

from greenfactory.reviews.domain.aggregation import (
    aggregate,
    divergent,
    mean,
    median,
    trimmed_mean,
)

FIVE = [D("60"), D("75"), D("80"), D("85"), D("99")]
THREE = [D("70"), D("80"), D("95")]


def test_mean():
    assert mean(THREE) == D("81.67")  # 245 / 3 = 81.666…
    assert mean(FIVE) == D("79.80")  # 399 / 5
    assert mean([D("100"), D("0"), D("0")]) == D("33.33")


def test_mean_rounds_half_up_once_at_the_end():
    assert mean([D("70.00"), D("70.01")]) == D("70.01")  # 70.005: half up, not to even
    assert mean([D("80.125"), D("80.125")]) == D("80.13")
    assert mean([D("80.33"), D("80.33"), D("80.34")]) == D("80.33")  # 80.3333…


def test_median_odd_and_even():
    assert median([D("90"), D("70"), D("80")]) == D("80.00")
    assert median([D("70"), D("90"), D("85"), D("80")]) == D("82.50")
    assert median([D("70.01"), D("70.02")]) == D("70.02")  # 70.015 half up
    assert median(FIVE) == D("80.00")


def test_trimmed_mean_drops_one_highest_and_one_lowest():
    assert trimmed_mean(FIVE) == D("80.00")  # (75 + 80 + 85) / 3
    assert trimmed_mean([D("82.5"), D("60"), D("99.5"), D("81"), D("84")]) == D("82.50")


def test_trimmed_mean_with_ties_drops_only_one_of_each():
    assert trimmed_mean([D("80"), D("80"), D("80"), D("90"), D("90")]) == D("83.33")
    assert trimmed_mean([D("75")] * 5) == D("75.00")


def test_aggregate_by_rule_with_five_experts():
    assert aggregate(FIVE, "mean") == (D("79.80"), "mean")
    assert aggregate(FIVE, "median") == (D("80.00"), "median")
    assert aggregate(FIVE, "trimmed_mean") == (D("80.00"), "trimmed_mean")


def test_trimmed_mean_with_fewer_than_five_experts_falls_back_to_the_mean():
    assert aggregate(THREE, "trimmed_mean") == (D("81.67"), "mean")
    assert aggregate(FIVE[:4], "trimmed_mean") == (D("75.00"), "mean")  # 300 / 4
    assert aggregate(THREE, "median") == (D("80.00"), "median")
    assert aggregate([D("64.5")], "trimmed_mean") == (D("64.50"), "mean")


def test_aggregate_refuses_nothing_and_unknown_rules():
    with pytest.raises(ValueError):
        aggregate([], "mean")
    with pytest.raises(ValueError):
        aggregate(THREE, "mode")
    with pytest.raises(ValueError):
        trimmed_mean([D("1"), D("2")])


@pytest.mark.parametrize(
    ("totals", "threshold", "expected"),
    [
        ([D("60"), D("75")], D("15"), False),  # exactly the threshold is not divergent
        ([D("60"), D("75.01")], D("15"), True),
        (FIVE, D("15"), True),  # 99 − 60 = 39
        (FIVE, D("39"), False),
        ([D("80"), D("82"), D("81")], D("0"), True),
        ([D("80")], D("0"), False),  # one expert cannot disagree
        ([], D("15"), False),
    ],
)
def test_divergence(totals, threshold, expected):
    assert divergent(totals, threshold) is expected
