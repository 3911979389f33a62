"""The ranking rule, as pure functions on plain values (no database).

An application is eligible when it reached the end of the expert review, a majority of its
experts found every basic requirement (gate) met and every required item met, and its final
score is strictly above the batch's threshold. Eligible applications are ordered by final score;
equal scores by the batch's tie-break (the higher subtotal of a named part, then the earlier
submission), and last by application code, so the order is total and the same input always
gives the same list. The first ``quota`` are proposed. The applications that are not eligible
follow, by score and then by code, so their order does not depend on the input's either.

Every application carries its reasons as data (a code and the figures), so the page can say
"67.50 ≤ 70.00" or "rank 23 of 31 eligible" in the reader's language.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from greenfactory.programme.enums import TieBreak, TitleGrade
from greenfactory.reviews.domain.aggregation import aggregate

# Reason codes; their wording lives in ``domain/ranking_queries.reason_text``.
NOT_REVIEWED = "not_reviewed"
GATE_FAILED = "gate_failed"
REQUIRED_UNMET = "required_unmet"
AT_OR_BELOW_THRESHOLD = "at_or_below_threshold"
WITHIN_QUOTA = "within_quota"
OUTSIDE_QUOTA = "outside_quota"
TIE_BROKEN = "tie_broken"
CARBON_STATUS_UNMET = "carbon_status_unmet"


@dataclass(frozen=True)
class Candidate:
    """What the rule needs to know of one application. Of its experts' sheets it needs only how
    many there were, the items they listed as unmet (each code once per sheet listing it) and
    each sheet's subtotals by part; ``from_sheets`` reads them from the sheets themselves."""

    application_id: int
    code: str
    state: str
    reviewed: bool
    score: Decimal | None
    rule: str
    submitted_at: datetime | None
    expert_count: int = 0
    gate_failures: Sequence[str] = ()
    unmet_required: Sequence[str] = ()
    subtotals: Sequence[Mapping[str, str]] = ()
    # A zero-carbon batch's applications: the status the carbon status rule gives the
    # enterprise (decisions §78); only a grade (零碳 / 近零碳) may be proposed. Empty: not graded.
    carbon_status: str = ""


def from_sheets(sheets: Sequence[Mapping]) -> dict:
    """The expert fields of a ``Candidate`` from the experts' sheets as ``ExpertResult.totals``
    stores them (the database reads the same fields from the stored JSON itself)."""
    return {
        "expert_count": len(sheets),
        "gate_failures": [code for sheet in sheets for code in sheet.get("gate_failures", ())],
        "unmet_required": [code for sheet in sheets for code in sheet.get("unmet_required", ())],
        "subtotals": [sheet["subtotals"] for sheet in sheets if "subtotals" in sheet],
    }


@dataclass
class Placed:
    candidate: Candidate
    eligible: bool = False
    position: int | None = None
    proposed: bool = False
    tie_value: Decimal | None = None
    reasons: list[dict] = field(default_factory=list)


def majority_unmet(codes: Sequence[str], experts: int) -> list[str]:
    """The codes listed by more than half of the ``experts`` (``codes`` holds each code once per
    expert who listed it)."""
    if not codes:
        return []
    return sorted(code for code, n in Counter(codes).items() if n * 2 > experts)


def tie_value(candidate: Candidate, part: str) -> Decimal | None:
    """The experts' subtotals of ``part``, aggregated by the same rule as the score."""
    values = [Decimal(subtotals[part]) for subtotals in candidate.subtotals if part in subtotals]
    if not values:
        return None
    return aggregate(values, candidate.rule)[0]


def rank(
    candidates: Iterable[Candidate],
    *,
    threshold: Decimal,
    quota: int,
    tie_break: str,
    tie_break_part: str = "",
) -> list[Placed]:
    """Every candidate placed, eligible ones first in rank order, then the others."""
    placed = [Placed(candidate) for candidate in candidates]
    use_part = tie_break == TieBreak.PART_THEN_SUBMISSION and bool(tie_break_part)
    eligible = []
    for item in placed:
        c = item.candidate
        if not c.reviewed or c.score is None:
            item.reasons.append({"code": NOT_REVIEWED, "state": c.state})
            continue
        gates = majority_unmet(c.gate_failures, c.expert_count)
        required = majority_unmet(c.unmet_required, c.expert_count)
        if gates:
            item.reasons.append({"code": GATE_FAILED, "items": gates})
        if required:
            item.reasons.append({"code": REQUIRED_UNMET, "items": required})
        if c.carbon_status and c.carbon_status not in TitleGrade.values:
            item.reasons.append({"code": CARBON_STATUS_UNMET, "status": c.carbon_status})
        if c.score <= threshold:
            item.reasons.append(
                {"code": AT_OR_BELOW_THRESHOLD, "score": str(c.score), "threshold": str(threshold)}
            )
        if use_part:
            item.tie_value = tie_value(c, tie_break_part)
        if not item.reasons:
            item.eligible = True
            eligible.append(item)

    def order(item: Placed):
        c = item.candidate
        tie = item.tie_value if (use_part and item.tie_value is not None) else Decimal(-1)
        submitted = c.submitted_at.timestamp() if c.submitted_at else float("inf")
        return (-c.score, -tie if use_part else 0, submitted, c.code)

    eligible.sort(key=order)
    scores = Counter(item.candidate.score for item in eligible)
    total = len(eligible)
    for position, item in enumerate(eligible, start=1):
        item.position = position
        item.proposed = position <= quota
        item.reasons.append(
            {
                "code": WITHIN_QUOTA if item.proposed else OUTSIDE_QUOTA,
                "rank": position,
                "eligible": total,
                "quota": quota,
            }
        )
        tied = scores[item.candidate.score] - 1
        if tied:
            item.reasons.append(
                {
                    "code": TIE_BROKEN,
                    "others": tied,
                    "by": "part" if use_part else "submission",
                    "part": tie_break_part if use_part else "",
                }
            )
    others = [item for item in placed if not item.eligible]
    others.sort(
        key=lambda item: (
            item.candidate.score is None,
            -(item.candidate.score or 0),
            item.candidate.code,
        )
    )
    return eligible + others
