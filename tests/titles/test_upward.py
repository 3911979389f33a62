"""The recommendation to the province (向省级推荐): which titles can be chosen, the package (the
summary workbook and each factory's PDFs), formula escaping, refusals and the audit entry."""

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from greenfactory.accounts.models import Region
from greenfactory.applications.domain.drafts import start_application
from greenfactory.applications.domain.figures import figures_by_year, self_score
from greenfactory.applications.models import Application
from greenfactory.core.domain.exports import build_export
from greenfactory.core.models import AuditEvent, ExportJob
from greenfactory.demo.applications import fill_application
from greenfactory.reviews.models import ExpertAssignment, ExpertResult, ExpertScore, SiteAudit
from greenfactory.titles import exports_upward  # noqa: F401  (registers the exporter)
from greenfactory.titles.domain.upward import (
    UPWARD_EXPORT,
    UpwardRefused,
    request_upward_export,
    upward_candidates,
    upward_years,
)
from greenfactory.titles.models import Title
from tests.factories import (
    BatchFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    UserFactory,
    industry,
    shipped_system,
)
from tests.sheets import assert_print_ready, table

pytestmark = pytest.mark.django_db

TODAY = "2027-01-15 10:00:00+08:00"
ESCAPED_NAME = "=1+1绿色科技有限公司"


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def batch():
    return BatchFactory(indicator_system=shipped_system(2025))  # year 2026


def designate(application=None, *, enterprise=None, year=2026, number=None, **fields):
    """A title as the designation would leave it (setup only)."""
    enterprise = enterprise or application.enterprise
    values = {
        "level": "city",
        "source": "designated",
        "status": "valid",
        "issued_on": date(year, 12, 30),
        "valid_until": None,  # the default policy: stands until revoked
        "certificate_number": number,
    }
    values.update(fields)
    return Title.objects.create(
        enterprise=enterprise,
        year=year,
        application=application,
        batch=application.batch if application else None,
        **values,
    )


def bare_reviewed(batch, **enterprise):
    return Application.objects.create(
        batch=batch,
        enterprise=EnterpriseFactory(**enterprise),
        state="reviewed",
        submitted_at=timezone.now(),
    )


def pdf(text: str) -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n")


def expert_sheet(application, username, scores, *, submitted=True):
    assignment = ExpertAssignment.objects.create(
        application=application,
        expert=UserFactory(username=username, role="expert"),
        submitted_at=timezone.now() if submitted else None,
    )
    for item, points in scores.items():
        ExpertScore.objects.create(assignment=assignment, indicator=item, score=D(points))


@pytest.fixture
def package(batch):
    """Two designated factories of Changzhou: the first filled in through the domain (name
    beginning with "=", an audit record, a certificate, two submitted experts and one not);
    the second bare (only its self-evaluation report)."""
    user = EnterpriseUserFactory(
        enterprise=EnterpriseFactory(name=ESCAPED_NAME, industry=industry("26"))
    )
    filled = fill_application(start_application(batch, actor=user), actor=user)
    Application.objects.filter(pk=filled.pk).update(
        state="reviewed", contact_person="李四", contact_phone="13812345678"
    )
    filled.refresh_from_db()
    ExpertResult.objects.create(
        application=filled, score=D("88.50"), rule="mean", expert_count=2, totals=[]
    )
    item = batch.indicator_system.indicators.get(code="3.2.1")
    expert_sheet(filled, "e1", {item: "3"})
    expert_sheet(filled, "e2", {item: "4"})
    expert_sheet(filled, "e3", {item: "0"}, submitted=False)
    audit = SiteAudit.objects.create(
        application=filled,
        version=1,
        scheduled_for=timezone.now() - timedelta(days=30),
        location="厂区",
        status="completed",
        completed_at=timezone.now() - timedelta(days=29),
    )
    audit.record.save("record.pdf", pdf("audit record"))
    first = designate(filled, number="CZ-2026-001")
    first.certificate.save("c.pdf", pdf("certificate"))

    bare = bare_reviewed(batch, name="常州乙材料有限公司")
    second = designate(bare, number="CZ-2026-002")
    return first, second


def run(client, user, data):
    """Post the choice as ``user``; return the response and the jobs queued."""
    client.force_login(user)
    response = client.post(reverse("titles:upward"), data)
    return response, list(ExportJob.objects.filter(kind=UPWARD_EXPORT))


def test_the_package_holds_the_workbook_and_each_factorys_pdfs(
    client, package, city_officer, django_capture_on_commit_callbacks
):
    first, second = package
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response, [job] = run(
            client, city_officer, {"year": "2026", "titles": [first.code, second.code]}
        )
    assert len(callbacks) == 1  # the worker builds it after commit
    assert response.status_code == 302
    assert response["Location"] == reverse("titles:upward") + "?year=2026"
    job.refresh_from_db()
    assert (job.status, job.row_count, job.filename) == ("done", 2, "2026年绿色工厂推荐材料.zip")
    download = client.get(reverse("core:export_download", args=[job.code]))
    assert download["Content-Disposition"].startswith("attachment")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    folder = "01-=1+1绿色科技有限公司"
    assert archive.namelist() == [
        "推荐汇总表.xlsx",
        f"{folder}/自评报告.pdf",
        f"{folder}/自评报告（签章扫描件）.pdf",
        f"{folder}/现场审核记录.pdf",
        f"{folder}/证书.pdf",
        "02-常州乙材料有限公司/自评报告.pdf",
    ]
    for name in archive.namelist()[1:]:
        assert archive.read(name).startswith(b"%PDF"), name
    assert b"audit record" in archive.read(f"{folder}/现场审核记录.pdf")
    assert b"certificate" in archive.read(f"{folder}/证书.pdf")

    workbook = load_workbook(io.BytesIO(archive.read("推荐汇总表.xlsx")))
    assert workbook.sheetnames == ["汇总表", "指标得分"]
    assert_print_ready(
        workbook["汇总表"],
        title="2026年绿色工厂推荐汇总表",
        issuer="常州市工业和信息化局",
        filters="推荐2家企业",
    )
    assert workbook["指标得分"]["A1"].value == "2026年绿色工厂推荐指标得分"
    assert workbook["汇总表"]["H4"].number_format == "#,##0.00"
    summary = table(workbook["汇总表"])
    assert summary[0] == (
        "序号",
        "企业名称",
        "统一社会信用代码",
        "所属地区",
        "所属行业（GB/T 4754）",
        "认定年份",
        "证书编号",
        "专家评审得分",
        "绩效数据年度",
        "综合能耗（tce）",
        "单位产品综合能耗",
        "碳排放总量（tCO₂）",
        "单位产品碳排放",
        "联系人",
        "联系电话",
    )
    figures = figures_by_year(first.application)[2025]
    tce = figures["comprehensive_energy"].value
    co2 = figures["carbon_emissions"].value
    per_product = figures["unit_product_energy"].value
    assert tce > 0 and co2 > 0
    enterprise = first.enterprise
    row = summary[1]
    assert row[:9] == (
        1,
        "'" + ESCAPED_NAME,  # a formula is never run
        enterprise.uscc,
        "常州市武进区",
        f"C26 {industry('26').name}",
        2026,
        "CZ-2026-001",
        88.5,
        2025,
    )
    assert row[9] == pytest.approx(float(tce), abs=1e-4)
    assert row[10] == f"{per_product.quantize(D('0.0001')).normalize():f} kgce/t"
    assert row[11] == pytest.approx(float(co2), abs=1e-4)
    assert row[12].endswith(" kgCO₂/t")
    assert row[13:] == ("李四", "13812345678")  # the application's contact, not the registry's
    second_enterprise = second.enterprise
    assert summary[2] == (
        2,
        "常州乙材料有限公司",
        second_enterprise.uscc,
        "常州市武进区",
        f"C26 {industry('26').name}",
        2026,
        "CZ-2026-002",
        None,
        None,
        None,
        None,
        None,
        None,
        "张三",
        "13905190000",
    )
    assert len(summary) == 3

    scores = table(workbook["指标得分"])
    assert scores[0] == (
        "序号",
        "企业名称",
        "指标编号",
        "指标名称",
        "分值",
        "自评得分",
        "专家评分（均值）",
        "评分专家数",
    )
    sheet = self_score(first.application)
    by_code = {(r[0], r[2]): r for r in scores[1:]}
    assert by_code[(1, "3.2.1")] == (
        1,
        "'" + ESCAPED_NAME,
        "3.2.1",
        "清洁生产水平",
        4,
        float(sheet.items["3.2.1"].points),
        3.5,  # (3 + 4) / 2: the unsubmitted expert's 0 is not counted
        2,
    )
    assert by_code[(1, "1.1.1")][6:] == (None, 0)  # no expert points there
    assert by_code[(1, None)][3:] == ("合计", None, float(sheet.total), 88.5, 2)
    scored = batch_scored_codes(first)
    assert [r[2] for r in scores[1:] if r[0] == 2] == [*scored, None]
    assert not any(code.startswith("0.") for code in scored)  # gates carry no points

    event = AuditEvent.objects.get(action="recognition.upward_export.requested")
    assert event.actor == city_officer
    assert event.changes == {
        "year": 2026,
        "titles": [f"{ESCAPED_NAME} CZ-2026-001", "常州乙材料有限公司 CZ-2026-002"],
    }


def batch_scored_codes(title):
    return [
        i.code
        for i in title.application.batch.indicator_system.indicators.order_by("position")
        if i.kind != "group" and i.is_scored
    ]


def test_only_city_level_titles_in_force_of_the_region_can_be_chosen(batch, city_officer):
    kept = designate(bare_reviewed(batch), number="A1")
    designate(bare_reviewed(batch), number="A2", status="revoked", revoked_on=date(2027, 1, 2))
    designate(bare_reviewed(batch), number="A3", level="provincial")
    designate(bare_reviewed(batch), number="A4", valid_until=date(2027, 1, 14))  # lapsed
    designate(bare_reviewed(batch), number="A7", status="under_check")
    older = designate(bare_reviewed(batch), number="A5", year=2024)
    first_round = designate(bare_reviewed(batch), number="A6", year=2019)  # seven years on
    assert list(upward_candidates(city_officer)) == sorted(
        [kept, older, first_round], key=lambda t: t.enterprise.name
    )
    assert list(upward_candidates(city_officer, year=2026)) == [kept]
    assert list(upward_candidates(city_officer, year=2019)) == [first_round]
    assert upward_years(city_officer) == [2026, 2024, 2019]


@pytest.fixture
def wuxi_title(batch):
    province = Region.objects.get(code="320000")
    city = Region.objects.create(code="320200", name="无锡市", level="city", parent=province)
    district = Region.objects.create(code="320214", name="新吴区", level="district", parent=city)
    return designate(bare_reviewed(batch, district=district), number="WX-2026-001")


def test_a_title_of_another_region_is_refused(client, batch, city_officer, wuxi_title):
    own = designate(bare_reviewed(batch), number="CZ-2026-001")
    data = {"year": "2026", "titles": [own.code, wuxi_title.code]}
    response, jobs = run(client, city_officer, data)
    assert response.status_code == 400
    assert jobs == []
    assert wuxi_title.code in response.content.decode()  # named in the message
    assert response.context["selected"] == {own.code, wuxi_title.code}  # nothing lost
    assert not AuditEvent.objects.filter(action="recognition.upward_export.requested").exists()
    with pytest.raises(PermissionDenied):
        request_upward_export([own, wuxi_title], actor=city_officer, year=2026)
    assert not ExportJob.objects.exists()


def test_a_title_of_another_year_or_none_is_refused(client, batch, city_officer):
    this_year = designate(bare_reviewed(batch), number="A1")
    older = designate(bare_reviewed(batch), number="A2", year=2024)
    response, jobs = run(client, city_officer, {"year": "2026", "titles": [older.code]})
    assert (response.status_code, jobs) == (400, [])
    response, jobs = run(client, city_officer, {"year": "2026"})
    assert (response.status_code, jobs) == (400, [])
    with pytest.raises(UpwardRefused):
        request_upward_export([older], actor=city_officer, year=2026)
    with pytest.raises(UpwardRefused):
        request_upward_export([], actor=city_officer, year=2026)
    response, jobs = run(client, city_officer, {"year": "2026", "titles": [this_year.code]})
    assert (response.status_code, len(jobs)) == (302, 1)


def test_district_officers_cannot_export(batch, district_officer):
    title = designate(bare_reviewed(batch), number="A1")
    assert list(upward_candidates(district_officer)) == []
    with pytest.raises(PermissionDenied):
        request_upward_export([title], actor=district_officer, year=2026)


def test_a_title_revoked_before_the_build_fails_the_export(client, batch, city_officer):
    title = designate(bare_reviewed(batch), number="A1")
    client.force_login(city_officer)
    client.post(reverse("titles:upward"), {"year": "2026", "titles": [title.code]})
    Title.objects.filter(pk=title.pk).update(status="revoked")
    job = ExportJob.objects.get(kind=UPWARD_EXPORT)
    with pytest.raises(ValueError):
        build_export(job)
    job.refresh_from_db()
    assert job.status == "failed"


def test_the_page_lists_the_year_and_shows_the_exports(client, batch, city_officer):
    designate(bare_reviewed(batch, name="常州甲有限公司"), number="A1")
    designate(bare_reviewed(batch, name="常州乙有限公司"), number="A2", year=2024)
    client.force_login(city_officer)
    page = client.get(reverse("titles:upward"))
    assert page.context["year"] == 2026  # the latest by default
    assert [t.enterprise.name for t in page.context["titles"]] == ["常州甲有限公司"]
    page = client.get(reverse("titles:upward"), {"year": "2024"})
    assert [t.enterprise.name for t in page.context["titles"]] == ["常州乙有限公司"]
    job = ExportJob.objects.create(kind=UPWARD_EXPORT, requested_by=city_officer)
    page = client.get(reverse("titles:upward"))
    assert list(page.context["exports"]) == [job]
    assert reverse("core:export_status", args=[job.code]) in page.content.decode()


@pytest.mark.queries
def test_the_page_costs_the_same_for_1_and_many(client, batch, city_officer):
    def titled(n):
        application = bare_reviewed(batch)
        ExpertResult.objects.create(
            application=application, score=D(80 + n), rule="mean", expert_count=3, totals=[]
        )
        designate(application, number=f"A{n}")

    titled(0)
    client.force_login(city_officer)
    url = reverse("titles:upward")
    with CaptureQueriesContext(connection) as one:
        page = client.get(url)
    assert len(page.context["titles"]) == 1
    for n in range(1, 5):
        titled(n)
    designate(bare_reviewed(batch), number="B1")  # without an expert result
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["titles"]) == 6
    assert len(many) == len(one)
