"""Hand-computed scoring examples (DOMAIN §4)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from greenfactory.programme.scoring import Answer, score_application

D = Decimal


def node(pk, code, kind, parent=None, **fields):
    defaults = {
        "requirement": "",
        "max_points": None,
        "direction": "",
        "benchmark": None,
        "leading": None,
        "bands": [],
        "allow_na": False,
    }
    defaults.update(fields)
    return SimpleNamespace(pk=pk, code=code, kind=kind, parent_id=parent, **defaults)


TREE = [
    node(1, "0", "group"),
    node(2, "0.1", "gate", 1),
    node(3, "1", "group", weight=20),
    node(4, "1.1", "qualitative", 3, requirement="required", max_points=D(10)),
    node(5, "1.2", "qualitative", 3, requirement="optional", max_points=D(10)),
    node(6, "2", "group", weight=80),
    node(
        7,
        "2.1",
        "quantitative",
        6,
        requirement="optional",
        max_points=D(5),
        direction="higher",
        bands=[{"min": 1.2, "points": 3}, {"min": 1.5, "points": 4}, {"min": 2.0, "points": 5}],
    ),
    node(
        8,
        "2.2",
        "quantitative",
        6,
        requirement="optional",
        max_points=D(25),
        direction="lower",
        benchmark=D(100),
        leading=D(60),
    ),
    node(9, "2.3", "qualitative", 6, requirement="optional", max_points=D(50), allow_na=True),
]


def answers(**overrides):
    base = {
        "0.1": Answer(met=True),
        "1.1": Answer(met=True, score=D(8)),
        "1.2": Answer(score=D(12)),  # above its maximum of 10: capped
        "2.1": Answer(value=D("1.6")),  # band >= 1.5 -> 4 points
        "2.2": Answer(value=D(80)),  # 25 * (100 - 80) / (100 - 60) = 12.5
        "2.3": Answer(not_applicable=True),  # its 50 points go to 2.1 and 2.2 pro rata
    }
    base.update(overrides)
    return base


def score(answer_map, policy="redistribute"):
    return score_application(TREE, answer_map, na_policy=policy, unmet_points=D(0))


def test_worked_example_with_a_not_applicable_item():
    sheet = score(answers())
    # 2.1 and 2.2 share aspect 2's 80 points: (4 + 12.5) * 80 / 30 = 44
    assert sheet.items["2.1"].points == D("10.67")
    assert sheet.items["2.1"].max_points == D("13.33")
    assert sheet.items["2.2"].points == D("33.33")
    assert sheet.items["2.2"].max_points == D("66.67")
    assert sheet.items["2.3"].status == "not_applicable"
    assert sheet.subtotals == {"1": D("18.00"), "2": D("44.00")}
    assert sheet.total == D("62.00")
    assert sheet.eligible


def test_required_item_unmet_scores_nothing_and_makes_ineligible():
    sheet = score(answers(**{"1.1": Answer(met=False, score=D(8))}))
    assert sheet.items["1.1"].status == "unmet"
    assert sheet.items["1.1"].points == D(0)
    assert sheet.unmet_required == ["1.1"]
    assert sheet.total == D("54.00")
    assert not sheet.eligible


def test_value_beyond_the_leading_value_earns_full_points_and_no_more():
    beyond = score(answers(**{"2.2": Answer(value=D(40))}))
    at_leading = score(answers(**{"2.2": Answer(value=D(60))}))
    assert beyond.items["2.2"].points == at_leading.items["2.2"].points == D("66.67")


def test_value_worse_than_the_benchmark_earns_nothing():
    sheet = score(answers(**{"2.2": Answer(value=D(120))}))
    assert sheet.items["2.2"].points == D(0)


def test_value_below_the_lowest_band_earns_nothing():
    sheet = score(answers(**{"2.1": Answer(value=D("1.1"))}))
    assert sheet.items["2.1"].points == D(0)


def test_failed_gate_vetoes():
    sheet = score(answers(**{"0.1": Answer(met=False)}))
    assert sheet.gate_failures == ["0.1"]
    assert sheet.items["0.1"].status == "gate_failed"
    assert not sheet.eligible
    assert sheet.total == D("62.00")  # the score is still shown, the veto is separate


def test_missing_answers_are_listed_for_required_items_and_gates():
    sheet = score(answers(**{"0.1": Answer(), "1.1": Answer()}))
    assert sheet.missing == ["0.1", "1.1"]
    assert not sheet.eligible


def test_not_applicable_is_ignored_where_the_item_does_not_allow_it():
    sheet = score(answers(**{"1.2": Answer(not_applicable=True)}))
    assert sheet.items["1.2"].status == "missing"
    assert sheet.items["1.2"].points == D(0)


def test_drop_policy_rescales_the_total_over_applicable_items():
    sheet = score(answers(), policy="drop")
    # raw 8 + 10 + 4 + 12.5 = 34.5 of 50 applicable points, rescaled to 100 -> 69
    assert sheet.total == D("69.00")


def test_all_applicable_gives_the_plain_sum():
    sheet = score(answers(**{"2.3": Answer(score=D(30))}))
    assert sheet.total == D("64.50")  # 8 + 10 + 4 + 12.5 + 30


def test_higher_is_better_linear_item():
    tree = [
        node(1, "1", "group", weight=100),
        node(
            2,
            "1.1",
            "quantitative",
            1,
            requirement="optional",
            max_points=D(8),
            direction="higher",
            benchmark=D(10),
            leading=D(30),
        ),
    ]
    for value, expected in [(25, "6.00"), (10, "0.00"), (5, "0.00"), (30, "8.00"), (99, "8.00")]:
        sheet = score_application(tree, {"1.1": Answer(value=D(value))}, na_policy="redistribute")
        assert sheet.total == D(expected), value


@pytest.mark.parametrize("bad", [D(-5)])
def test_negative_self_score_counts_as_zero(bad):
    sheet = score(answers(**{"1.2": Answer(score=bad)}))
    assert sheet.items["1.2"].points == D(0)
