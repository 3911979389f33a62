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
from greenfactory.programme.domain.coefficients import carriers_of

from .queries import due_rows

FILINGS_EXPORT = "annual_filings"
HEADER = [
    "序号",
    "所属辖市区",
    "企业名称",
    "统一社会信用代码",
    "称号",
    "填报状态",
    "提交时间",
    "综合能耗（吨标准煤）",
    "二氧化碳排放（吨）",
    "单位产品综合能耗",
    "单位产品碳排放",
    "提示",
]


def request_filings_export(year: int, *, actor):
    """Queue the workbook of ``year``. Side effects: the export job (built after commit); audit
    entry ``filings.export.requested``."""
    if not actor.has_perm("filings.export_filings"):
        raise PermissionDenied
    with transaction.atomic():
        job = request_export(FILINGS_EXPORT, actor=actor, params={"year": year})
        record_event("filings.export.requested", actor=actor, obj=job, changes={"year": year})
    return job


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
    return ExportRows(filename=f"年度动态管理表-{year}.xlsx", header=HEADER, rows=rows)
