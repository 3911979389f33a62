"""The three yearly tables of gradient cultivation for the province (decisions §62): the city
bureau exports each from the cultivation overview; openpyxl reads back the header and a row;
who may and who may not."""

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from greenfactory.core.models import ExportJob
from greenfactory.cultivation.domain.candidates import add_project
from greenfactory.cultivation.domain.export import (
    CULTIVATION_EXPORT,
    PLAN_COLUMNS,
    PROJECT_COLUMNS,
    request_cultivation_export,
)
from greenfactory.cultivation.domain.readiness import current_reference
from greenfactory.cultivation.models import TrialAnswer
from greenfactory.programme.enums import IndicatorKind
from tests.sheets import assert_print_ready, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(batch, candidate, district_officer):
    add_project(
        candidate,
        actor=district_officer,
        data={
            "name": "屋顶分布式光伏",
            "kind": "renewable",
            "investment": D("350.5"),
            "energy_saving_tce": D("120"),
            "co2_reduction_t": D("310"),
            "status": "planned",
            "starts_on": date(2026, 3, 1),
            "ends_on": date(2026, 12, 31),
        },
    )
    add_project(  # finished before 2026: not in the 2026 table
        candidate,
        actor=district_officer,
        data={
            "name": "空压机余热回收",
            "kind": "energy_saving",
            "investment": D("20"),
            "status": "done",
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2025, 6, 30),
        },
    )
    system = current_reference().system
    indicator = next(
        i for i in system.indicators.order_by("position") if i.kind == IndicatorKind.QUANTITATIVE
    )
    TrialAnswer.objects.create(candidate=candidate, indicator=indicator, value=D("123.4567"))
    return candidate, indicator


def exported(client, user, table_name, django_capture_on_commit_callbacks, year=2026):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cultivation:export_tables"), {"table": table_name, "year": str(year)}
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(kind=CULTIVATION_EXPORT, params__table=table_name)
    assert job.status == "done", job.error
    download = client.get(reverse("core:export_download", args=[job.code]))
    assert download.status_code == 200
    return job, load_workbook(io.BytesIO(b"".join(download.streaming_content))).active


def test_the_cultivation_plan(client, city_officer, pipeline, django_capture_on_commit_callbacks):
    candidate, _ = pipeline
    job, sheet = exported(client, city_officer, "plan", django_capture_on_commit_callbacks)
    assert job.filename == "2026年度培育计划汇总表.xlsx"
    assert_print_ready(sheet, title="2026年度绿色工厂培育计划汇总表", issuer="常州市工业和信息化局")
    header, *rows = table(sheet)
    assert list(header) == [column.header for column in PLAN_COLUMNS]
    (row,) = rows
    cells = dict(zip(header, row, strict=True))
    assert cells["企业名称"] == candidate.enterprise.name
    assert cells["统一社会信用代码"] == candidate.enterprise.uscc
    assert cells["所属辖市区"] == candidate.district.name
    assert cells["改造项目数"] == 2
    assert cells["计划投资（万元）"] == pytest.approx(370.5)
    assert cells["培育措施及备注"] == "培育对象"
    assert cells["可推荐申报"] == "否"


def test_the_green_performance_indicators(
    client, city_officer, pipeline, django_capture_on_commit_callbacks
):
    candidate, indicator = pipeline
    _, sheet = exported(client, city_officer, "performance", django_capture_on_commit_callbacks)
    assert sheet.title == "培育企业绿色绩效指标汇总表"
    header, *rows = table(sheet)
    assert list(header[:7]) == [
        "序号",
        "所属辖市区",
        "企业名称",
        "统一社会信用代码",
        "所属行业",
        "评价依据",
        "试评得分",
    ]
    column = next(i for i, h in enumerate(header) if h.startswith(f"{indicator.code} "))
    (row,) = rows
    assert row[2] == candidate.enterprise.name
    assert row[column] == pytest.approx(123.4567)


def test_the_projects_of_the_year(
    client, city_officer, pipeline, django_capture_on_commit_callbacks
):
    candidate, _ = pipeline
    _, sheet = exported(client, city_officer, "projects", django_capture_on_commit_callbacks)
    header, *rows = table(sheet)
    assert list(header) == [column.header for column in PROJECT_COLUMNS]
    (row,) = rows  # the project finished in 2025 is left out
    cells = dict(zip(header, row, strict=True))
    assert cells["企业名称"] == candidate.enterprise.name
    assert cells["项目名称"] == "屋顶分布式光伏"
    assert cells["计划完成日期"] == "2026-12-31"
    assert cells["投资（万元）"] == pytest.approx(350.5)
    assert cells["预计二氧化碳减排量（吨/年）"] == pytest.approx(310)


def test_the_overview_offers_the_tables_to_the_city(client, city_officer, pipeline):
    client.force_login(city_officer)
    page = client.get(reverse("cultivation:city_overview"))
    assert "export_form" in page.context
    assert reverse("cultivation:export_tables") in page.content.decode()


@pytest.mark.parametrize("persona", ["district_officer", "enterprise_user", "assigned_expert"])
def test_others_may_not_export(request, client, pipeline, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(reverse("cultivation:export_tables"), {"table": "plan", "year": "2026"})
    assert response.status_code == 403
    assert not ExportJob.objects.filter(kind=CULTIVATION_EXPORT).exists()
    with pytest.raises(Exception) as caught:
        request_cultivation_export("plan", 2026, actor=user)
    assert type(caught.value).__name__ == "PermissionDenied"


def test_a_district_officer_cannot_download_the_citys_table(
    client, city_officer, district_officer, pipeline, django_capture_on_commit_callbacks
):
    job, _ = exported(client, city_officer, "plan", django_capture_on_commit_callbacks)
    client.force_login(district_officer)
    assert client.get(reverse("core:export_download", args=[job.code])).status_code in (403, 404)
