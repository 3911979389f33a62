"""What `candidates_of` reads in SQL from each stored `ExpertResult` (the experts counted, the
items they listed, their subtotals) is what the rule would read from the sheets themselves, and
`compute_ranking` stores exactly the rule's answer: on SQLite and on PostgreSQL alike."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from greenfactory.applications.models import Application
from greenfactory.recognition import ranking as rule
from greenfactory.recognition.domain.ranking import compute_ranking
from greenfactory.recognition.domain.ranking_queries import candidates_of
from greenfactory.reviews.models import ExpertResult
from tests.factories import BatchFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def sheet(subtotals=None, gates=(), required=(), *, drop=()):
    found = {
        "expert": "x",
        "total": "80",
        "eligible": True,
        "subtotals": {"1": "20.00", "3": "9.50"} if subtotals is None else subtotals,
        "gate_failures": list(gates),
        "unmet_required": list(required),
    }
    return {key: value for key, value in found.items() if key not in drop}


# (state, score, sheets); a score of None with sheets is a result without a score, and no
# sheets at all an application without a result.
APPLICATIONS = [
    ("reviewed", "88.00", [sheet(gates=["0.2"]), sheet(gates=["0.2", "0.1"]), sheet()]),
    ("reviewed", "86.00", [sheet(gates=["0.1"]), sheet(), sheet()]),
    (
        "reviewed",
        "84.00",
        [sheet(required=["2.3", "1.1"]), sheet(required=["2.3"]), sheet(required=["2.3"]), sheet()],
    ),
    ("reviewed", "84.00", [sheet(required=["1.1"]), sheet(required=["1.1"]), sheet(), sheet()]),
    ("reviewed", "82.00", [sheet({"3": "12.00"}), sheet({"3": "11.00"}), sheet({"1": "1"})]),
    ("reviewed", "82.00", [sheet({"3": "12.00"}), sheet(drop=["subtotals"]), sheet({"3": "10"})]),
    ("reviewed", "82.00", [sheet({"1": "30"}), sheet(drop=["gate_failures", "unmet_required"])]),
    ("reviewed", "82.00", [sheet({"3": "13.25"}), sheet({"3": "8.75"}), sheet({"3": "9.50"})]),
    ("reviewed", "81.00", []),
    ("reviewed", "70.00", [sheet(), sheet(), sheet()]),
    ("reviewed", None, [sheet(), sheet(), sheet()]),
    ("district_rejected", None, None),
    ("withdrawn", None, None),
]


def batch_of(tie_break, tie_break_part=""):
    batch = BatchFactory(
        state="in_review", quota=3, tie_break=tie_break, tie_break_part=tie_break_part
    )
    start = timezone.now() - timedelta(days=60)
    for index, (state, score, sheets) in enumerate(APPLICATIONS):
        application = Application.objects.create(
            batch=batch,
            enterprise=EnterpriseFactory(),
            state=state,
            submitted_at=None if index == 6 else start + timedelta(hours=len(APPLICATIONS) - index),
        )
        if sheets is not None:
            ExpertResult.objects.create(
                application=application,
                score=None if score is None else Decimal(score),
                rule="median" if index == 7 else "mean",
                expert_count=len(sheets),
                totals=sheets,
            )
    return batch


def from_the_sheets(batch) -> list[rule.Candidate]:
    """The candidates as the rule reads them from the whole decoded sheets."""
    applications = batch.applications.select_related("expert_result").order_by("pk")
    candidates = []
    for application in applications:
        result = getattr(application, "expert_result", None)
        candidates.append(
            rule.Candidate(
                application_id=application.pk,
                code=application.code,
                state=application.state,
                reviewed=application.state == "reviewed" and result is not None,
                score=result.score if result else None,
                rule=result.rule if result else "",
                submitted_at=application.submitted_at,
                **rule.from_sheets(result.totals if result else []),
            )
        )
    return candidates


def comparable(candidate: rule.Candidate) -> tuple:
    """The order in which the database lists the codes does not count (the rule counts them)."""
    return (
        candidate.application_id,
        candidate.code,
        candidate.state,
        candidate.reviewed,
        candidate.score,
        candidate.rule,
        candidate.submitted_at,
        candidate.expert_count,
        sorted(candidate.gate_failures),
        sorted(candidate.unmet_required),
        sorted(sorted(subtotals.items()) for subtotals in candidate.subtotals),
    )


def stored(ranking) -> list[tuple]:
    return [
        (e.application_id, e.score, e.tie_value, e.eligible, e.position, e.proposed, e.reasons)
        for e in ranking.entries.order_by("pk")
    ]


def placed_rows(placed) -> list[tuple]:
    return [
        (
            p.candidate.application_id,
            p.candidate.score,
            p.tie_value,
            p.eligible,
            p.position,
            p.proposed,
            p.reasons,
        )
        for p in placed
    ]


def test_the_database_reads_what_the_rule_reads_from_the_sheets():
    batch = batch_of("part_then_submission", "3")
    read = candidates_of(batch)
    expected = from_the_sheets(batch)
    assert [comparable(c) for c in read] == [comparable(c) for c in expected]
    by_code = {c.code: c for c in read}
    first = by_code[batch.applications.order_by("pk")[0].code]
    assert (first.expert_count, sorted(first.gate_failures)) == (3, ["0.1", "0.2", "0.2"])
    assert [c.subtotals for c in read if c.expert_count == 0 and c.score is not None] == [()]


def test_subtotals_are_read_only_when_ties_are_broken_by_a_part():
    batch = batch_of("submission")
    read = candidates_of(batch)
    assert all(c.subtotals == () for c in read)
    assert sum(c.expert_count for c in read) == sum(len(s or ()) for _st, _sc, s in APPLICATIONS)


@pytest.mark.parametrize(
    ("tie_break", "part"),
    [("part_then_submission", "3"), ("part_then_submission", "9"), ("submission", "")],
)
def test_the_stored_entries_are_the_rules_answer_on_the_whole_sheets(city_officer, tie_break, part):
    batch = batch_of(tie_break, part)
    batch.refresh_from_db()
    expected = rule.rank(
        from_the_sheets(batch),
        threshold=batch.pass_threshold,
        quota=batch.quota,
        tie_break=tie_break,
        tie_break_part=part,
    )
    ranking = compute_ranking(batch, actor=city_officer)
    assert stored(ranking) == placed_rows(expected)
    codes = {p.candidate.code: p for p in expected}
    apps = list(batch.applications.order_by("pk"))
    assert codes[apps[0].code].reasons[0] == {"code": rule.GATE_FAILED, "items": ["0.2"]}
    assert codes[apps[2].code].reasons[0] == {"code": rule.REQUIRED_UNMET, "items": ["2.3"]}
    assert codes[apps[1].code].eligible and codes[apps[3].code].eligible
    if part == "3":
        assert codes[apps[7].code].tie_value == Decimal("9.50")
        assert codes[apps[4].code].tie_value == Decimal("11.50")
        assert [p.candidate.code for p in expected[:3]] == [
            apps[1].code,
            apps[3].code,
            apps[4].code,
        ]
    assert ranking.entries.get(application=apps[-2]).reasons == [
        {"code": rule.NOT_REVIEWED, "state": "district_rejected"}
    ]
