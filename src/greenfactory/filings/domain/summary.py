"""The yearly summary to the province (年度总结及下年度计划汇总表): one row per factory of the
city's region on the provincial or national list, with its 动态管理表 of the year, the city's
动态调整意见, the major changes it reported in the year, and its summary and next year's plan.

Jiangsu asks each city for it every year (苏工信节能〔2021〕607号 附件2, by 10 December;
苏工信节能〔2025〕56号 附件3, by 28 February for the year before). The attachment's column
layout was not found published; the columns below are designed from the notices' wording and
the 动态管理表's key indicators (decisions §65). Built by the export worker, in Chinese.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.utils import translation

from greenfactory.core.domain.exports import ExportRows, register_exporter
from greenfactory.core.spreadsheets import DECIMAL, DECIMAL4, INTEGER, Column, issuing_bureau
from greenfactory.titles.enums import TitleLevel

from ..enums import WORSENING_FLAGS, SiteAssessmentState
from ..models import MajorChange, SiteAssessment
from .export import _number, filing_figures, request_year_export
from .queries import due_rows

SUMMARY_EXPORT = "yearly_summary"
LISTED_LEVELS = (TitleLevel.PROVINCIAL, TitleLevel.NATIONAL)
COLUMNS = [
    Column("序号", INTEGER),
    Column("所属辖市区"),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("绿色制造名单（级别、年度）", width=20),
    Column("动态管理表填报情况"),
    Column("综合能耗（吨标准煤）", DECIMAL, total=True),
    Column("二氧化碳排放（吨）", DECIMAL, total=True),
    Column("单位产品综合能耗", DECIMAL4),
    Column("单位产品碳排放", DECIMAL4),
    Column("关键指标变化情况", width=30),
    Column("建议现场评估"),
    Column("现场评估情况", width=30),
    Column("动态调整意见"),
    Column("重大事项变更", width=24),
    Column("年度工作总结", width=40),
    Column("下年度目标及工作方案", width=40),
]
HEADER = [column.header for column in COLUMNS]


def request_summary_export(year: int, *, actor):
    """Queue the summary of ``year``; audit entry ``filings.summary.requested``."""
    return request_year_export(
        SUMMARY_EXPORT, year, actor=actor, action="filings.summary.requested"
    )


def summary_rows(region, year: int) -> list[list]:
    """The rows of the summary (queries: those of ``due_rows``, one for the changes, one for
    the on-site assessments, one per coefficient table)."""
    rows = [row for row in due_rows(region, year) if row.level in LISTED_LEVELS]
    changes = defaultdict(list)
    for change in MajorChange.objects.filter(
        enterprise_id__in=[row.enterprise.pk for row in rows], effective_on__year=year
    ).order_by("effective_on", "pk"):
        changes[change.enterprise_id].append(change)
    assessments = defaultdict(list)
    for assessment in SiteAssessment.objects.filter(
        filing_id__in=[row.filing.pk for row in rows if row.filing]
    ).exclude(state=SiteAssessmentState.CANCELLED):
        assessments[assessment.filing_id].append(assessment)
    cache: dict = {}
    result = []
    for number, row in enumerate(rows, start=1):
        filing = row.filing
        figures = filing_figures(filing, cache) if row.filed else {}
        worse = [flag for flag in row.flags if flag.code in WORSENING_FLAGS]
        result.append(
            [
                number,
                row.enterprise.district.name,
                row.enterprise.name,
                row.enterprise.uscc,
                "；".join(
                    f"{t.year}年{t.title_name}" for t in row.titles if t.level in LISTED_LEVELS
                ),
                filing.get_state_display() if filing else "未填报",
                _number(figures.get("comprehensive_energy")),
                _number(figures.get("carbon_emissions")),
                _number(figures.get("unit_product_energy")),
                _number(figures.get("unit_product_carbon")),
                "；".join(flag.text for flag in worse),
                "是" if worse else "否",
                "；".join(_assessment_text(a) for a in assessments[filing.pk]) if filing else "",
                filing.get_adjustment_display()
                + (f"：{filing.adjustment_reason}" if filing.adjustment_reason else "")
                if filing and filing.adjustment
                else "",
                "；".join(
                    f"{c.effective_on:%Y-%m-%d} {c.get_kind_display()}"
                    + (f"（{c.before}→{c.after}）" if c.before or c.after else "")
                    for c in changes[row.enterprise.pk]
                ),
                filing.year_summary if filing else "",
                filing.next_year_plan if filing else "",
            ]
        )
    return result


def _assessment_text(assessment) -> str:
    if assessment.state == SiteAssessmentState.HELD:
        return (
            f"{assessment.held_on:%Y-%m-%d} {assessment.assessors}："
            f"{assessment.get_outcome_display()}（{assessment.findings}）"
        )
    return f"已安排{f' {assessment.planned_on:%Y-%m-%d}' if assessment.planned_on else ''}，待评估"


@register_exporter(
    SUMMARY_EXPORT, may_download=lambda job, user: user.has_perm("filings.export_filings")
)
def summary_workbook(job) -> ExportRows:
    user = job.requested_by
    if not user.has_perm("filings.export_filings"):
        raise PermissionDenied
    year = int(job.params["year"])
    with translation.override("zh-hans"):
        rows = summary_rows(user.region, year)
    return ExportRows(
        filename=f"绿色制造名单年度总结及下年度计划汇总表-{year}.xlsx",
        header=COLUMNS,
        rows=rows,
        title=f"{user.region.name}绿色制造名单内企业{year}年度总结及{year + 1}年度计划汇总表",
        issuer=issuing_bureau(user),
        filters=f"{year}年度；{user.region.name}范围内省级、国家级绿色工厂",
        sheet_name="年度总结及计划",
    )
