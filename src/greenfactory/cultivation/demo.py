"""Demo data of the cultivation pipeline: one candidate of 武进区 with a project and a trial
self-evaluation, made through the same domain functions as the pages."""

from datetime import date
from decimal import Decimal

from greenfactory.accounts.enums import EnterpriseStatus
from greenfactory.accounts.models import Enterprise, User
from greenfactory.programme.enums import IndicatorKind

from .domain.candidates import add_candidate, add_project, save_trial_answers
from .domain.readiness import current_reference, indicators_of
from .enums import ProjectKind, ProjectStatus
from .models import Candidate


def _trial_answers(indicators) -> dict:
    """Gates met, required items met, qualitative items at 60 % of their points, quantitative
    items at their benchmark (no points yet): a candidate some way below the threshold."""
    answers = {}
    for indicator in indicators:
        if indicator.kind == IndicatorKind.GATE:
            answers[indicator] = {"met": True}
        elif indicator.kind == IndicatorKind.QUALITATIVE:
            values = {
                "score": (Decimal(indicator.max_points or 0) * Decimal("0.6")).quantize(
                    Decimal("0.5")
                )
            }
            if indicator.is_required:
                values["met"] = True
            answers[indicator] = values
        elif indicator.kind == IndicatorKind.QUANTITATIVE and indicator.benchmark is not None:
            answers[indicator] = {"value": indicator.benchmark}
    return answers


def cultivation_demo() -> Candidate | None:
    """Put one confirmed enterprise of 武进区 without an application on the pipeline, with one
    energy-saving project and a trial self-evaluation. Does nothing if already done."""
    officer = User.objects.filter(username="district").first()
    if officer is None or Candidate.objects.filter(district=officer.region).exists():
        return None
    enterprise = (
        Enterprise.objects.filter(status=EnterpriseStatus.CONFIRMED, district=officer.region)
        .filter(applications__isnull=True)
        .order_by("name")
        .first()
    )
    if enterprise is None:
        return None
    candidate = add_candidate(
        enterprise,
        actor=officer,
        note="计划明年申报市级绿色工厂，正在实施空压机系统节能改造。",
    )
    add_project(
        candidate,
        actor=officer,
        data={
            "name": "空压机系统节能改造及屋顶分布式光伏",
            "kind": ProjectKind.ENERGY_SAVING,
            "investment": Decimal("860.00"),
            "energy_saving_tce": Decimal("420.00"),
            "co2_reduction_t": Decimal("1150.00"),
            "status": ProjectStatus.IN_PROGRESS,
            "starts_on": date(2025, 3, 1),
            "ends_on": date(2026, 6, 30),
        },
    )
    reference = current_reference()
    if reference.system is not None:
        save_trial_answers(
            candidate, actor=officer, answers=_trial_answers(indicators_of(reference.system))
        )
    return candidate
