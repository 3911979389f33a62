"""Properties of the ranking rule (``recognition/ranking.py``) over random candidates: nobody at
or below the threshold is admitted, never more than the quota is proposed, and the order is
total: the same candidates in any input order give the same list."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenfactory.recognition.ranking import Candidate, from_sheets, rank

# No database: deselected from the PostgreSQL run (pyproject, .ci/run).
pytestmark = pytest.mark.no_database

FAST = settings(max_examples=150, deadline=None, database=None)

score = st.decimals(min_value=60, max_value=80, places=1)  # narrow, so ties are common
when = st.none() | st.integers(0, 5).map(
    lambda minutes: datetime(2026, 5, 1, 9, tzinfo=UTC) + timedelta(minutes=minutes)
)
expert_sheet = st.fixed_dictionaries(
    {
        "gate_failures": st.lists(st.sampled_from(["0.1", "0.2"]), max_size=1),
        "unmet_required": st.lists(st.sampled_from(["1.1", "2.3"]), max_size=1),
        "subtotals": st.dictionaries(
            st.just("3"), st.decimals(min_value=0, max_value=20, places=1).map(str)
        ),
    }
)


@st.composite
def candidates(draw):
    codes = draw(st.lists(st.text("ABCDEFGH", min_size=4, max_size=4), max_size=12, unique=True))
    return [
        Candidate(
            application_id=index,
            code=code,
            state=draw(st.sampled_from(["reviewed", "expert_review"])),
            reviewed=draw(st.booleans() | st.just(True)),
            score=draw(st.none() | score),
            rule=draw(st.sampled_from(["mean", "median", "trimmed_mean"])),
            submitted_at=draw(when),
            **from_sheets(draw(st.lists(expert_sheet, max_size=3))),
        )
        for index, code in enumerate(codes)
    ]


rules = st.fixed_dictionaries(
    {
        "threshold": score,
        "quota": st.integers(0, 8),
        "tie_break": st.sampled_from(["part_then_submission", "submission"]),
        "tie_break_part": st.sampled_from(["", "3"]),
    }
)


@FAST
@given(candidates(), rules)
def test_nobody_at_or_below_the_threshold_and_never_more_than_the_quota(people, rule):
    placed = rank(people, **rule)
    assert sorted(p.candidate.code for p in placed) == sorted(c.code for c in people)
    eligible = [p for p in placed if p.eligible]
    for item in eligible:
        assert item.candidate.reviewed and item.candidate.score is not None
        assert item.candidate.score > rule["threshold"]
    proposed = [p for p in placed if p.proposed]
    assert len(proposed) == min(rule["quota"], len(eligible))
    assert proposed == eligible[: len(proposed)]
    assert [p.position for p in eligible] == list(range(1, len(eligible) + 1))
    assert all(p.position is None and not p.proposed for p in placed if not p.eligible)
    assert placed[: len(eligible)] == eligible
    assert [p.candidate.score for p in eligible] == sorted(
        (p.candidate.score for p in eligible), reverse=True
    )


@FAST
@given(candidates(), rules, st.randoms(use_true_random=False))
def test_the_order_does_not_depend_on_the_input_order(people, rule, random):
    shuffled = list(people)
    random.shuffle(shuffled)
    first = [(p.candidate.code, p.eligible, p.position, p.proposed) for p in rank(people, **rule)]
    second = [
        (p.candidate.code, p.eligible, p.position, p.proposed) for p in rank(shuffled, **rule)
    ]
    assert first == second
