"""The demo's yearly filings (年度动态管理表) of last year's data: the factories designated in
2019 file through the same domain functions as the pages, on a March day before the deadline.
Most are filed and half of those accepted; in the district of the demo's district officer one
factory files figures worse than at designation (flagged), another's figures are so far from
them that an integrity signal is raised, and one does not file (flagged once the deadline has
passed). The factory that also holds the Jiangsu title of 2021 (``demo.rewards``)
files the provincial 动态管理表 with its summary and plan, the district accepts, the city reviews
and keeps it on the list, and it reports a change of name (decisions §65)."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import User
from greenfactory.applications.models import PERFORMANCE_FIELDS
from greenfactory.filings.domain.changes import acknowledge_change, report_major_change
from greenfactory.filings.domain.filings import (
    accept_filing,
    city_review_filing,
    open_filing,
    save_filing,
    submit_filing,
)
from greenfactory.filings.enums import Adjustment
from greenfactory.supervision.domain.integrity.findings import find_filing_signals
from greenfactory.titles.domain.validity import in_force_q
from greenfactory.titles.enums import TitleLevel
from greenfactory.titles.models import Title

from .history import on

BETTER = Decimal("0.95")  # energy of an ordinary year against the designation data
WORSE_OUTPUT = Decimal("0.7")  # the flagged factory's output fell by 30 %
FAR_OUTPUT = Decimal("0.3")  # and another's to less than a third


def _figures(application, *, output_factor=Decimal(1)) -> dict:
    record = application.performance_years.order_by("-year").first()
    data = {name: getattr(record, name) for name in PERFORMANCE_FIELDS}
    data["energy"] = {
        key: str((Decimal(value) * BETTER).quantize(Decimal(1)))
        for key, value in (record.energy or {}).items()
    }
    if record.output_quantity is not None:
        data["output_quantity"] = (record.output_quantity * output_factor).quantize(Decimal(1))
    return data


def filings_demo(today: date | None = None) -> None:
    today = today or timezone.localdate()
    year = today.year - 1
    district = User.objects.get(username="district").region
    titles = list(
        Title.objects.filter(in_force_q(), application__isnull=False, year__lte=year)
        .select_related("enterprise__district", "application")
        .order_by("enterprise__name")
    )
    local = [t for t in titles if t.enterprise.district_id == district.pk]
    missing = local[-1] if local else None
    flagged = local[0] if len(local) > 1 else None
    # Its output fell to a third: far from the figures the title was granted on (an integrity
    # signal, decisions §66).
    higher_holders = set(
        Title.objects.filter(in_force_q())
        .exclude(level=TitleLevel.CITY)
        .values_list("enterprise_id", flat=True)
    )
    elsewhere = [
        t
        for t in titles
        if t.enterprise.district_id != district.pk and t.enterprise_id not in higher_holders
    ]
    far = elsewhere[0] if elsewhere else None
    with on(date(year + 1, 3, 20), 10):
        for index, title in enumerate(titles):
            if title == missing:
                continue
            filer = User.objects.filter(
                enterprise=title.enterprise, role=Role.ENTERPRISE, is_active=True
            ).first()
            if filer is None:
                continue
            filing = open_filing(year, actor=filer)
            factor = {flagged: WORSE_OUTPUT, far: FAR_OUTPUT}.get(title, Decimal(1))
            data = _figures(title.application, output_factor=factor)
            listed = filing.level != TitleLevel.CITY
            if listed:
                data.update(PLAN)
            filing = save_filing(filing, actor=filer, data=data, revision=None)
            filing = submit_filing(filing, actor=filer)
            if title == far:
                # What the background task does once the filing is committed, done here so
                # that the demo shows the signal before its task worker has run.
                find_filing_signals(filing)
            if listed and title != flagged:
                _provincial_review(filing, filer)
            elif index % 2 == 0 and title != flagged:
                officer = User.objects.filter(
                    role=Role.DISTRICT_OFFICER, region=title.enterprise.district, is_active=True
                ).first()
                if officer is not None:
                    accept_filing(filing, actor=officer)


PLAN = {
    "year_summary": "完成屋顶光伏和空压机余热回收改造，单位产品综合能耗较上年下降约5%。",
    "next_year_plan": "推进能源管理中心建设，开展产品碳足迹核算。",
}


def _provincial_review(filing, filer) -> None:
    """The provincial title's filing reviewed by the district and the city, and a change of
    name reported and acknowledged by the district."""
    enterprise = filing.enterprise
    officer = User.objects.filter(
        role=Role.DISTRICT_OFFICER, region=enterprise.district, is_active=True
    ).first()
    city = User.objects.get(username="city")
    if officer is None:
        return
    filing = accept_filing(filing, actor=officer, opinion="关键指标与能源利用状况报告一致。")
    city_review_filing(filing, actor=city, adjustment=Adjustment.KEEP)
    change = report_major_change(
        actor=filer,
        kind="name",
        effective_on=date(filing.year, 11, 1),
        before=enterprise.name,
        after=f"{enterprise.name}（更名后）",
        description="企业更名，统一社会信用代码、生产地址和组织边界不变。",
    )
    acknowledge_change(change, actor=officer, note="已核对营业执照。")
