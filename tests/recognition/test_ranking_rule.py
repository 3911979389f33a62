"""The ranking rule on hand-made batches (pure: no database)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from greenfactory.programme.enums import TieBreak
from greenfactory.recognition import ranking as rule

T0 = datetime(2019, 7, 1, 9, 0, tzinfo=UTC)


def sheet(subtotal="10", gates=(), required=()):
    return {
        "total": "0",
        "subtotals": {"6": subtotal},
        "gate_failures": list(gates),
        "unmet_required": list(required),
    }


def candidate(code, score, *, minutes=0, experts=None, state="reviewed", tie="10"):
    return rule.Candidate(
        application_id=hash(code) % 10_000,
        code=code,
        state=state,
        reviewed=state == "reviewed",
        score=None if score is None else Decimal(score),
        rule="mean",
        submitted_at=T0 + timedelta(minutes=minutes),
        **rule.from_sheets(experts if experts is not None else [sheet(tie)] * 3),
    )


def ranked(candidates, threshold="70", quota=20, tie_break=TieBreak.SUBMISSION, part=""):
    return rule.rank(
        candidates,
        threshold=Decimal(threshold),
        quota=quota,
        tie_break=tie_break,
        tie_break_part=part,
    )


def by_code(placed):
    return {item.candidate.code: item for item in placed}


def test_exactly_the_threshold_is_excluded_and_one_hundredth_above_is_eligible():
    placed = by_code(ranked([candidate("A", "70.00"), candidate("B", "70.01")]))
    assert not placed["A"].eligible
    assert placed["A"].reasons == [
        {"code": rule.AT_OR_BELOW_THRESHOLD, "score": "70.00", "threshold": "70"}
    ]
    assert placed["B"].eligible
    assert placed["B"].position == 1
    assert placed["B"].proposed


def test_twenty_one_eligible_for_a_quota_of_twenty():
    candidates = [candidate(f"C{i:02d}", str(95 - i)) for i in range(21)]
    placed = ranked(candidates)
    assert [item.position for item in placed] == list(range(1, 22))
    assert sum(item.proposed for item in placed) == 20
    last = placed[-1]
    assert last.candidate.code == "C20"
    assert not last.proposed
    assert last.reasons == [{"code": rule.OUTSIDE_QUOTA, "rank": 21, "eligible": 21, "quota": 20}]
    assert placed[19].reasons == [
        {"code": rule.WITHIN_QUOTA, "rank": 20, "eligible": 21, "quota": 20}
    ]


def test_a_tie_at_the_cut_off_is_broken_by_the_earlier_submission():
    candidates = [candidate(f"C{i:02d}", str(99 - i)) for i in range(19)]
    candidates += [candidate("LATE", "75", minutes=30), candidate("EARLY", "75", minutes=5)]
    placed = by_code(ranked(candidates))
    assert placed["EARLY"].position == 20
    assert placed["EARLY"].proposed
    assert placed["LATE"].position == 21
    assert not placed["LATE"].proposed
    assert {"code": rule.TIE_BROKEN, "others": 1, "by": "submission", "part": ""} in placed[
        "LATE"
    ].reasons


def test_a_tie_is_broken_by_the_part_subtotal_before_the_submission_time():
    candidates = [
        candidate("FIRST-IN", "80", minutes=1, tie="12"),
        candidate("BETTER-PART", "80", minutes=50, tie="14.5"),
    ]
    placed = ranked(candidates, tie_break=TieBreak.PART_THEN_SUBMISSION, part="6", quota=1)
    assert [item.candidate.code for item in placed] == ["BETTER-PART", "FIRST-IN"]
    assert placed[0].tie_value == Decimal("14.50")
    assert placed[0].proposed and not placed[1].proposed
    assert placed[1].reasons[-1] == {
        "code": rule.TIE_BROKEN,
        "others": 1,
        "by": "part",
        "part": "6",
    }


def test_equal_everything_falls_back_to_the_application_code():
    placed = ranked([candidate("B", "80"), candidate("A", "80")])
    assert [item.candidate.code for item in placed] == ["A", "B"]


def test_a_top_score_with_an_unmet_required_item_is_excluded():
    experts = [sheet(required=["2.3"]), sheet(required=["2.3"]), sheet()]
    placed = by_code(ranked([candidate("TOP", "98", experts=experts), candidate("B", "80")]))
    assert not placed["TOP"].eligible
    assert placed["TOP"].reasons == [{"code": rule.REQUIRED_UNMET, "items": ["2.3"]}]
    assert placed["B"].position == 1


def test_an_item_unmet_for_a_minority_of_experts_does_not_exclude():
    experts = [sheet(gates=["0.2"]), sheet(), sheet()]
    placed = ranked([candidate("A", "85", experts=experts)])
    assert placed[0].eligible


def test_a_failed_gate_by_majority_excludes_and_every_reason_is_listed():
    experts = [sheet(gates=["0.2"]), sheet(gates=["0.2"])]
    placed = ranked([candidate("A", "60", experts=experts)])
    assert placed[0].reasons == [
        {"code": rule.GATE_FAILED, "items": ["0.2"]},
        {"code": rule.AT_OR_BELOW_THRESHOLD, "score": "60", "threshold": "70"},
    ]


def test_applications_without_a_review_result_are_shown_but_not_ranked():
    placed = ranked([candidate("R", None, state="district_rejected"), candidate("A", "80")])
    assert placed[0].candidate.code == "A"
    assert placed[1].reasons == [{"code": rule.NOT_REVIEWED, "state": "district_rejected"}]
    assert placed[1].position is None


def test_threshold_and_quota_are_the_batch_s():
    candidates = [candidate(f"C{i}", str(s)) for i, s in enumerate([85, 80, 76, 74, 72])]
    placed = ranked(candidates, threshold="75", quota=2)
    assert [item.eligible for item in placed] == [True, True, True, False, False]
    assert [item.proposed for item in placed] == [True, True, False, False, False]
    placed = ranked(candidates, threshold="60", quota=4)
    assert [item.proposed for item in placed] == [True, True, True, True, False]


def test_a_zero_carbon_candidate_of_neither_grade_is_not_eligible_and_the_quota_moves_on():
    """Decisions §78: only a 零碳 or 近零碳 factory may be proposed; the next graded one takes
    the place. A candidate without a carbon status (a green factory's batch) is not graded."""
    top = replace(candidate("A", "95"), carbon_status="not_yet")
    second = replace(candidate("B", "90"), carbon_status="near_zero")
    third = replace(candidate("C", "85"), carbon_status="zero")
    placed = by_code(ranked([top, second, third], quota=1))
    assert not placed["A"].eligible and not placed["A"].proposed
    assert placed["A"].reasons == [{"code": rule.CARBON_STATUS_UNMET, "status": "not_yet"}]
    assert (placed["B"].position, placed["B"].proposed) == (1, True)
    assert (placed["C"].position, placed["C"].proposed) == (2, False)
    assert by_code(ranked([candidate("D", "95")]))["D"].proposed
