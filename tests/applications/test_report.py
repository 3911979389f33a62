"""The 自评报告: its content, the PDF and Word files, and the background exporters."""

import io
import re
import shutil
import subprocess
import time
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from greenfactory.applications.domain import report
from greenfactory.applications.domain.figures import refresh_computed_values
from greenfactory.applications.models import (
    Application,
    Certification,
    EvidenceFile,
    PerformanceYear,
    SelfEvaluation,
)
from greenfactory.core.domain.exports import request_export
from greenfactory.core.models import ExportJob
from tests.factories import BatchFactory, shipped_system

pytestmark = pytest.mark.django_db

NAME = "常州绿源新材料有限公司"

# code -> answer fields; 3.1.2 and 6.4.2 are computed from the performance data.
ANSWERS = {
    "0.1": {"met": True},
    "0.2": {"met": True},
    "0.3": {"met": False},
    "1.1.1": {"met": True, "score": Decimal("3.00"), "explanation": "立项、环评、能评手续齐全。"},
    "1.1.2": {"met": True, "score": Decimal("1.50")},
    "1.1.3": {"score": Decimal("2.00"), "explanation": '=HYPERLINK("http://x")'},
    "1.1.4": {"not_applicable": True, "explanation": "单层厂房，工艺要求。"},
    "2.1.1": {"met": False, "score": Decimal("0.00")},
    "6.1.1": {"value": Decimal("1.600000"), "explanation": "容积率 1.6 倍"},
    "6.2.1": {"value": Decimal("42.500000")},
}


def fill_application(enterprise, batch=None) -> Application:
    """An application of the 2018 system with a few answers, one year of data and a file."""
    batch = batch or BatchFactory(indicator_system=shipped_system(2018))
    application = Application.objects.create(
        batch=batch,
        enterprise=enterprise,
        products="高性能碳纤维复合材料",
        founded_on=date(2012, 5, 1),
        employees=320,
        output_value=Decimal("52000"),
        contact_person="李四",
        contact_phone="13905190001",
    )
    Certification.objects.create(
        application=application,
        kind="qms",
        certificate_no="00119Q31234R1M",
        issuer="中国质量认证中心",
        expires_on=date(2027, 6, 30),
    )
    indicators = {i.code: i for i in batch.indicator_system.indicators.all()}
    for code, values in ANSWERS.items():
        SelfEvaluation.objects.create(application=application, indicator=indicators[code], **values)
    PerformanceYear.objects.create(
        application=application,
        year=batch.year - 1,
        energy={
            "electricity": "12000000",
            "natural_gas": "350000",
            "renewable_electricity": "800000",
        },
        output_quantity=Decimal("15000"),
        output_unit="t",
        output_value_10k_yuan=Decimal("52000"),
        solid_waste_generated_t=Decimal("1200"),
        solid_waste_utilised_t=Decimal("1100"),
        land_area_m2=Decimal("80000"),
        footprint_m2=Decimal("36000"),
    )
    refresh_computed_values(application)
    EvidenceFile.objects.create(
        application=application,
        indicator=indicators["1.1.1"],
        original_name="环评批复.pdf",
        content_type="application/pdf",
        size=8,
        sha256="ab12cd34ef56" + "0" * 52,
        file=ContentFile(b"%PDF-1.4", name="x.pdf"),
    )
    return application


@pytest.fixture
def application(enterprise_user):
    return fill_application(enterprise_user.enterprise)


def font_names(pdf: bytes) -> set[bytes]:
    """Font names in a PDF whose objects WeasyPrint compresses into streams."""
    names = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        names.update(re.findall(rb"/(?:BaseFont|FontName)\s*/([\w+.-]+)", data))
    return names


def test_context_follows_the_outline(application):
    context = report.self_report_context(application)
    assert context["title"] == "绿色工厂自评价报告"
    assert context["enterprise"]["name"] == NAME
    assert [a["code"] for a in context["aspects"]] == ["0", "1", "2", "3", "4", "5", "6"]
    gates = context["aspects"][0]
    assert gates["is_gates"]
    assert [(r["code"], r["result"]) for r in gates["rows"][:4]] == [
        ("0.1", "满足"),
        ("0.2", "满足"),
        ("0.3", "不满足"),
        ("0.4", "未填写"),
    ]
    infrastructure = {r["code"]: r for r in context["aspects"][1]["rows"]}
    assert infrastructure["1.1"]["is_group"]
    assert (infrastructure["1.1.1"]["result"], infrastructure["1.1.1"]["status"]) == (
        "3.00 分",
        "满足",
    )
    assert infrastructure["1.1.4"]["status"] == "不适用"
    assert infrastructure["1.1.1"]["requirement"] == "必选"
    computed = {r["code"]: r for r in context["aspects"][3]["rows"]}["3.1.2"]["result"]
    assert computed.startswith("4.9206 %（平台计算），得 ")
    conclusion = context["conclusion"]
    assert conclusion["gate_failures"] == ["0.3 最高管理者的领导作用和承诺"]
    assert "2.1.1 建立并运行质量管理体系" in conclusion["unmet_required"]
    assert not conclusion["eligible"]
    assert [s["code"] for s in conclusion["subtotals"]] == ["1", "2", "3", "4", "5", "6"]
    assert context["conclusion"]["total"] == format(report.self_score(application).total, "f")
    (year,) = context["energy"]["years"]
    figures = {f["name"]: f for f in year["figures"]}
    assert figures["综合能耗"]["unit"] == "tce"
    assert figures["单位产品综合能耗"]["unit"] == "kgce/t"
    assert figures["容积率"]["value"] == "缺少数据"
    assert "区域电力平均二氧化碳排放因子·华东" in context["energy"]["grid"]
    assert [(e["name"], e["indicator"], e["sha256"]) for e in context["evidence"]] == [
        ("环评批复.pdf", "1.1.1 建设手续与产业政策符合性", "ab12cd34ef56")
    ]
    assert "已填写 15 项，其中不适用 1 项" in context["process"][0]  # 10 typed, 5 computed
    assert "自行组织开展" in context["process"][1]


def test_the_report_stays_the_enterprises_own_when_a_consultant_helped(application, agency_user):
    """A consulting agency (咨询服务机构) helps prepare the materials; the self-evaluation
    report is the enterprise's own document and never names the consultant as its author."""
    application.prepared_by_agency = agency_user.agency
    application.save()
    context = report.self_report_context(application)
    assert context["prepared_by"] == application.enterprise.name
    assert "自行组织开展" in context["process"][1]
    assert (
        f"咨询服务机构{agency_user.agency.name}受企业委托协助准备申报材料" in context["process"][1]
    )
    assert "第三方评价机构" not in context["process"][1]
    assert "由该机构" not in context["process"][1]


def test_pdf_report(application):
    from weasyprint import HTML

    started = time.perf_counter()
    pdf = report.build_self_report_pdf(application)
    elapsed = time.perf_counter() - started
    print(f"\nself-evaluation report PDF: {elapsed:.3f} s, {len(pdf)} bytes")
    assert pdf.startswith(b"%PDF")
    assert any(b"Noto-Serif-CJK" in n or b"NotoSerifCJK" in n for n in font_names(pdf))
    context = report.self_report_context(application)
    html = report.render_self_report_html(context)
    assert NAME in html
    assert f"自评总分：{context['conclusion']['total']} 分" in html
    assert "（盖章）" in html
    document = HTML(string=html, base_url=None).render()
    assert len(document.pages) > 1


def test_report_html_escapes_user_text(application):
    application.products = "<script>alert(1)</script>"
    application.save()
    html = report.render_self_report_html(report.self_report_context(application))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_word_report(application):
    started = time.perf_counter()
    content = report.build_self_report_docx(application)
    print(f"\nself-evaluation report Word: {time.perf_counter() - started:.3f} s")
    document = Document(io.BytesIO(content))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    text = "\n".join(p.text for p in paragraphs)
    total = report.self_report_context(application)["conclusion"]["total"]
    assert NAME in text
    for heading in ("一、企业基本情况", "三、指标自评情况", "1 基础设施", "6 绩效", "附件清单"):
        assert heading in text
    assert f"自评总分：{total} 分" in text
    runs = [run for p in paragraphs for run in p.runs if run.text]
    assert runs
    assert {run._element.rPr.rFonts.get(qn("w:eastAsia")) for run in runs} == {"宋体"}
    assert document.tables[0].style.name == "Table Grid"


def test_word_report_tables_have_fixed_column_widths(application):
    """LibreOffice lays a table out by its grid: every table says its columns' widths there and
    in each cell, with a fixed layout, as wide as the 16 cm text block."""
    document = Document(io.BytesIO(report.build_self_report_docx(application)))
    assert len(document.tables) >= 3
    for table in document.tables:
        properties = table._tbl.tblPr
        assert properties.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [column.w for column in table._tbl.tblGrid.gridCol_lst]
        assert all(grid) and abs(sum(grid) - Cm(16)) < Cm(0.05)
        for index, row in enumerate(table.rows):
            assert [cell.width for cell in row.cells] == grid
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None  # rows stay whole
            assert (row._tr.trPr.find(qn("w:tblHeader")) is not None) == (index == 0)
    # the basic information table: a narrow label column and a wide content column
    first = [column.w for column in document.tables[0]._tbl.tblGrid.gridCol_lst]
    assert [round(width / Cm(1), 1) for width in first] == [5.0, 11.0]


def test_pdf_export_runs_in_the_background(
    application, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(
            "self_report_pdf", actor=enterprise_user, params={"application": application.code}
        )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.filename == f"自评报告-{NAME}-v1.pdf"
    with job.file.open("rb") as stored:
        assert stored.read(4) == b"%PDF"


def test_word_export_runs_in_the_background(
    application, enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(
            "self_report_docx", actor=enterprise_user, params={"application": application.code}
        )
    job.refresh_from_db()
    assert (job.status, job.filename) == (ExportJob.Status.DONE, f"自评报告-{NAME}-v1.docx")


def test_export_of_an_application_the_requester_cannot_see_fails(
    application, other_enterprise_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(
            "self_report_pdf",
            actor=other_enterprise_user,
            params={"application": application.code},
        )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert not job.file


def test_word_report_headers_read_on_one_line(application):
    """Each header cell is set not to wrap, in 五号, in a column at least as wide as its text
    (a full em for each Chinese character, half for Latin and digits) and the cell margins:
    LibreOffice otherwise stacks a header one character a line."""
    document = Document(io.BytesIO(report.build_self_report_docx(application)))
    seen = set()
    for table in document.tables:
        grid = [column.w for column in table._tbl.tblGrid.gridCol_lst]
        assert abs(sum(grid) - Cm(16)) < Cm(0.05)
        for cell, width in zip(table.rows[0].cells, grid, strict=True):
            text = cell.text
            seen.add(text)
            assert cell._tc.tcPr.find(qn("w:noWrap")) is not None, text
            runs = [run for run in cell.paragraphs[0].runs if run.text]
            assert {run.font.size.pt for run in runs} == {10.5}
            ems = sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)
            assert width >= Cm(ems * 10.5 * 2.54 / 72 + 0.38), text
    assert {"必选/可选", "自评得分/数值", "满足情况", "满分"} <= seen
    # The indicator tables' code column holds a three-level code ("1.1.1") on one line too.
    for table in document.tables:
        if [cell.text for cell in table.rows[0].cells][2:3] == ["必选/可选"]:
            assert table._tbl.tblGrid.gridCol_lst[0].w >= Cm(1.5)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_word_report_headers_read_on_one_line_in_libreoffice(application, tmp_path):
    """Rendered by LibreOffice, the indicator table's header reads as one line of words."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed")
    source = tmp_path / "report.docx"
    source.write_bytes(report.build_self_report_docx(application))
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        [pdftotext, "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    headers = [line.split() for line in text.splitlines() if "满分" in line and "编码" in line]
    assert headers
    for words in headers:
        assert words == ["编码", "指标", "必选/可选", "满分", "自评得分/数值", "满足情况", "说明"]
