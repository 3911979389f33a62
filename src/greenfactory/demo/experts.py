"""The demo's expert pool, and experts' scores derived from the enterprise's own answers."""

import random
from decimal import ROUND_HALF_UP, Decimal

from greenfactory.accounts.domain.accounts import grant_role
from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Industry, Region, User
from greenfactory.reviews.domain.expert import assign_experts, save_expert_profile
from greenfactory.reviews.domain.expert_scores import (
    expert_fields,
    save_expert_scores,
)

from .passwords import unknown_password

EXPERTS = [
    ("expert-01", "吴", "建华", ["26", "29"], "320402"),
    ("expert-02", "郑", "立新", ["34", "35"], "320404"),
    ("expert-03", "冯", "晓燕", ["38", "39"], "320411"),
    ("expert-04", "陈", "国强", ["30", "31", "32"], "320481"),
    ("expert-05", "褚", "明", ["17", "18", "22"], "320413"),
]


def create_expert_pool(*, secadmin, city) -> list:
    """Five pool experts with profiles, plus the profile of the demo login ``expert``."""
    regions = {region.code: region for region in Region.objects.filter(level="district")}
    industries = {industry.code: industry for industry in Industry.objects.all()}
    pool = []
    for username, family, given, divisions, district in EXPERTS:
        user = User(username=username, last_name=family, first_name=given)
        user.set_password(unknown_password())
        user.save()
        user = grant_role(user, actor=secadmin, role=Role.EXPERT)
        save_expert_profile(
            user,
            actor=city,
            data={
                "district": regions[district],
                "max_concurrent": 6,
                "employer": "常州市节能监察中心",
            },
            specialties=[industries[d] for d in divisions],
        )
        pool.append(user)
    save_expert_profile(
        User.objects.get(username="expert"),
        actor=city,
        data={"max_concurrent": 6, "employer": "江苏省绿色制造研究院"},
        specialties=[industries["34"], industries["26"]],
    )
    return pool


def expert_inputs(application) -> tuple[dict, list]:
    """What an expert's demo scores are made from: the enterprise's answers by indicator and
    the indicators scored; read once for all the experts of an application."""
    answers = {row.indicator_id: row for row in application.self_evaluations.all()}
    indicators = list(application.batch.indicator_system.indicators.exclude(kind="group"))
    return answers, indicators


def score_as_expert(
    assignment, *, rng: random.Random, shift: float = 0, unmet=(), inputs=None
) -> None:
    """Score every indicator near the enterprise's own score (moved by ``shift`` points per
    item on average), mark the items in ``unmet`` as not met, and submit (one save that
    submits). ``inputs``: ``expert_inputs`` of the application, when already read."""
    answers, indicators = inputs or expert_inputs(assignment.application)
    scores = {}
    for indicator in indicators:
        fields = expert_fields(indicator)
        answer = answers.get(indicator.pk)
        values = {"comment": ""}
        if "met" in fields:
            values["met"] = indicator.code not in unmet
        if "score" in fields:
            own = answer.score if answer and answer.score is not None else Decimal(0)
            varied = own + Decimal(str(rng.choice([-1, -0.5, 0, 0, 0.5]) + shift))
            varied = min(max(varied, Decimal(0)), indicator.max_points)
            values["score"] = varied.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if "value" in fields:
            values["value"] = (
                answer.value
                if answer and answer.value is not None
                else (indicator.benchmark or Decimal(0))
            )
        scores[indicator] = values
    expert = assignment.expert
    save_expert_scores(assignment, actor=expert, scores=scores, submit=True)


def demo_expert_review(application) -> None:
    """Five experts on one audited application, four of whom have scored. The demo login
    ``expert`` is the fifth and scores it in the browser."""
    city = User.objects.get(username="city")
    demo_expert = User.objects.get(username="expert")
    pool = list(User.objects.filter(username__in=[e[0] for e in EXPERTS[:4]]).order_by("username"))
    assignments = assign_experts(application, [demo_expert, *pool], actor=city)
    rng = random.Random(2026)  # noqa: S311  (reproducible demo scores)
    inputs = expert_inputs(application)
    for assignment in assignments:
        if assignment.expert_id != demo_expert.pk:
            score_as_expert(assignment, rng=rng, inputs=inputs)
