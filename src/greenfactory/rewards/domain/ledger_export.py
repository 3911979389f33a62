"""The ledger of one year as a workbook for the finance office (奖励台账), built by the worker.

The workbook is Chinese whatever the officer's language, like the platform's other documents
for offices. Imported by ``RewardsConfig.ready`` so every process knows the export kind.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation

from greenfactory.core.domain.audit import record_event
from greenfactory.core.domain.exports import ExportRows, register_exporter, request_export
from greenfactory.core.spreadsheets import INTEGER, MONEY, Column, issuing_bureau
from greenfactory.titles.enums import TitleLevel

from ..enums import LedgerStatus
from .queries import entries_visible_to

LEDGER_EXPORT = "rewards_ledger"
COLUMNS = [
    Column("序号", INTEGER),
    Column("台账编号"),
    Column("企业名称", width=24),
    Column("统一社会信用代码"),
    Column("所属辖市区"),
    Column("称号级别"),
    Column("称号年份", INTEGER),
    Column("证书编号"),
    Column("称号状态"),
    Column("奖励标准（元）", MONEY),
    Column("已扣减（元）", MONEY, total=True),
    Column("应发金额（元）", MONEY, total=True),
    Column("台账状态"),
    Column("审核人"),
    Column("审核日期"),
    Column("支付日期"),
    Column("支付凭证号"),
    Column("备注", width=30),
]
HEADER = [column.header for column in COLUMNS]

# The entry's status as the finance office reads it (fixed Chinese, like the header).
STATUS_NAMES = {
    LedgerStatus.DUE: "待审核",
    LedgerStatus.APPROVED: "已审核",
    LedgerStatus.PAID: "已支付",
    LedgerStatus.CANCELLED: "已作废",
}


def request_ledger_export(*, actor, year: int):
    """Queue the workbook of ``year``'s entries that ``actor`` can see.

    Requires ``rewards.export_ledger``. Side effects (one transaction): the export job, built by
    the worker after commit; audit entry ``rewards.ledger_export.requested``."""
    if not actor.has_perm("rewards.export_ledger"):
        raise PermissionDenied
    with transaction.atomic():
        job = request_export(LEDGER_EXPORT, actor=actor, params={"year": int(year)})
        record_event(
            "rewards.ledger_export.requested", actor=actor, obj=job, changes={"year": int(year)}
        )
    return job


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


def _note(entry) -> str:
    parts = []
    if entry.rate_amount is None:
        parts.append("未设置该级别、年份的奖励标准")
    for deduction in entry.deductions:
        parts.append(
            "扣减{level}{year}年称号已计奖励{amount}元（台账{code}）".format(
                level=str(TitleLevel(deduction["level"]).label),
                year=deduction["year"],
                amount=deduction["amount"],
                code=deduction["entry"],
            )
        )
    if entry.status == LedgerStatus.CANCELLED:
        parts.append(f"作废原因：{entry.cancel_reason}")
    return "；".join(parts)


def ledger_row(number: int, entry) -> list:
    """One entry as a row, in the header's order, its labels in Chinese."""
    title = entry.title
    with translation.override("zh-hans"):
        return [
            number,
            entry.code,
            entry.enterprise.name,
            entry.enterprise.uscc,
            entry.enterprise.district.name,
            str(entry.get_level_display()),
            entry.year,
            title.certificate_number or "",
            str(title.get_status_display()),
            entry.rate_amount,
            entry.deducted,
            entry.amount_due,
            STATUS_NAMES[entry.status],
            _person(entry.approved_by),
            _day(entry.approved_at),
            entry.paid_on.isoformat() if entry.paid_on else "",
            entry.payment_reference,
            _note(entry),
        ]


def ledger_rows(entries):
    for number, entry in enumerate(entries, start=1):
        yield ledger_row(number, entry)


@register_exporter(
    LEDGER_EXPORT, may_download=lambda job, user: user.has_perm("rewards.export_ledger")
)
def export_ledger(job):
    year = int(job.params["year"])
    entries = (
        entries_visible_to(job.requested_by)
        .filter(year=year)
        .select_related("approved_by")
        .order_by("enterprise__district__code", "enterprise__name", "level", "pk")
    )
    return ExportRows(
        f"绿色工厂奖励台账-{year}.xlsx",
        COLUMNS,
        ledger_rows(entries.iterator()),
        title=f"{year}年绿色工厂奖励台账",
        issuer=issuing_bureau(job.requested_by),
        filters=f"称号年份 {year}年；本人可见的全部台账（含已作废）",
        sheet_name="奖励台账",
        totals_skip=("台账状态", STATUS_NAMES[LedgerStatus.CANCELLED]),
    )
