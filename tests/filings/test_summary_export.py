"""The yearly summary to the province (年度总结及下年度计划汇总表, decisions §65)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from greenfactory.core.models import ExportJob
from greenfactory.filings.domain.changes import report_major_change
from greenfactory.filings.domain.filings import accept_filing, city_review_filing, submit_filing
from greenfactory.filings.domain.summary import HEADER, SUMMARY_EXPORT
from greenfactory.filings.enums import Adjustment, FilingState, MajorChangeKind
from greenfactory.titles.enums import TitleLevel
from tests.sheets import assert_print_ready, table

from .conftest import filed, good_data, grant
from .test_dynamic_management import PLAN

pytestmark = pytest.mark.django_db


def test_the_city_exports_the_summary_of_its_listed_factories(
    client,
    enterprise,
    enterprise_user,
    district_officer,
    city_officer,
    other_title,
    batch,
    django_capture_on_commit_callbacks,
):
    grant(enterprise, 2022, level=TitleLevel.PROVINCIAL)
    grant(enterprise, 2024, level=TitleLevel.NATIONAL)
    filing = filed(enterprise_user, data={**good_data(), **PLAN})
    accepted = accept_filing(submit_filing(filing, actor=enterprise_user), actor=district_officer)
    city_review_filing(accepted, actor=city_officer, adjustment="keep")
    report_major_change(
        actor=enterprise_user,
        kind="name",
        effective_on=date(2025, 9, 1),
        before="常州绿源新材料有限公司",
        after="江苏绿源新材料股份有限公司",
        description="股份制改造",
    )
    report_major_change(  # another year: not in the 2025 summary
        actor=enterprise_user, kind="address", effective_on=date(2024, 5, 1), description="搬迁"
    )
    client.force_login(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("filings:summary_export"), {"year": "2025"})
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=SUMMARY_EXPORT)
    assert job.status == "done", job.error
    download = client.get(reverse("core:export_download", args=[job.code]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.title == "年度总结及计划"
    assert_print_ready(
        sheet,
        title="常州市绿色制造名单内企业2025年度总结及2026年度计划汇总表",
        issuer="常州市工业和信息化局",
        filters="2025年度；常州市范围内省级、国家级绿色工厂",
    )
    rows = table(sheet)
    assert list(rows[0]) == HEADER
    assert len(rows) == 2  # the city-level factory is not on the province's list
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["企业名称"] == enterprise.name
    assert row["绿色制造名单（级别、年度）"] == "2022年省级绿色工厂；2024年国家级绿色工厂"
    with translation.override("zh-hans"):  # the workbook is in Chinese whatever the catalogue
        state, keep, name = (
            str(FilingState.CITY_REVIEWED.label),
            str(Adjustment.KEEP.label),
            str(MajorChangeKind.NAME.label),
        )
    assert row["动态管理表填报情况"] == state
    assert row["动态调整意见"] == keep
    assert row["建议现场评估"] == "否"
    assert (
        row["重大事项变更"]
        == f"2025-09-01 {name}（常州绿源新材料有限公司→江苏绿源新材料股份有限公司）"
    )
    assert row["年度工作总结"] == PLAN["year_summary"]
    assert row["下年度目标及工作方案"] == PLAN["next_year_plan"]
    assert round(row["综合能耗（吨标准煤）"], 1) == 122.9


def test_only_the_city_requests_it(client, district_officer):
    client.force_login(district_officer)
    assert client.post(reverse("filings:summary_export"), {"year": "2025"}).status_code == 403
    assert not ExportJob.objects.exists()
