"""The demo's third-party evaluation (第三方评价): the city bureau commissions the demo body for
one audited application, and the body's responsible person writes and signs its report, so the
scoring sheet shows the body's scores beside the enterprise's, the audit's and the experts'."""

import random

from django.utils import timezone

from greenfactory.accounts.domain.evaluation_bodies import register_evaluation_body
from greenfactory.accounts.models import User
from greenfactory.programme.enums import IndicatorKind
from greenfactory.reviews.domain.evaluation import (
    commission_evaluation,
    save_evaluation_report,
    submit_evaluation,
)

BODY = {
    "name": "常州中环绿色评价技术有限公司",
    "legal_representative": "顾明远",
    "responsible_person": "许立衡",
    "phone": "0519-86005678",
}


def create_evaluation_body(*, rng: random.Random, uscc: str):
    sysadmin = User.objects.get(username="sysadmin")
    return register_evaluation_body(actor=sysadmin, uscc=uscc, **BODY)


def demo_third_party_evaluation(application, *, body) -> None:
    """Commissioned by ``city``, reported and signed by the demo login ``evaluator``: every
    basic requirement met, each scored indicator at 70–95 % of its points."""
    city = User.objects.get(username="city")
    evaluator = User.objects.get(username="evaluator")
    evaluation = commission_evaluation(application, actor=city, body=body)
    rng = random.Random(54)  # noqa: S311  (reproducible demo scores)
    items = {}
    for indicator in application.batch.indicator_system.indicators.exclude(
        kind=IndicatorKind.GROUP
    ):
        if indicator.kind == IndicatorKind.GATE:
            items[indicator.pk] = {"met": True, "score": None, "note": ""}
        else:
            share = rng.choice((70, 75, 80, 85, 90, 95))
            points = (indicator.max_points or 0) * share / 100
            items[indicator.pk] = {"met": None, "score": round(points, 2), "note": ""}
    enterprise = application.enterprise
    report = {
        "basic_information": (
            f"{enterprise.name}，统一社会信用代码{enterprise.uscc}，位于常州市"
            f"{enterprise.district.name}，所属行业{enterprise.industry.name}。"
        ),
        "process": (
            "接受常州市工业和信息化局委托后，评价组于现场审核后开展文件评审、现场查看和人员访谈，"
            "对照评价指标逐项核实企业自评结果，并形成本报告。"
        ),
        "highlights": "厂房屋顶分布式光伏自发自用；余热回收用于生产工艺；建立能源管理中心。",
        "conclusion": "企业满足全部基本要求，建议通过市级绿色工厂评价。",
        "independence_declared": True,
        "responsible_person": body.responsible_person,
        "signed_on": timezone.localdate(),
    }
    save_evaluation_report(evaluation, actor=evaluator, report=report, items=items)
    submit_evaluation(evaluation, actor=evaluator)
