"""The demo's spot check of 2023 (2023年常州市绿色工厂抽检), replayed on its own dates: four of the
2019 titles drawn by a published seed; the factories file their summary and new application;
their districts recommend; joint on-site audits; two pass, one rectifies and passes on re-check,
one title is revoked; the results are published. Every step goes through the domain functions
of the pages, so the public record, the titles' histories and the audit trail read as real.
"""

from datetime import date, datetime, timedelta

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.domain.submission import submit_application
from greenfactory.programme.domain.batches import move_batch
from greenfactory.programme.enums import BatchPurpose, BatchState
from greenfactory.programme.models import Batch, IndicatorSystem
from greenfactory.reviews.domain.district import recommend_application, save_district_review
from greenfactory.supervision.domain.checks import (
    move_check,
    report_rectification,
    save_summary,
)
from greenfactory.supervision.domain.rounds import create_round, draw_sample, publish_results

from .applications import fill_application
from .data import clean_review, demo_site_audit
from .history import SHANGHAI, on

SEED_2023 = "FC3D-2023058-271"
DECISIONS = ("passed", "passed", "rectifying", "revoked")


def spot_check_2023(regions, officers) -> None:
    city = User.objects.get(username="city")
    reference = Batch.objects.get(year=2019, purpose=BatchPurpose.DESIGNATION)
    with on(date(2023, 3, 1)):
        round_ = create_round(
            actor=city,
            region=regions["320400"],
            year=2023,
            title="2023年常州市绿色工厂抽检",
            cohort_years=3,
            levels=["city"],
            sample_count=len(DECISIONS),
            sample_ratio=None,
            stratified=False,
            submission_deadline=datetime(2023, 4, 28, 17, 0, tzinfo=SHANGHAI),
            indicator_system=IndicatorSystem.objects.get(code="GBT36132-2018", version=1),
            reference_batch=reference,
        )
    with on(date(2023, 3, 6), 10):
        round_ = draw_sample(round_, actor=city, seed=SEED_2023)
    checks = list(round_.checks.select_related("title__enterprise__district", "application"))
    checks.sort(key=lambda check: check.title.certificate_number)
    for index, check in enumerate(checks):
        enterprise = check.title.enterprise
        owner = User.objects.filter(role=Role.ENTERPRISE, enterprise=enterprise).first()
        with on(date(2023, 3, 20) + timedelta(days=index * 3), 10):
            save_summary(
                check,
                actor=owner,
                changes="2020年以来新增屋顶分布式光伏，完成空压站和余热回收节能改造，"
                "通过能源管理体系再认证；主要产品和产能未发生重大变化。",
                rectifications="2019年认定时专家指出的计量器具配备问题已于2020年整改完毕。",
            )
            application = fill_application(
                check.application, actor=owner, quality=0.85, seed=2023 + index
            )
            submit_application(application, actor=owner)
    with on(date(2023, 4, 29)):
        batch = move_batch(round_.batch, BatchState.CLOSED, actor=city)
    for index, check in enumerate(checks):
        officer = officers[check.title.enterprise.district.code]
        with on(date(2023, 5, 8) + timedelta(days=index), 10):
            day = datetime.now(SHANGHAI).date()
            save_district_review(
                check.application, actor=officer, data=clean_review(day), comments={}
            )
            recommend_application(check.application, actor=officer)
    with on(date(2023, 5, 15)):
        move_batch(batch, BatchState.IN_REVIEW, actor=city)
    for index, check in enumerate(checks):
        officer = officers[check.title.enterprise.district.code]
        check.application.refresh_from_db()
        with on(date(2023, 5, 22) + timedelta(days=index), 9):
            demo_site_audit(check.application, officer, complete=True)
    reasons = {
        "rectifying": "现场审核发现部分二级能源计量器具未按期检定，能源管理台账不完整。",
        "revoked": "近三年单位产品综合能耗连续上升，2022年高于行业限额标准，且未按要求整改。",
    }
    for index, (check, outcome) in enumerate(zip(checks, DECISIONS, strict=True)):
        with on(date(2023, 6, 12), 9 + index):
            move_check(
                check,
                outcome,
                actor=city,
                reason=reasons.get(outcome, ""),
                rectify_by=date(2023, 9, 30) if outcome == "rectifying" else None,
            )
    rectifying = checks[DECISIONS.index("rectifying")]
    owner = User.objects.filter(
        role=Role.ENTERPRISE, enterprise=rectifying.title.enterprise
    ).first()
    with on(date(2023, 9, 20), 14):
        report_rectification(
            rectifying,
            actor=owner,
            report="已完成全部二级计量器具检定，补齐2022—2023年能源管理台账，附检定证书。",
        )
    with on(date(2023, 10, 10), 10):
        move_check(rectifying, "passed", actor=city, reason="复查：整改到位。")
    with on(date(2023, 10, 16), 9):
        publish_results(round_, actor=city)
