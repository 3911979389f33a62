"""The demo's integrity signals (decisions §66), planted through the functions an enterprise
uses — the 自评表, the performance data, an uploaded file — and found by the same function the
background task runs; the district officers record dispositions as on the page."""

from greenfactory.accounts.models import User
from greenfactory.applications.domain.drafts import (
    add_evidence,
    save_performance_year,
    save_self_evaluation,
)
from greenfactory.applications.models import PERFORMANCE_FIELDS, Application
from greenfactory.programme.enums import IndicatorKind
from greenfactory.supervision.domain.integrity.dispositions import dispose_signal
from greenfactory.supervision.domain.integrity.findings import find_application_signals
from greenfactory.supervision.enums import SignalKind, SignalState

from .applications import _pdf

# A consultant's paragraph that turns up, lightly reworded, in two enterprises' 自评表.
COPIED = (
    "公司建立了完善的能源管理体系，设置能源管理岗位并配备专职能源管理人员，每月对空压机、"
    "冷却塔等主要用能设备开展能效监测，对空压机系统实施变频改造，年节电约一百二十万千瓦时，"
    "并将节能目标分解到各车间和班组进行季度考核。"
)
REWORDED = COPIED.replace("一百二十万", "九十五万").replace("季度考核", "月度考核")
METER_PHOTO = "能源计量器具照片（电表）.pdf"
# Who plants what: (username) -> the signal the demo shows on its application.
PLANTED = {
    "enterprise2": SignalKind.COPIED_TEXT,
    "ent08": SignalKind.COPIED_TEXT,
    "ent09": SignalKind.SAME_FILE,
    "ent10": SignalKind.SAME_FILE,
    "ent11": SignalKind.IDENTICAL_YEARS,
    "ent06": SignalKind.YEAR_JUMP,
}


def _qualitative(application):
    return (
        application.batch.indicator_system.indicators.filter(kind=IndicatorKind.QUALITATIVE)
        .order_by("position")
        .first()
    )


def plant(application: Application, username: str, *, actor) -> None:
    """Before the enterprise submits: what makes its application show a signal."""
    kind = PLANTED.get(username)
    if kind == SignalKind.COPIED_TEXT:
        text = COPIED if username == "enterprise2" else REWORDED
        save_self_evaluation(
            application,
            actor=actor,
            answers={_qualitative(application): {"explanation": text}},
            revision=None,
        )
    elif kind == SignalKind.SAME_FILE:
        # The same photo of an energy meter, uploaded by two enterprises.
        add_evidence(application, actor=actor, upload=_pdf(METER_PHOTO, owner="meter-0519"))
    elif kind in (SignalKind.IDENTICAL_YEARS, SignalKind.YEAR_JUMP):
        # The earliest year changed, so the latest year the score is computed from stays.
        first, second = list(application.performance_years.order_by("year"))[:2]
        data = {name: getattr(second, name) for name in PERFORMANCE_FIELDS}
        if kind == SignalKind.YEAR_JUMP:
            data = {name: getattr(first, name) for name in PERFORMANCE_FIELDS}
            data["output_quantity"] = first.output_quantity * 3
        save_performance_year(application, actor=actor, year=first.year, data=data, revision=None)


def find_and_dispose(batch, officers) -> None:
    """The signals of the batch's submitted applications (what the background task does after
    each submission), and two dispositions by the district officers."""
    for application in Application.objects.filter(batch=batch, submitted_at__isnull=False):
        find_application_signals(application)
    notes = {
        "enterprise2": (
            SignalKind.COPIED_TEXT,
            SignalState.REFERRED,
            "两家企业能源管理描述高度相似，请现场审核组核对空压机变频改造的验收记录和电表读数。",
        ),
        "ent11": (
            SignalKind.IDENTICAL_YEARS,
            SignalState.EXPLAINED,
            "企业说明两年均按设计产能满负荷生产，已提供月度能源台账，数据一致属实。",
        ),
    }
    for username, (kind, state, note) in notes.items():
        enterprise = User.objects.get(username=username).enterprise
        application = Application.objects.get(batch=batch, enterprise=enterprise)
        signal = application.integrity_signals.filter(kind=kind).first()
        if signal is not None:
            officer = officers[enterprise.district.code]
            dispose_signal(signal, state, actor=officer, note=note)
