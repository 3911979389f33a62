"""Scoring an application against an indicator system: one pure function, no database.

Rules (DOMAIN §4):
- a basic requirement (gate) not met vetoes the application (一票否决);
- a required item not met scores the version's ``unmet_required_points`` and makes the
  application ineligible;
- a qualitative item scores what was given, bounded by its maximum;
- a quantitative item scores by graded bands, or linearly between its benchmark (0 points) and
  its leading value (full points), clamped to [0, maximum];
- a not-applicable item's points go pro rata to its applicable siblings (and a wholly
  not-applicable group's to its parent's other children), or, under the "drop" policy, the
  total is rescaled over the applicable items.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .enums import Direction, IndicatorKind, NotApplicablePolicy, Requirement

ZERO = Decimal(0)
CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Answer:
    """What is known about one indicator for one application."""

    not_applicable: bool = False
    met: bool | None = None  # gates and required items
    score: Decimal | None = None  # qualitative items
    value: Decimal | None = None  # quantitative items (typed, or computed from data)


@dataclass
class ItemResult:
    code: str
    max_points: Decimal  # after redistribution
    points: Decimal
    status: str  # "scored", "not_applicable", "missing", "unmet", "gate_passed", "gate_failed"
    note: str = ""


@dataclass
class ScoreSheet:
    total: Decimal
    subtotals: dict[str, Decimal]
    items: dict[str, ItemResult]
    gate_failures: list[str] = field(default_factory=list)
    unmet_required: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not (self.gate_failures or self.unmet_required or self.missing)


def quantitative_fraction(indicator, value: Decimal) -> tuple[Decimal, str]:
    """The share of the item's points a measured value earns, and how it was reached."""
    maximum = Decimal(indicator.max_points or 0)
    if indicator.bands:
        lower_better = indicator.direction == Direction.LOWER
        earned = ZERO
        for band in indicator.bands:
            points = Decimal(str(band["points"]))
            if lower_better and value <= Decimal(str(band["max"])):
                earned = max(earned, points)
            if not lower_better and value >= Decimal(str(band["min"])):
                earned = max(earned, points)
        return (min(earned, maximum) / maximum if maximum else ZERO), "bands"
    benchmark, leading = Decimal(indicator.benchmark), Decimal(indicator.leading)
    if indicator.direction == Direction.LOWER:
        fraction = (benchmark - value) / (benchmark - leading)
    else:
        fraction = (value - benchmark) / (leading - benchmark)
    return min(max(fraction, ZERO), Decimal(1)), "linear"


def _raw_points(indicator, answer: Answer, unmet_points: Decimal, sheet: ScoreSheet):
    """Points before redistribution, and the item's status."""
    maximum = Decimal(indicator.max_points or 0)
    required = indicator.requirement == Requirement.REQUIRED
    if required and answer.met is False:
        sheet.unmet_required.append(indicator.code)
        return min(unmet_points, maximum), "unmet", ""
    if indicator.kind == IndicatorKind.QUANTITATIVE:
        if answer.value is None:
            if required:
                sheet.missing.append(indicator.code)
            return ZERO, "missing", ""
        fraction, how = quantitative_fraction(indicator, Decimal(answer.value))
        return maximum * fraction, "scored", how
    if answer.score is None:
        if required:
            sheet.missing.append(indicator.code)
        return ZERO, "missing", ""
    return min(max(Decimal(answer.score), ZERO), maximum), "scored", ""


def score_application(
    indicators: Iterable, answers: Mapping[str, Answer], *, na_policy: str, unmet_points=ZERO
) -> ScoreSheet:
    """Score one application. ``indicators`` are the system's nodes (any order) with
    ``pk``, ``parent_id``, ``code``, ``kind``, ``level`` and the scoring fields."""
    nodes = list(indicators)
    children = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    sheet = ScoreSheet(total=ZERO, subtotals={}, items={})
    unmet_points = Decimal(unmet_points)
    empty = Answer()

    nominal: dict = {}  # pk -> nominal maximum of the subtree (scored leaves only)
    applicable: dict = {}  # pk -> whether anything in the subtree is applicable
    raw: dict = {}  # leaf pk -> raw points

    def walk(node) -> None:
        answer = answers.get(node.code, empty)
        if node.kind == IndicatorKind.GATE:
            status = {True: "gate_passed", False: "gate_failed"}.get(answer.met, "missing")
            if answer.met is False:
                sheet.gate_failures.append(node.code)
            elif answer.met is None:
                sheet.missing.append(node.code)
            sheet.items[node.code] = ItemResult(node.code, ZERO, ZERO, status)
            nominal[node.pk], applicable[node.pk] = ZERO, False
            return
        if node.kind in (IndicatorKind.QUALITATIVE, IndicatorKind.QUANTITATIVE):
            nominal[node.pk] = Decimal(node.max_points or 0)
            if answer.not_applicable and node.allow_na:
                applicable[node.pk] = False
                sheet.items[node.code] = ItemResult(node.code, ZERO, ZERO, "not_applicable")
                return
            points, status, how = _raw_points(node, answer, unmet_points, sheet)
            raw[node.pk] = points
            applicable[node.pk] = True
            sheet.items[node.code] = ItemResult(node.code, nominal[node.pk], points, status, how)
            return
        for child in children[node.pk]:
            walk(child)
        nominal[node.pk] = sum((nominal[c.pk] for c in children[node.pk]), ZERO)
        applicable[node.pk] = any(applicable[c.pk] for c in children[node.pk])

    roots = children[None]
    for root in roots:
        walk(root)

    def scale_down(node, scale: Decimal) -> None:
        kids = [c for c in children[node.pk] if c.kind != IndicatorKind.GATE]
        if not kids:
            if node.pk in raw:
                item = sheet.items[node.code]
                item.max_points = rounded(nominal[node.pk] * scale)
                item.points = raw[node.pk] * scale
            return
        live = [c for c in kids if applicable[c.pk]]
        live_nominal = sum((nominal[c.pk] for c in live), ZERO)
        factor = scale
        if na_policy == NotApplicablePolicy.REDISTRIBUTE and live_nominal:
            factor = scale * nominal[node.pk] / live_nominal
        for child in live:
            scale_down(child, factor)

    scored_roots = [r for r in roots if r.kind != IndicatorKind.GATE and nominal[r.pk]]
    root_nominal = sum((nominal[r.pk] for r in scored_roots), ZERO)
    live_roots = [r for r in scored_roots if applicable[r.pk]]
    live_nominal = sum((nominal[r.pk] for r in live_roots), ZERO)
    root_scale = root_nominal / live_nominal if live_nominal else Decimal(1)
    for root in live_roots:
        scale_down(
            root, root_scale if na_policy == NotApplicablePolicy.REDISTRIBUTE else Decimal(1)
        )
    if na_policy == NotApplicablePolicy.DROP and live_nominal:
        leaf_live = sum((nominal[pk] for pk in raw), ZERO)
        drop_scale = root_nominal / leaf_live if leaf_live else Decimal(1)
        for node in nodes:
            if node.pk in raw:
                item = sheet.items[node.code]
                item.points = raw[node.pk] * drop_scale
                item.max_points = rounded(nominal[node.pk] * drop_scale)

    by_pk = {node.pk: node for node in nodes}

    def aspect_of(node):
        while node.parent_id is not None:
            node = by_pk[node.parent_id]
        return node

    subtotals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for node in nodes:
        if node.pk in raw:
            subtotals[aspect_of(node).code] += sheet.items[node.code].points
    for item in sheet.items.values():
        item.points = rounded(item.points)
    sheet.subtotals = {code: rounded(value) for code, value in subtotals.items()}
    sheet.total = rounded(sum(subtotals.values(), ZERO))
    return sheet
