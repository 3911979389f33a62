"""The three yearly tables of gradient cultivation (梯度培育) the province asks a city for, built
by the export worker from the cultivation pipeline (decisions §62):

- 培育计划汇总表 (``plan``): one row per enterprise being cultivated;
- 培育企业绿色绩效指标汇总表 (``performance``): one row per enterprise with its trial
  self-evaluation's score and the values of the quantitative indicators;
- 绿色化改造项目及计划汇总表 (``projects``): one row per green transformation project.

The province's own column layouts were not found; the columns follow what the national
《绿色工厂梯度培育及管理暂行办法》 asks a cultivation plan to hold (the enterprise, its industry,
its green performance against the indicators, its transformation projects with investment and
expected savings, the timetable) from what the pipeline records. Chinese whatever the officer's
language, like the platform's other workbooks for offices; the worker reads the rows again
through the requester's own region.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import ExportRows, register_exporter, request_export
from greenfactory.core.spreadsheets import DECIMAL, DECIMAL4, INTEGER, Column, issuing_bureau
from greenfactory.programme.enums import IndicatorKind

from ..enums import CandidateStatus
from ..models import TransformationProject, TrialAnswer
from .queries import candidates_visible_to, with_project_totals
from .readiness import current_reference, indicators_of, readiness_of_many

CULTIVATION_EXPORT = "cultivation_tables"
PLAN, PERFORMANCE, PROJECTS = "plan", "performance", "projects"
TABLE_TITLES = {
    PLAN: "培育计划汇总表",
    PERFORMANCE: "培育企业绿色绩效指标汇总表",
    PROJECTS: "绿色化改造项目及计划汇总表",
}
PERMISSION = "cultivation.export_tables"

ENTERPRISE_COLUMNS = [
    Column("序号", INTEGER),
    Column("所属辖市区"),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("所属行业"),
]
PLAN_COLUMNS = [
    *ENTERPRISE_COLUMNS,
    Column("纳入培育日期"),
    Column("试评得分", DECIMAL),
    Column("基本要求"),
    Column("距推荐分数线（分）", DECIMAL),
    Column("可推荐申报"),
    Column("改造项目数", INTEGER, total=True),
    Column("计划投资（万元）", DECIMAL, total=True),
    Column("预计节能量（吨标准煤/年）", DECIMAL, total=True),
    Column("预计二氧化碳减排量（吨/年）", DECIMAL, total=True),
    Column("培育措施及备注", width=30),
]
PROJECT_COLUMNS = [
    Column("序号", INTEGER),
    Column("所属辖市区"),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("项目名称", width=24),
    Column("项目类别"),
    Column("实施状态"),
    Column("计划开始日期"),
    Column("计划完成日期"),
    Column("投资（万元）", DECIMAL, total=True),
    Column("预计节能量（吨标准煤/年）", DECIMAL, total=True),
    Column("预计二氧化碳减排量（吨/年）", DECIMAL, total=True),
]


def request_cultivation_export(table: str, year: int, *, actor):
    """Queue one of the three tables for ``year``. Side effects: the export job (built after
    commit); audit entry ``cultivation.export.requested``."""
    if not actor.has_perm(PERMISSION):
        raise PermissionDenied
    if table not in TABLE_TITLES:
        raise ValueError(f"unknown cultivation table {table!r}")
    with transaction.atomic():
        job = request_export(
            CULTIVATION_EXPORT, actor=actor, params={"table": table, "year": int(year)}
        )
        record_event(
            "cultivation.export.requested",
            actor=actor,
            obj=job,
            changes={"table": table, "year": int(year)},
        )
    return job


def _active(user):
    return (
        candidates_visible_to(user)
        .filter(status=CandidateStatus.ACTIVE)
        .select_related("enterprise__industry")
        .order_by("district__code", "enterprise__name")
    )


def _enterprise_cells(number, candidate) -> list:
    enterprise = candidate.enterprise
    industry = enterprise.industry
    return [
        number,
        candidate.district.name,
        enterprise.name,
        enterprise.uscc,
        f"{industry.code} {industry.name}" if industry else "",
    ]


def _number(value, places=2):
    return float(round(value, places)) if value is not None else ""


def plan_rows(user) -> list[list]:
    candidates = list(with_project_totals(_active(user)))
    reference = current_reference()
    states = readiness_of_many(candidates, reference)
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        state = states.get(candidate.pk)
        rows.append(
            [
                *_enterprise_cells(number, candidate),
                timezone.localtime(candidate.added_at).date().isoformat(),
                _number(state.total) if state else "",
                ("满足" if not state.gate_failures else "不满足") if state else "",
                _number(state.gap) if state else "",
                ("是" if state.can_put_forward else "否") if state else "",
                candidate.project_count,
                _number(candidate.investment_total),
                _number(candidate.energy_saving_total),
                _number(candidate.co2_reduction_total),
                candidate.note,
            ]
        )
    return rows


def performance_table(user) -> tuple[list[Column], list[list]]:
    """The enterprise's columns, its trial score, then one column per quantitative indicator
    of the current system (code, name and unit in the header)."""
    reference = current_reference()
    quantitative = (
        [i for i in indicators_of(reference.system) if i.kind == IndicatorKind.QUANTITATIVE]
        if reference.system
        else []
    )
    columns = [
        *ENTERPRISE_COLUMNS,
        Column("评价依据"),
        Column("试评得分", DECIMAL),
        *[
            Column(f"{i.code} {i.name}" + (f"（{i.unit}）" if i.unit else ""), DECIMAL4, width=14)
            for i in quantitative
        ],
    ]
    candidates = list(_active(user))
    states = readiness_of_many(candidates, reference)
    values: dict[tuple[int, int], object] = {
        (row["candidate_id"], row["indicator_id"]): row["value"]
        for row in TrialAnswer.objects.filter(
            candidate__in=[c.pk for c in candidates],
            indicator__in=[i.pk for i in quantitative],
            not_applicable=False,
        ).values("candidate_id", "indicator_id", "value")
    }
    basis = f"{reference.system.name}（第{reference.system.version}版）" if reference.system else ""
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        state = states.get(candidate.pk)
        rows.append(
            [
                *_enterprise_cells(number, candidate),
                basis,
                _number(state.total) if state else "",
                *[_number(values.get((candidate.pk, i.pk)), 4) for i in quantitative],
            ]
        )
    return columns, rows


def project_rows(user, year: int) -> list[list]:
    """The projects of the enterprises being cultivated, except those finished before the
    year."""
    projects = (
        TransformationProject.objects.filter(
            candidate__in=_active(user).values("pk"),
        )
        .exclude(Q(ends_on__lt=date(year, 1, 1)))
        .select_related("candidate__enterprise", "candidate__district")
        .order_by("candidate__district__code", "candidate__enterprise__name", "pk")
    )
    rows = []
    for number, project in enumerate(projects, start=1):
        enterprise = project.candidate.enterprise
        rows.append(
            [
                number,
                project.candidate.district.name,
                enterprise.name,
                enterprise.uscc,
                project.name,
                project.get_kind_display(),
                project.get_status_display(),
                project.starts_on.isoformat() if project.starts_on else "",
                project.ends_on.isoformat() if project.ends_on else "",
                _number(project.investment),
                _number(project.energy_saving_tce),
                _number(project.co2_reduction_t),
            ]
        )
    return rows


@register_exporter(CULTIVATION_EXPORT, may_download=lambda job, user: user.has_perm(PERMISSION))
def cultivation_workbook(job) -> ExportRows:
    user = job.requested_by
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    table, year = job.params["table"], int(job.params["year"])
    title = TABLE_TITLES[table]
    with translation.override("zh-hans"):
        if table == PLAN:
            columns, rows = PLAN_COLUMNS, plan_rows(user)
            filters = f"{user.region.name}范围内培育中的企业"
        elif table == PERFORMANCE:
            columns, rows = performance_table(user)
            filters = f"{user.region.name}范围内培育中的企业；试评数据"
        else:
            columns, rows = PROJECT_COLUMNS, project_rows(user, year)
            filters = f"{user.region.name}范围内培育中企业的项目；不含{year}年以前已完成的项目"
    return ExportRows(
        filename=f"{year}年度{title}.xlsx",
        header=columns,
        rows=rows,
        title=f"{year}年度绿色工厂{title}",
        issuer=issuing_bureau(user),
        filters=filters,
        sheet_name=title,
    )
