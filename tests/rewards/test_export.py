"""The ledger workbook for the finance office: built by the worker, one row per entry of the year,
in Chinese, with text that a spreadsheet would run as a formula quoted."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from greenfactory.accounts.enums import Role
from greenfactory.accounts.models import Region
from greenfactory.core.domain.exports import build_export
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.rewards.domain.ledger import approve_entry, cancel_entry, pay_entry
from greenfactory.rewards.domain.ledger_export import (
    HEADER,
    LEDGER_EXPORT,
    request_ledger_export,
)
from tests.factories import EnterpriseFactory, UserFactory, region
from tests.sheets import assert_print_ready, table, totals

from .helpers import city_user, default_rates, grant

pytestmark = pytest.mark.django_db


def build(client, user, year, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("rewards:export"), {"year": str(year)})
    assert response.status_code == 302
    job = ExportJob.objects.filter(kind=LEDGER_EXPORT).latest("created_at")
    assert job.status == "done", job.error
    download = client.get(reverse("core:export_download", args=[job.code]))
    assert download["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    return job, sheet


@time_machine.travel("2026-12-10 10:00 +08:00", tick=False)
def test_the_years_rows_hand_checked(client, city_officer, django_capture_on_commit_callbacks):
    default_rates()
    creator = city_user("creator")
    creator.last_name, creator.first_name = "赵", "创"
    creator.save()
    city_officer.last_name, city_officer.first_name = "钱", "审"
    city_officer.save()
    formula = EnterpriseFactory(name="=1+1绿色科技有限公司", district=region("320412"))
    upgraded = EnterpriseFactory(name="常州乙材料有限公司", district=region("320411"))
    gone = EnterpriseFactory(name="常州丙化工有限公司", district=region("320402"))

    paid = grant(formula, "city", 2026, actor=creator)
    approve_entry(paid, actor=city_officer)
    pay_entry(paid, actor=city_user("finance"), reference="-20261210", paid_on=date(2026, 12, 10))
    earlier = grant(upgraded, "city", 2024, actor=creator)  # another year: not in the file
    national = grant(upgraded, "national", 2026, actor=creator)
    cancelled = grant(gone, "city", 2026, actor=creator)
    cancel_entry(cancelled, actor=city_officer, reason="@称号已撤销")

    job, sheet = build(client, city_officer, 2026, django_capture_on_commit_callbacks)
    assert (job.filename, job.row_count) == ("绿色工厂奖励台账-2026.xlsx", 3)
    assert sheet.title == "奖励台账"
    assert_print_ready(
        sheet,
        title="2026年绿色工厂奖励台账",
        issuer="常州市工业和信息化局",
        filters="称号年份 2026年",
    )
    assert "制表日期：2026年12月10日" in sheet["A2"].value
    # the money columns: formatted, and the deducted and due amounts added up without the
    # cancelled entry
    assert [sheet.cell(4, column).number_format for column in (10, 11, 12)] == ["#,##0.00"] * 3
    assert sheet.cell(4, 7).number_format == "0"  # a year, no thousands separator
    assert totals(sheet)[0] == "合计（不含已作废）"
    assert totals(sheet)[9:12] == (
        None,
        '=SUMIF(M4:M6,"<>已作废",K4:K6)',
        '=SUMIF(M4:M6,"<>已作废",L4:L6)',
    )
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["C"].width >= 24
    rows = table(sheet)
    assert rows[0] == tuple(HEADER)
    assert rows[1:] == [
        (
            1,
            cancelled.code,
            "常州丙化工有限公司",
            gone.uscc,
            "天宁区",
            "市级绿色工厂",
            2026,
            None,
            "有效",
            200000,
            0,
            200000,
            "已作废",
            None,
            None,
            None,
            None,
            "作废原因：@称号已撤销",
        ),
        (
            2,
            national.code,
            "常州乙材料有限公司",
            upgraded.uscc,
            "新北区",
            "国家级绿色工厂",
            2026,
            None,
            "有效",
            500000,
            200000,
            300000,
            "待审核",
            None,
            None,
            None,
            None,
            f"扣减市级绿色工厂2024年称号已计奖励200000.00元（台账{earlier.code}）",
        ),
        (
            3,
            paid.code,
            "'=1+1绿色科技有限公司",
            formula.uscc,
            "武进区",
            "市级绿色工厂",
            2026,
            None,
            "有效",
            200000,
            0,
            200000,
            "已支付",
            "钱审",
            "2026-12-10",
            "2026-12-10",
            "'-20261210",
            None,
        ),
    ]
    event = AuditEvent.objects.get(action="rewards.ledger_export.requested")
    assert (event.object_id, event.changes) == (job.code, {"year": 2026})


def test_only_city_officers_export(district_officer):
    with pytest.raises(PermissionDenied):
        request_ledger_export(actor=district_officer, year=2026)
    assert not ExportJob.objects.exists()


def test_a_city_officer_exports_only_its_region():
    default_rates()
    grant(EnterpriseFactory(), "city", 2026)
    suzhou = Region.objects.create(
        code="320500", name="苏州市", level="city", parent=region("320000")
    )
    outsider = UserFactory(username="suzhou", role=Role.CITY_OFFICER, region=suzhou)
    job = build_export(request_ledger_export(actor=outsider, year=2026))
    assert (job.status, job.row_count) == ("done", 0)
