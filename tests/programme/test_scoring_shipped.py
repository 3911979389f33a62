"""Hand-computed examples on the shipped systems' own indicators."""

from decimal import Decimal

import pytest

from greenfactory.programme.scoring import Answer, quantitative_fraction, score_application
from tests.factories import shipped_system

pytestmark = pytest.mark.django_db
D = Decimal


def indicator(year, code):
    return shipped_system(year).indicators.get(code=code)


def test_2025_water_intake_is_linear_between_benchmark_and_leading():
    item = indicator(2025, "2.1.1")  # 6 points, lower is better, benchmark 5, leading 3 m³/t
    assert (item.max_points, item.benchmark, item.leading) == (D(6), D(5), D(3))
    for value, points in [
        ("5", "0"),
        ("4", "3"),
        ("3.5", "4.5"),
        ("3", "6"),
        ("2", "6"),
        ("9", "0"),
    ]:
        fraction, how = quantitative_fraction(item, D(value))
        assert (item.max_points * fraction, how) == (D(points), "linear"), value


def test_2025_unit_product_energy():
    item = indicator(2025, "1.1.1")  # 8 points, benchmark 300, leading 200 kgce/t
    fraction, _how = quantitative_fraction(item, D(260))
    assert item.max_points * fraction == D("3.2")  # 8 × (300 − 260) / (300 − 200)


def test_2018_floor_area_ratio_is_graded_by_bands():
    item = indicator(2018, "6.1.1")  # ratio to the control value: 1.0/1.2/1.5/2.0 → 2/3/4/5
    for value, points in [("0.9", "0"), ("1.0", "2"), ("1.3", "3"), ("1.6", "4"), ("2.4", "5")]:
        fraction, how = quantitative_fraction(item, D(value))
        assert (item.max_points * fraction, how) == (D(points), "bands"), value


@pytest.mark.parametrize("year", [2018, 2025])
def test_full_marks_everywhere_score_100_and_nothing_scores_0(year):
    system = shipped_system(year)
    indicators = list(system.indicators.all())
    best, worst = {}, {}
    for item in indicators:
        if item.kind == "gate":
            best[item.code] = worst[item.code] = Answer(met=True)
        elif item.kind == "qualitative":
            best[item.code] = Answer(met=True, score=item.max_points)
            worst[item.code] = Answer(met=True, score=D(0))
        elif item.kind == "quantitative":
            if item.bands:
                key = "max" if item.direction == "lower" else "min"
                top = max(item.bands, key=lambda band: band["points"])
                best[item.code] = Answer(value=D(str(top[key])))
                worst[item.code] = Answer(value=D(-1e9) if key == "min" else D(1e9))
            else:
                best[item.code] = Answer(value=item.leading)
                worst[item.code] = Answer(value=item.benchmark)
    for answers, total in [(best, D(100)), (worst, D(0))]:
        sheet = score_application(indicators, answers, na_policy=system.na_policy)
        assert sheet.total == total
        assert sheet.eligible
