"""The on-site audit record (现场审核记录) as the enterprise signs it: every basic requirement
(基本要求) with the enterprise's claim and what the team verified, then each scored finding with
its unit, the enterprise's figure beside the verified one. Text is tidied so that a reason
ending in "。" and the record's own "。" do not print as "。。"; table rows are kept whole
across pages (the template's CSS). Built in Chinese whatever the officer's language."""

import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from greenfactory.programme.domain.accidents import in_batch_words
from greenfactory.programme.enums import IndicatorKind

from ..models import SiteAudit

TEMPLATE = "reviews/audit/record.html"
# A mark of punctuation written twice in a row (。。 ：： ；； ，，), and a sentence's own end
# mark before the one the record adds.
DOUBLED = re.compile(r"([。：；，、！？])\1+")
END_MARKS = "。；，、.;,"
MET = {True: "满足", False: "不满足", None: "未核查"}
CLAIMED = {True: "满足", False: "不满足", None: "未填报"}


def tidy(text: str) -> str:
    """One mark where two of the same stand together."""
    return DOUBLED.sub(r"\1", (text or "").strip())


def sentence(text: str) -> str:
    """``text`` as one sentence ending in "。" (never "。。")."""
    text = tidy(text).rstrip(END_MARKS)
    return f"{text}。" if text else ""


def _number(value) -> str:
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def _with_unit(value, unit: str) -> str:
    text = _number(value)
    return f"{text} {unit}".strip() if text else ""


def _points(value) -> str:
    text = _number(value)
    return f"{text} 分" if text else ""


def _note(finding) -> str:
    parts = []
    if finding.change_reason:
        parts.append(f"调整理由：{sentence(finding.change_reason)}")
    if finding.finding:
        parts.append(sentence(finding.finding))
    return tidy("".join(parts))


def record_context(audit: SiteAudit) -> dict:
    application = audit.application
    system = application.batch.indicator_system
    findings = {
        f.indicator_id: f for f in audit.findings.select_related("indicator").order_by("pk")
    }
    answers = {a.indicator_id: a for a in application.self_evaluations.all()}
    gates, scored = [], []
    for indicator in in_batch_words(
        system.indicators.exclude(kind=IndicatorKind.GROUP).order_by("position"),
        application.batch,
    ):
        finding = findings.get(indicator.pk)
        answer = answers.get(indicator.pk)
        if indicator.kind == IndicatorKind.GATE:
            gates.append(
                {
                    "code": indicator.code,
                    "name": tidy(indicator.name),
                    "claimed": CLAIMED[answer.met if answer is not None else None],
                    "verified": MET[finding.verified_met if finding is not None else None],
                    "methods": "、".join(finding.method_labels()) if finding else "",
                    "note": _note(finding) if finding else "",
                }
            )
        elif finding is not None:
            quantitative = indicator.kind == IndicatorKind.QUANTITATIVE
            claimed = (
                _with_unit(finding.enterprise_value, indicator.unit)
                if quantitative and finding.enterprise_value is not None
                else _points(finding.enterprise_score)
            )
            verified = (
                _with_unit(finding.verified_value, indicator.unit)
                if quantitative and finding.verified_value is not None
                else _points(finding.verified_score)
            )
            if finding.verified_met is not None:
                verified = f"{MET[finding.verified_met]} {verified}".strip()
            scored.append(
                {
                    "code": indicator.code,
                    "name": tidy(indicator.name),
                    "unit": indicator.unit or ("分" if indicator.max_points is not None else ""),
                    "max_points": _points(indicator.max_points),
                    "claimed": claimed or "—",
                    "verified": verified or "—",
                    "methods": "、".join(finding.method_labels()),
                    "note": _note(finding),
                }
            )
    return {
        "audit": audit,
        "members": audit.members.select_related("user"),
        "gates": gates,
        "findings": scored,
        "conclusion": tidy(audit.conclusion),
        "photos": audit.photos.count(),
    }


def render_record_html(audit: SiteAudit) -> str:
    with translation.override("zh-hans"):
        return render_to_string(TEMPLATE, record_context(audit))


def record_filename(audit: SiteAudit) -> str:
    """The name a downloaded audit record carries: the audited enterprise's."""
    return f"现场审核记录-{audit.application.enterprise.name}.pdf"


def build_record_pdf(audit: SiteAudit) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 -- weasyprint is slow to import

    return HTML(string=render_record_html(audit), base_url=None).write_pdf()
