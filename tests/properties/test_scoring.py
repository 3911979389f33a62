"""Properties of the programme's scoring (``programme/scoring.py``) over random indicator trees
and random answers: every item's points stay within [0, its maximum], the total within [0, the
system's maximum], and a failed basic requirement always vetoes."""

from decimal import Decimal
from itertools import count
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.programme.scoring import Answer, score_application

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

FAST = settings(max_examples=100, deadline=None, database=None)
CENT = Decimal("0.01")

points = st.decimals(min_value=0, max_value=50, places=1)
values = st.decimals(min_value=-(10**6), max_value=10**6, places=3)
scores = st.decimals(min_value=-100, max_value=200, places=2)
direction = st.sampled_from(["higher", "lower"])


def node(pk, code, kind, parent, **fields):
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


@st.composite
def linear(draw):
    benchmark = draw(values)
    leading = draw(values.filter(lambda v: v != benchmark))
    return {"benchmark": benchmark, "leading": leading, "direction": draw(direction)}


@st.composite
def banded(draw):
    bands = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "min": st.floats(-100, 100),
                    "max": st.floats(-100, 100),
                    "points": st.floats(-5, 80),
                }
            ),
            min_size=1,
            max_size=4,
        )
    )
    return {"bands": bands, "direction": draw(direction)}


@st.composite
def leaf_fields(draw):
    kind = draw(st.sampled_from(["gate", "qualitative", "quantitative"]))
    if kind == "gate":
        return kind, {}
    fields = {
        "max_points": draw(points),
        "requirement": draw(st.sampled_from(["required", "optional"])),
        "allow_na": draw(st.booleans()),
    }
    if kind == "quantitative":
        fields.update(draw(st.one_of(linear(), banded())))
    return kind, fields


@st.composite
def trees(draw):
    """Up to four aspects (or gates at the top), each with leaves and sub-groups of leaves."""
    pks = count(1)
    nodes = []

    def add_leaf(parent, code):
        kind, fields = draw(leaf_fields())
        nodes.append(node(next(pks), code, kind, parent, **fields))

    for a in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 5)) == 0:
            nodes.append(node(next(pks), f"g{a}", "gate", None))
            continue
        aspect = next(pks)
        nodes.append(node(aspect, f"{a}", "group", None))
        for b in range(draw(st.integers(1, 4))):
            if draw(st.booleans()):
                group = next(pks)
                nodes.append(node(group, f"{a}.{b}", "group", aspect))
                for c in range(draw(st.integers(1, 3))):
                    add_leaf(group, f"{a}.{b}.{c}")
            else:
                add_leaf(aspect, f"{a}.{b}")
    return nodes


@st.composite
def answer_for(draw, indicator):
    return Answer(
        not_applicable=draw(st.booleans()) if indicator.allow_na else False,
        met=draw(st.sampled_from([True, True, True, False, None])),
        score=draw(st.none() | scores),
        value=draw(st.none() | values),
    )


@st.composite
def cases(draw):
    tree = draw(trees())
    leaves = [n for n in tree if n.kind != "group"]
    answers = {n.code: draw(answer_for(n)) for n in leaves if draw(st.integers(0, 9))}
    policy = draw(st.sampled_from(["redistribute", "drop"]))
    unmet = draw(st.decimals(min_value=0, max_value=10, places=2))
    return tree, answers, policy, unmet


def system_maximum(tree) -> Decimal:
    return sum(
        (n.max_points for n in tree if n.kind in ("qualitative", "quantitative")), Decimal(0)
    )


@FAST
@given(cases())
def test_every_item_and_the_total_stay_within_their_bounds(case):
    tree, answers, policy, unmet = case
    sheet = score_application(tree, answers, na_policy=policy, unmet_points=unmet)
    for item in sheet.items.values():
        assert Decimal(0) <= item.points <= item.max_points, item
    assert Decimal(0) <= sheet.total <= system_maximum(tree)
    assert sum(sheet.subtotals.values(), Decimal(0)) - sheet.total <= CENT * len(sheet.subtotals)


@FAST
@given(cases())
def test_a_failed_basic_requirement_always_vetoes(case):
    tree, answers, policy, unmet = case
    sheet = score_application(tree, answers, na_policy=policy, unmet_points=unmet)
    failed = sorted(
        n.code for n in tree if n.kind == "gate" and answers.get(n.code, Answer()).met is False
    )
    assert sorted(sheet.gate_failures) == failed
    if failed:
        assert not sheet.eligible


@FAST
@given(cases())
def test_not_applicable_points_are_redistributed_not_lost(case):
    """Under "redistribute", full marks on every applicable item reach the system's maximum
    whatever is declared not applicable (so long as something is applicable)."""
    tree, _answers, _policy, _unmet = case
    full = {}
    for n in tree:
        if n.kind == "qualitative":
            full[n.code] = Answer(met=True, score=n.max_points)
        elif n.kind == "quantitative" and not n.bands:
            full[n.code] = Answer(met=True, value=n.leading)
    banded_items = any(n.kind == "quantitative" and n.bands for n in tree)
    sheet = score_application(tree, full, na_policy="redistribute")
    if not banded_items:
        assert abs(sheet.total - system_maximum(tree)) <= CENT * len(tree)


@FAST
@given(linear(), st.decimals(min_value=0, max_value=50, places=1), values)
def test_linear_interpolation_is_clamped_for_any_values_and_direction(fields, maximum, value):
    tree = [
        node(1, "1", "group", None),
        node(2, "1.1", "quantitative", 1, max_points=maximum, requirement="optional", **fields),
    ]
    sheet = score_application(tree, {"1.1": Answer(value=value)}, na_policy="redistribute")
    assert Decimal(0) <= sheet.items["1.1"].points <= maximum
    at_leading = score_application(
        tree, {"1.1": Answer(value=fields["leading"])}, na_policy="redistribute"
    )
    at_benchmark = score_application(
        tree, {"1.1": Answer(value=fields["benchmark"])}, na_policy="redistribute"
    )
    assert at_benchmark.total == 0
    assert at_leading.total == maximum.quantize(CENT)
