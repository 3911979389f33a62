"""The 2019 round (2019年常州市绿色工厂申报), replayed on its own dates.

The demo runs every step through the same domain functions as the pages, with the clock set to
the day each step happened (time-machine), so timelines, audit entries and submission times read
as they would have in 2019. The round ends with every application reviewed: ranking, the party
group's decision, the public notice and designation are left for the city officer to do.
"""

import random
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")

# (demo username, self-evaluation quality, outcome); outcomes: "reviewed", "required_unmet"
# (a majority of experts find a required item unmet), "rejected" (not recommended).
ROUND_2019 = [
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
UNMET_ITEM = "2.1.1"  # a required item of GB/T 36132-2018 (管理体系: 质量管理体系)


@contextmanager
def on_day(year, month, day, hour=9, minute=0):
    """Run the block with the clock at that moment in Shanghai, ticking on from there."""
    with time_machine.travel(datetime(year, month, day, hour, minute, tzinfo=SHANGHAI), tick=True):
        yield


def replay_2019(regions, officers, *, secadmin):
    from greenfactory.accounts.models import User
    from greenfactory.applications.domain.drafts import start_application
    from greenfactory.applications.domain.submission import submit_application
    from greenfactory.programme.domain.batches import create_batch, move_batch
    from greenfactory.programme.enums import AggregationRule, BatchState, NoticeDayKind, TieBreak
    from greenfactory.programme.models import CoefficientTable, IndicatorSystem
    from greenfactory.reviews.domain.district import (
        recommend_application,
        reject_application,
        save_district_review,
    )
    from greenfactory.reviews.domain.expert import auto_assign
    from greenfactory.reviews.domain.expert_scores import complete_expert_review

    from .applications import fill_application
    from .data import clean_review, demo_site_audit
    from .experts import score_as_expert

    city = User.objects.get(username="city")
    table = CoefficientTable.objects.get(code="GBT2589-2020+GRID2023")
    with on_day(2019, 5, 28):
        batch = create_batch(
            actor=city,
            region=regions["320400"],
            year=2019,
            title="2019年常州市绿色工厂申报",
            opens_at=datetime(2019, 6, 3, 9, 0, tzinfo=SHANGHAI),
            closes_at=datetime(2019, 7, 31, 17, 0, tzinfo=SHANGHAI),
            indicator_system=IndicatorSystem.objects.get(code="GBT36132-2018", version=1),
            coefficient_table=table,
            grid_factor=table.grid_factors.get(key="national_2022"),
            experts_per_application=3,
            aggregation_rule=AggregationRule.MEAN,
            notice_days=5,
            notice_day_kind=NoticeDayKind.WORKING,
            tie_break=TieBreak.PART_THEN_SUBMISSION,
            tie_break_part="6",
        )
    with on_day(2019, 6, 3, 9, 30):
        batch = move_batch(batch, BatchState.OPEN, actor=city)

    applications = []
    start = datetime(2019, 6, 10, 9, 0, tzinfo=SHANGHAI)
    for index, (username, quality, outcome) in enumerate(ROUND_2019):
        moment = start + timedelta(days=index // 2, hours=(index % 2) * 5)
        with time_machine.travel(moment, tick=True):
            applicant = User.objects.get(username=username)
            application = start_application(batch, actor=applicant)
            fill_application(application, actor=applicant, quality=quality, seed=100 + index)
            submit_application(application, actor=applicant)
        applications.append((application, applicant, outcome))

    with on_day(2019, 8, 1):
        batch = move_batch(batch, BatchState.CLOSED, actor=city)
    reviewed = []
    for index, (application, applicant, outcome) in enumerate(applications):
        officer = officers[applicant.enterprise.district.code]
        with on_day(2019, 8, 5 + index // 6, 10 + index % 6):
            day = datetime.now(SHANGHAI).date()
            save_district_review(application, actor=officer, data=clean_review(day), comments={})
            if outcome == "rejected":
                reject_application(
                    application,
                    actor=officer,
                    reason="2018年度单位产品综合能耗高于行业限额标准，不予推荐。",
                )
                continue
            application = recommend_application(application, actor=officer)
        reviewed.append((application, officer, outcome))

    with on_day(2019, 8, 26):
        batch = move_batch(batch, BatchState.IN_REVIEW, actor=city)
    for index, (application, officer, _outcome) in enumerate(reviewed):
        with on_day(2019, 9, 2 + index // 3, 9 + (index % 3) * 2):
            demo_site_audit(application, officer, complete=True)

    rng = random.Random(2019)  # noqa: S311  (reproducible demo scores)
    for index, (application, _officer, outcome) in enumerate(reviewed):
        with on_day(2019, 10, 8 + index // 4, 9 + index % 4):
            auto_assign([application], actor=city, seed=index)
            assignments = list(application.expert_assignments.select_related("expert"))
            for number, assignment in enumerate(assignments):
                unmet = (UNMET_ITEM,) if outcome == "required_unmet" and number < 2 else ()
                score_as_expert(assignment, rng=rng, unmet=unmet)
        with on_day(2019, 10, 28, 9 + index // 10, index % 10 * 5):
            complete_expert_review(application, actor=city)
    return batch
