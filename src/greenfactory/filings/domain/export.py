"""The city's workbook of the yearly filings of one year, built by the export worker.

Imported at start-up (``FilingsConfig.ready``) so every process knows the kind. Chinese
whatever the officer's language, like the platform's other workbooks for offices; the worker
reads the rows again through the requester's own region.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from greenfactory.applications.domain.figures import record_figures
from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import ExportRows, register_exporter, request_export
from greenfactory.core.spreadsheets import DECIMAL, DECIMAL4, INTEGER, Column, issuing_bureau
from greenfactory.programme.domain.coefficients import carriers_of

from .queries import due_rows

FILINGS_EXPORT = "annual_filings"
COLUMNS = [
    Column("序号", INTEGER),
    Column("所属辖市区"),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("称号"),
    Column("填报状态"),
    Column("提交时间"),
    Column("综合能耗（吨标准煤）", DECIMAL, total=True),
    Column("二氧化碳排放（吨）", DECIMAL, total=True),
    # per unit of each enterprise's own product: they do not add up
    Column("单位产品综合能耗", DECIMAL4),
    Column("单位产品碳排放", DECIMAL4),
    Column("提示", width=30),
]
HEADER = [column.header for column in COLUMNS]


def request_year_export(kind: str, year: int, *, actor, action: str):
    """Queue the city's workbook ``kind`` of ``year`` (the filings, the yearly summary).

    Side effects: the export job (built after commit); audit entry ``action``."""
    if not actor.has_perm("filings.export_filings"):
        raise PermissionDenied
    with transaction.atomic():
        job = request_export(kind, actor=actor, params={"year": year})
        record_event(action, actor=actor, obj=job, changes={"year": year})
    return job


def request_filings_export(year: int, *, actor):
    """Queue the workbook of ``year``; audit entry ``filings.export.requested``."""
    return request_year_export(FILINGS_EXPORT, year, actor=actor, action="filings.export.requested")


def _number(figure):
    return float(round(figure.value, 4)) if figure is not None and figure.value is not None else ""


def filing_figures(filing, carriers_cache: dict) -> dict:
    """The computed figures of a filing, reading each coefficient table once."""
    batch = filing.reference_batch
    table = batch.coefficient_table_id
    if table not in carriers_cache:
        carriers_cache[table] = carriers_of(batch.coefficient_table)
    return record_figures(filing, batch, carriers_cache[table])


@register_exporter(
    FILINGS_EXPORT, may_download=lambda job, user: user.has_perm("filings.export_filings")
)
def filings_workbook(job) -> ExportRows:
    user = job.requested_by
    if not user.has_perm("filings.export_filings"):
        raise PermissionDenied
    year = int(job.params["year"])
    cache: dict = {}
    with translation.override("zh-hans"):
        rows = []
        for number, row in enumerate(due_rows(user.region, year), start=1):
            filing = row.filing
            figures = filing_figures(filing, cache) if row.filed else {}
            rows.append(
                [
                    number,
                    row.enterprise.district.name,
                    row.enterprise.name,
                    row.enterprise.uscc,
                    "；".join(f"{t.year}年{t.get_level_display()}" for t in row.titles),
                    filing.get_state_display() if filing else "未填报",
                    timezone.localtime(filing.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if filing and filing.submitted_at
                    else "",
                    _number(figures.get("comprehensive_energy")),
                    _number(figures.get("carbon_emissions")),
                    _number(figures.get("unit_product_energy")),
                    _number(figures.get("unit_product_carbon")),
                    "；".join(flag.text for flag in row.flags),
                ]
            )
    return ExportRows(
        filename=f"年度动态管理表-{year}.xlsx",
        header=COLUMNS,
        rows=rows,
        title=f"{year}年度绿色工厂动态管理表",
        issuer=issuing_bureau(user),
        filters=f"{year}年度；{user.region.name}范围内应填报的企业",
        sheet_name="动态管理表",
    )
