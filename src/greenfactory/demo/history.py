"""The demo's past, replayed on its own dates: the 2019 round to designation, the rewards of its
titles, the 2020 round waiting to be ranked, and a provincial title of 2021.

The demo runs every step through the same domain functions as the pages, with the clock set to
the day each step happened (time-machine), so timelines, audit entries and submission times read
as they would have then. ``replay_round`` takes one round (its year, its roster, its dates)
from the batch's creation to the end of its expert review, and on to designation when the
round says so (``demo.recognition``). The 2020 round stops once every application is reviewed:
ranking it, the party group's decision, the notice and designation are left for the city
officer to do.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from greenfactory.accounts.models import User
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.submission import submit_application
from greenfactory.programme.domain.batches import create_batch, move_batch
from greenfactory.programme.enums import (
    AccidentGrade,
    AggregationRule,
    BatchState,
    NoticeDayKind,
    Programme,
    TieBreak,
)
from greenfactory.programme.models import CoefficientTable, IndicatorSystem
from greenfactory.programme.programmes import terms
from greenfactory.reviews.domain.district import (
    recommend_application,
    reject_application,
    save_district_review,
)
from greenfactory.reviews.domain.expert import auto_assign
from greenfactory.reviews.domain.expert_scores import complete_expert_review
from greenfactory.rewards.domain.rates import load_default_rates

from .applications import fill_application
from .carbon import record_carbon_accounts
from .experts import expert_inputs, score_as_expert

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The notice's two contacts for objections, as Jiangsu's notices give them (demo numbers).
NOTICE_BUREAU_CONTACT = "常州市工业和信息化局节能与综合利用处 0519-86001201"
NOTICE_DISCIPLINE_CONTACT = "驻市工信局纪检监察组 0519-86001202"

# Where a round stops: every application reviewed (the batch waits for ranking), or designated.
REVIEWED = "reviewed"
DESIGNATED = "designated"

# (demo username, self-evaluation quality, outcome); outcomes: "reviewed", "required_unmet"
# (a majority of experts find a required item unmet), "rejected" (not recommended).
ROSTER_2019 = [
    ("ent12", 0.86, "reviewed"),
    ("ent14", 0.93, "reviewed"),
    ("ent15", 0.72, "rejected"),
    ("ent16", 0.95, "reviewed"),
    ("ent18", 0.84, "reviewed"),
    ("ent19", 0.78, "reviewed"),
    ("ent20", 0.62, "reviewed"),
    ("ent21", 0.9, "reviewed"),
    ("ent22", 0.97, "required_unmet"),
    ("ent23", 0.81, "reviewed"),
    ("ent24", 0.88, "reviewed"),
    ("ent26", 0.76, "reviewed"),
    ("ent27", 0.58, "reviewed"),
    ("ent28", 0.92, "reviewed"),
    ("ent29", 0.8, "reviewed"),
    ("ent30", 0.85, "reviewed"),
    ("ent31", 0.79, "reviewed"),
    ("ent32", 0.89, "reviewed"),
    ("ent33", 0.74, "reviewed"),
    ("ent34", 0.83, "reviewed"),
    ("ent35", 0.65, "reviewed"),
    ("ent36", 0.91, "reviewed"),
    ("ent37", 0.77, "reviewed"),
    ("ent38", 0.87, "reviewed"),
    ("ent39", 0.82, "reviewed"),
    ("ent40", 0.75, "reviewed"),
    ("ent41", 0.94, "reviewed"),
    ("ent42", 0.8, "reviewed"),
]
# Enterprises without a 2019 title apply again in 2020, most of them having improved.
ROSTER_2020 = [
    ("ent22", 0.95, "reviewed"),
    ("ent37", 0.88, "reviewed"),
    ("ent23", 0.9, "reviewed"),
    ("ent15", 0.84, "reviewed"),
    ("ent09", 0.86, "reviewed"),
    ("ent20", 0.8, "reviewed"),
    ("ent35", 0.83, "required_unmet"),
    ("ent40", 0.9, "reviewed"),
    ("ent27", 0.6, "reviewed"),
    ("ent10", 0.7, "rejected"),
]
UNMET_ITEM = "2.1.1"  # a required item of GB/T 36132-2018 (管理体系: 质量管理体系)


# Who may apply in the 2019 plan's rounds: registered and confirmed, nothing more; the years,
# industry, title and audit conditions came with the 2023 call, and the negative list then
# barred any accident (decisions §51).
RULES_2019 = {
    "min_years_operating": None,
    "industry_sections": "",
    "barred_title_level": "",
    "audit_within_years": None,
    "accident_grade": AccidentGrade.GENERAL,
    "accident_gate": "",
}


@dataclass(frozen=True)
class Round:
    """One year's round of the city's designation, as the demo replays it."""

    year: int
    roster: list
    until: str
    created_on: date
    opens_on: date
    closes_on: date
    submissions_from: date
    district_from: date
    in_review_on: date
    audits_from: date
    experts_from: date
    reviews_completed_on: date
    seed: int
    rejection: str = "2018年度单位产品综合能耗高于行业限额标准，不予推荐。"
    # The programme (decisions §72): its indicator system and eligibility rules.
    programme: str = Programme.GREEN_FACTORY
    system_code: str = "GBT36132-2018"
    rules: dict = field(default_factory=lambda: dict(RULES_2019))
    quota: int = 20

    @property
    def title(self) -> str:
        return f"{self.year}年常州市{terms(self.programme).name}申报"


ROUND_2019 = Round(
    year=2019,
    roster=ROSTER_2019,
    until=DESIGNATED,
    created_on=date(2019, 5, 28),
    opens_on=date(2019, 6, 3),
    closes_on=date(2019, 7, 31),
    submissions_from=date(2019, 6, 10),
    district_from=date(2019, 8, 5),
    in_review_on=date(2019, 8, 26),
    audits_from=date(2019, 9, 2),
    experts_from=date(2019, 10, 8),
    reviews_completed_on=date(2019, 10, 28),
    seed=100,
)
ROUND_2020 = Round(
    year=2020,
    roster=ROSTER_2020,
    until=REVIEWED,
    created_on=date(2020, 5, 25),
    opens_on=date(2020, 6, 1),
    closes_on=date(2020, 7, 31),
    submissions_from=date(2020, 6, 8),
    district_from=date(2020, 8, 4),
    in_review_on=date(2020, 8, 24),
    audits_from=date(2020, 9, 1),
    experts_from=date(2020, 10, 12),
    reviews_completed_on=date(2020, 10, 26),
    seed=200,
    rejection="2019年度单位产品综合能耗高于行业限额标准，不予推荐。",
)


@contextmanager
def on_day(year, month, day, hour=9, minute=0):
    """Run the block with the clock at that moment in Shanghai, ticking on from there."""
    with time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=SHANGHAI), tick=True):
        yield


def on(day: date, hour=9, minute=0):
    """``on_day`` for a date."""
    return on_day(day.year, day.month, day.day, hour, minute)


# The zero-carbon round of 2026 (decisions §72, §78): a machinery factory (enterprise2, division
# 34) and an electronics factory (enterprise3, division 39) apply with their carbon accounts;
# both are reviewed; the machinery factory, near-zero, is designated a 近零碳工厂 (quota 1); the
# electronics factory, not yet near-zero, is not proposed.
ROUND_ZERO_CARBON_2026 = Round(
    year=2026,
    roster=[("enterprise2", 0.93, "reviewed"), ("enterprise3", 0.8, "reviewed")],
    until=DESIGNATED,
    created_on=date(2026, 3, 2),
    opens_on=date(2026, 3, 9),
    closes_on=date(2026, 4, 30),
    submissions_from=date(2026, 3, 16),
    district_from=date(2026, 5, 6),
    in_review_on=date(2026, 5, 20),
    audits_from=date(2026, 6, 1),
    experts_from=date(2026, 6, 15),
    reviews_completed_on=date(2026, 6, 29),
    seed=2600,
    programme=Programme.ZERO_CARBON,
    system_code="ZERO-CARBON-2026",
    rules={
        "min_years_operating": None,
        "industry_sections": "",
        "barred_title_level": "",
        "audit_within_years": None,
        "accident_grade": AccidentGrade.GENERAL,
        "accident_gate": "",
    },
    quota=1,
)


def replay_history(regions, officers, *, secadmin):
    """The 2019 round to its titles and their rewards, the 2020 round to the end of its review,
    a 2019 factory's provincial title of 2021, and the zero-carbon round of 2026 to its title.
    Returns the 2019 and 2020 batches."""
    from .rewards import import_provincial_title, settle_rewards  # noqa: PLC0415 -- demo.rewards imports this module

    with on(ROUND_2019.created_on, 8):
        load_default_rates(regions["320400"])
    first = replay_round(ROUND_2019, regions, officers)
    city, city2 = User.objects.get(username="city"), User.objects.get(username="city2")
    settle_rewards(first, approver=city2, payer=city)
    second = replay_round(ROUND_2020, regions, officers)
    import_provincial_title(importer=city2)
    # The zero-carbon round's applicants keep their carbon accounts before it is ranked: the
    # status rule grades them at the ranking and the decision (decisions §78).
    with on(date(2026, 4, 20), 10):
        record_carbon_accounts()
    replay_round(ROUND_ZERO_CARBON_2026, regions, officers)
    return first, second


def replay_round(round_: Round, regions, officers):
    """Replay ``round_`` on its dates: the batch, the applications submitted, the districts'
    pre-review, the site audits and the expert review; then designation if the round goes that
    far. Returns the batch."""
    from .data import clean_review, demo_site_audit  # noqa: PLC0415 -- demo.data imports this module

    city = User.objects.get(username="city")
    table = CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")
    opens, closes = round_.opens_on, round_.closes_on
    with on(round_.created_on):
        batch = create_batch(
            actor=city,
            region=regions["320400"],
            year=round_.year,
            title=round_.title,
            programme=round_.programme,
            quota=round_.quota,
            opens_at=datetime(opens.year, opens.month, opens.day, 9, 0, tzinfo=SHANGHAI),
            closes_at=datetime(closes.year, closes.month, closes.day, 17, 0, tzinfo=SHANGHAI),
            indicator_system=IndicatorSystem.objects.get(code=round_.system_code, version=1),
            coefficient_table=table,
            grid_factor=table.grid_factors.get(key="national_2022"),
            experts_per_application=3,
            aggregation_rule=AggregationRule.MEAN,
            notice_days=5,
            notice_day_kind=NoticeDayKind.WORKING,
            notice_bureau_contact=NOTICE_BUREAU_CONTACT,
            notice_discipline_contact=NOTICE_DISCIPLINE_CONTACT,
            tie_break=TieBreak.PART_THEN_SUBMISSION,
            tie_break_part="6",
            **round_.rules,
        )
    with on(opens, 9, 30):
        batch = move_batch(batch, BatchState.OPEN, actor=city)

    applications = []
    day = round_.submissions_from
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SHANGHAI)
    for index, (username, quality, outcome) in enumerate(round_.roster):
        moment = start + timedelta(days=index // 2, hours=(index % 2) * 5)
        with time_machine.travel(moment, tick=True):
            applicant = User.objects.get(username=username)
            application = start_application(batch, actor=applicant)
            fill_application(
                application, actor=applicant, quality=quality, seed=round_.seed + index
            )
            submit_application(application, actor=applicant)
        applications.append((application, applicant, outcome))

    with on(closes + timedelta(days=1)):
        batch = move_batch(batch, BatchState.CLOSED, actor=city)
    reviewed = []
    for index, (application, applicant, outcome) in enumerate(applications):
        officer = officers[applicant.enterprise.district.code]
        with on(round_.district_from + timedelta(days=index // 6), 10 + index % 6):
            day = datetime.now(SHANGHAI).date()
            save_district_review(application, actor=officer, data=clean_review(day), comments={})
            if outcome == "rejected":
                reject_application(application, actor=officer, reason=round_.rejection)
                continue
            application = recommend_application(application, actor=officer)
        reviewed.append((application, officer, outcome))

    with on(round_.in_review_on):
        batch = move_batch(batch, BatchState.IN_REVIEW, actor=city)
    for index, (application, officer, _outcome) in enumerate(reviewed):
        with on(round_.audits_from + timedelta(days=index // 3), 9 + (index % 3) * 2):
            demo_site_audit(application, officer, complete=True)

    rng = random.Random(round_.year)  # noqa: S311  (reproducible demo scores)
    for index, (application, _officer, outcome) in enumerate(reviewed):
        with on(round_.experts_from + timedelta(days=index // 4), 9 + index % 4):
            auto_assign([application], actor=city, seed=index)
            assignments = list(application.expert_assignments.select_related("expert"))
            inputs = expert_inputs(application)
            for number, assignment in enumerate(assignments):
                unmet = (UNMET_ITEM,) if outcome == "required_unmet" and number < 2 else ()
                score_as_expert(assignment, rng=rng, unmet=unmet, inputs=inputs)
        with on(round_.reviews_completed_on, 9 + index // 10, index % 10 * 5):
            complete_expert_review(application, actor=city)
    if round_.until == DESIGNATED:
        from .recognition import designate_round  # noqa: PLC0415 -- demo.recognition imports this module

        designate_round(batch, year=round_.year)
    batch.refresh_from_db()
    return batch
