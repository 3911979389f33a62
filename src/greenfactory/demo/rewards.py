"""The rewards of the replayed titles: the 2019 entries approved and paid in 2020 by the two city
officers, and a provincial title of 2021 imported from the province's list, whose entry pays
only the difference and waits for the demo's city officer to approve and pay it."""

import io
import random
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from greenfactory.accounts.models import Enterprise
from greenfactory.rewards.domain.ledger import approve_entry, pay_entry
from greenfactory.rewards.models import LedgerEntry
from greenfactory.titles.domain.title_import import (
    import_titles,
    preview_title_import,
    template_workbook,
)

from .data import demo_uscc
from .history import on

APPROVED_ON = date(2020, 3, 17)
PAID_ON = date(2020, 4, 20)
# The last entries of the batch, in certificate order, wait: these many stay approved, unpaid,
# and the very last one due.
LEFT_APPROVED = 2

PROVINCIAL_HOLDER = "ent16"  # a 2019 city-level green factory, rewarded in 2020
IMPORTED_ON = date(2021, 12, 27)
PROVINCIAL_LIST = "2021年度江苏省绿色工厂名单"
PROVINCIAL_DOCUMENT = "苏工信节能〔2021〕612号"
PROVINCIAL_ISSUED_ON = date(2021, 12, 20)
# Factories of other cities on the same list: listed by the preview, not imported.
OTHER_CITIES = [
    ("320500", "苏州工业园区绿能电子有限公司"),
    ("320200", "无锡市新吴区精工机械有限公司"),
]


def settle_rewards(batch, *, approver, payer) -> None:
    """Approve the entries of ``batch``'s titles (by ``approver``, who did not create them) and
    pay them (by ``payer``), leaving the last ``LEFT_APPROVED`` approved and the last one due."""
    entries = list(
        LedgerEntry.objects.filter(title__batch=batch).order_by("title__certificate_number")
    )
    to_approve = entries[:-1]
    to_pay = to_approve[:-LEFT_APPROVED]
    for number, entry in enumerate(to_approve):
        with on(APPROVED_ON, 10 + number // 10, number % 10 * 5):
            approve_entry(entry, actor=approver)
    for number, entry in enumerate(to_pay, start=1):
        with on(PAID_ON, 14, number):
            pay_entry(
                entry,
                actor=payer,
                reference=f"常财企〔2020〕18号-{number:02d}",
                paid_on=PAID_ON,
            )


def provincial_list(rows) -> SimpleUploadedFile:
    """The province's list in the platform's template workbook, one row per factory."""
    workbook = load_workbook(io.BytesIO(template_workbook()))
    sheet = workbook["名单"]
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(f"{PROVINCIAL_LIST}.xlsx", buffer.getvalue())


def import_provincial_title(*, importer):
    """Import the 2021 provincial list naming ``PROVINCIAL_HOLDER`` (and factories of other
    cities), as the city officer ``importer`` would: preview, then import. Returns the title."""
    holder = Enterprise.objects.get(users__username=PROVINCIAL_HOLDER)
    rng = random.Random(2021)  # noqa: S311  (reproducible demo codes)
    rows = [
        (uscc, name, "省级", 2021, PROVINCIAL_DOCUMENT, PROVINCIAL_LIST, PROVINCIAL_ISSUED_ON)
        for uscc, name in [
            (demo_uscc(rng, OTHER_CITIES[0][0]), OTHER_CITIES[0][1]),
            (holder.uscc, holder.name),
            (demo_uscc(rng, OTHER_CITIES[1][0]), OTHER_CITIES[1][1]),
        ]
    ]
    with on(IMPORTED_ON, 10):
        report = preview_title_import(provincial_list(rows), actor=importer)
        if not report.ok or len(report.matched) != 1:
            raise RuntimeError(f"The demo's provincial list does not import: {report.errors}")
        [title] = import_titles(report.token, actor=importer)
    return title
